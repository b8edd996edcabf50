/**
 * Command words and unit codes as phones and copied text deliver them: invisible format characters
 * inside a word, decomposed Vietnamese, full-width letters and digits, look-alike Cyrillic. Each is
 * either understood as the person meant or refused calmly; a look-alike never links or creates
 * anything for another unit.
 */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { invites } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 30 });
  await h.person('coord', 'Điều Phối Viên', [{ role: 'coordinator', unit: 'XA1' }]);
});

const text = async (chat: string, said: string) =>
  (await h.say(chat, said)).map((m) => m.text ?? '').join('\n');

describe('a command word with invisible characters inside', () => {
  const cases: [string, string][] = [
    ['zero-width space', 't\u200boi'],
    ['zero-width joiner', 'to\u200di'],
    ['right-to-left mark', '\u200ftoi'],
    ['left-to-right isolate around it (chat apps wrap names and pasted text in these)', '\u2066toi\u2069'],
    ['first-strong isolate', '\u2068toi\u2069'],
    ['soft hyphen', 'to\u00adi'],
    ['Arabic letter mark', 'to\u061ci'],
    ['byte-order mark', '\ufefftoi'],
  ];
  it.each(cases)('%s: understood', async (_what, said) => {
    expect(await text('coord', said)).toContain('Đồng chí Điều Phối Viên');
  });

  it('decomposed Vietnamese (NFD, as some keyboards send it) is the same word', async () => {
    expect(await text('coord', 'tôi'.normalize('NFD'))).toContain('Đồng chí Điều Phối Viên');
  });

  it('look-alike Cyrillic letters are not the command, and the answer is calm', async () => {
    const answer = await text('coord', 't\u043e\u0456'); // "tоі": Cyrillic о and і
    expect(answer).not.toContain('Đồng chí Điều Phối Viên');
    expect(answer).toContain('trogiup');
  });
});

describe('a unit code typed on another keyboard', () => {
  it('full-width letters and digits are the code', async () => {
    const answer = await text('coord', 'moi bithu ＣＢ１ Nguyễn Văn An');
    expect(answer).toContain('Mã mời');
    expect(answer).toContain('Chi bộ thôn Một');
    expect(await h.db.select().from(invites).all()).toHaveLength(1);
  });

  it('a zero-width space inside the code is ignored', async () => {
    expect(await text('coord', 'moi bithu C\u200bB1 Nguyễn Văn An')).toContain('Chi bộ thôn Một');
  });

  it('Cyrillic look-alikes ("СВ1") are refused as not found, and no invite is created', async () => {
    const answer = await text('coord', 'moi bithu \u0421\u04121 Nguyễn Văn An');
    expect(answer).toContain('Không tìm thấy');
    expect(answer).toContain('CB1');
    expect(await h.db.select().from(invites).where(eq(invites.role, 'secretary')).all()).toHaveLength(0);
  });
});
