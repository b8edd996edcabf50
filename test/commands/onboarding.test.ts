import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, chatIdentities, invites, roleAssignments } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;

beforeEach(async () => {
  h = await createHarness('2026-11-26T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
  await h.unit('XNB', 'Đảng bộ xã Na Bó', 'commune');
  await h.unit('NB1', 'Chi bộ bản Na Bó 1', 'cell', 'XNB');
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
});
afterEach(() => h.close());

const codeIn = (text: string) => /Mã mời: ([0-9 ]+[0-9])/.exec(text)?.[1];

describe('invites and linking', () => {
  it('a coordinator creates an invite and a new person links with it', async () => {
    const [created] = await h.say('coord', 'moi bithu KP3 Nguyễn Văn An');
    const code = codeIn(created!.text)!;
    expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(created!.text).toContain('Chi bộ khu phố 3');
    expect(created!.text).toContain('10/12/2026'); // 14 days

    const [linked] = await h.say('tg-42', `/start ${code}`, { platform: 'telegram', displayName: 'An' });
    expect(linked!.text).toContain('Đã liên kết');
    expect(linked!.text).toContain('Nguyễn Văn An');
    expect(linked!.text).toContain('Bí thư chi bộ');

    const [me] = await h.say('tg-42', 'toi', { platform: 'telegram' });
    expect(me!.text).toContain('Bí thư chi bộ — Chi bộ khu phố 3 (KP3)');
    expect(me!.text).toContain('Telegram');
    const audits = await h.db.select().from(auditLog).all();
    expect(audits.map((a) => a.action)).toEqual(['create_invite', 'redeem_invite']);
  });

  it('a code works once: a second person gets a clear answer and nothing is linked', async () => {
    const code = codeIn((await h.say('coord', 'moi giamsat KP3'))[0]!.text)!;
    await h.say('p1', `batdau ${code}`);
    const [second] = await h.say('p2', `batdau ${code}`);
    expect(second!.text).toContain('đã được dùng');
    expect(
      await h.db.select().from(chatIdentities).where(eq(chatIdentities.externalId, 'p2')).all(),
    ).toHaveLength(0);
  });

  it('an expired code is refused with its date', async () => {
    const code = codeIn((await h.say('coord', 'moi bithu KP3'))[0]!.text)!;
    h.advance(15 * 86_400_000);
    const [answer] = await h.say('p1', `batdau ${code}`);
    expect(answer!.text).toContain('hết hạn ngày 10/12/2026');
    expect(await h.db.select().from(roleAssignments).all()).toHaveLength(1); // only the coordinator
  });

  it('a wrong code says how to check it', async () => {
    const [answer] = await h.say('p1', 'batdau 4827 1936 0512 3384');
    expect(answer!.text).toContain('không đúng');
    const [swapped] = await h.say('p1', 'batdau 4827 1936 0512 3348');
    expect(swapped!.text).toContain('đổi chỗ');
    const [none] = await h.say('p1', 'batdau');
    expect(none!.text).toContain('batdau MÃ');
  });

  it('a coordinator cannot invite into a neighbouring commune', async () => {
    const [answer] = await h.say('coord', 'moi bithu NB1');
    expect(answer!.text).toContain('Không tìm thấy đơn vị "NB1" trong phạm vi của đồng chí');
    expect(answer!.text).not.toContain('Na Bó');
    expect(await h.db.select().from(invites).all()).toHaveLength(0);
  });

  it('an unknown unit code gets suggestions', async () => {
    const [answer] = await h.say('coord', 'moi bithu KP33');
    expect(answer!.text).toContain('Không tìm thấy đơn vị "KP33"');
    expect(answer!.text).toContain('KP3');
    expect(answer!.text).not.toContain('NB1');
  });

  it('a secretary may not create invites', async () => {
    await h.person('sec', 'Bí thư', [{ role: 'secretary', unit: 'KP3' }]);
    const [answer] = await h.say('sec', 'moi bithu KP3');
    expect(answer!.text).toContain('không dùng được lệnh "moi"');
  });

  it('an unlinked person is told how to get an invite, whatever they type', async () => {
    const [a] = await h.say('stranger', 'xin chao');
    expect(a!.text).toContain('chưa được liên kết');
    const [b] = await h.say('stranger', 'toi');
    expect(b!.text).toContain('chưa được liên kết');
  });

  it('help lists only the commands this person may use, with an example each', async () => {
    await h.person('sec', 'Bí thư', [{ role: 'secretary', unit: 'KP3' }]);
    const [secHelp] = await h.say('sec', '/trogiup');
    const [coordHelp] = await h.say('coord', 'help');
    expect(coordHelp!.text).toContain('moi — ');
    expect(secHelp!.text).not.toContain('moi — ');
    expect(secHelp!.text).toContain('Ví dụ: toi');
  });

  it('an unknown message from a linked person gets the help list', async () => {
    const [answer] = await h.say('coord', 'abc xyz');
    expect(answer!.text).toContain('Tôi chưa hiểu');
    expect(answer!.text).toContain('trogiup');
  });

  it('the same person links Zalo and Telegram with two invites and keeps one record', async () => {
    const code1 = codeIn((await h.say('coord', 'moi bithu KP3 Lò Văn Bình'))[0]!.text)!;
    await h.say('zalo-1', `batdau ${code1}`, { platform: 'zalo' });
    const code2 = codeIn((await h.say('coord', 'moi capuy XQS'))[0]!.text)!;
    await h.say('zalo-1', `batdau ${code2}`, { platform: 'zalo' });
    const [me] = await h.say('zalo-1', 'toi', { platform: 'zalo' });
    expect(me!.text).toContain('Bí thư chi bộ — Chi bộ khu phố 3');
    expect(me!.text).toContain('Thành viên cấp ủy — Đảng bộ xã Quan Sơn');
  });

  it('a person invite sent in a group links nothing', async () => {
    const code = codeIn((await h.say('coord', 'moi bithu KP3'))[0]!.text)!;
    const replies = await h.say('-100', `batdau ${code}`, { chatType: 'group', userId: 'p9' });
    expect(replies[0]!.text).toContain('tin nhắn riêng');
    expect(
      await h.db.select().from(chatIdentities).where(eq(chatIdentities.externalId, 'p9')).all(),
    ).toHaveLength(0);
  });

  it('the same update delivered three times gives one record and one reply', async () => {
    const code = codeIn((await h.say('coord', 'moi bithu KP3'))[0]!.text)!;
    const { handleIncoming } = await import('../../src/bot/handle');
    const msg = {
      platform: 'telegram' as const,
      updateKey: 'telegram:777',
      chatId: '55',
      chatType: 'private' as const,
      userId: '55',
      kind: 'text' as const,
      text: `/start ${code}`,
    };
    const outcomes = await Promise.all([
      handleIncoming(h.deps, msg),
      handleIncoming(h.deps, msg),
      handleIncoming(h.deps, msg),
    ]);
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(await h.sent('55', 'telegram')).toHaveLength(1);
    expect(
      await h.db.select().from(chatIdentities).where(eq(chatIdentities.externalId, '55')).all(),
    ).toHaveLength(1);
  });

  it('a new secretary takes over the cell: the coordinator is warned, the old secretary told and no longer reminded', async () => {
    await h.person('old', 'Lò Văn Bình', [{ role: 'secretary', unit: 'KP3' }]);
    const [created] = await h.say('coord', 'moi bithu KP3 Nguyễn Văn An');
    expect(created!.text).toContain('đang có bí thư: Lò Văn Bình');
    const code = codeIn(created!.text)!;

    const [linked] = await h.say('new', `batdau ${code}`);
    expect(linked!.text).toContain('thay đồng chí Lò Văn Bình làm bí thư');
    const told = await h.sent('old');
    expect(told.at(-1)!.text).toContain('Nguyễn Văn An đã nhận vai trò bí thư Chi bộ khu phố 3');

    const [me] = await h.say('old', 'toi');
    expect(me!.text).not.toContain('Bí thư chi bộ — Chi bộ khu phố 3');
    const inForce = (await h.db.select().from(roleAssignments).all()).filter(
      (r) => r.role === 'secretary' && r.validTo === null,
    );
    expect(inForce).toHaveLength(1);
  });

  it('a secretary handed over mid-record is told why the record stops, not "not understood"', async () => {
    await h.person('old', 'Lò Văn Bình', [{ role: 'secretary', unit: 'KP3' }]);
    const [asked] = await h.say('old', 'hop');
    expect(asked!.text).not.toContain('không còn vai trò');
    const code = codeIn((await h.say('coord', 'moi bithu KP3 Nguyễn Văn An'))[0]!.text)!;
    await h.say('new', `batdau ${code}`);
    const [answer] = await h.say('old', 'hom qua');
    expect(answer!.text).toContain('không còn vai trò để dùng lệnh hop');
    const [next] = await h.say('old', 'hom qua');
    expect(next!.text).not.toContain('không còn vai trò');
  });

  it('a person whose role ended can be invited back to it', async () => {
    await h.person('old', 'Lò Văn Bình', [{ role: 'secretary', unit: 'KP3' }]);
    const first = codeIn((await h.say('coord', 'moi bithu KP3 Nguyễn Văn An'))[0]!.text)!;
    await h.say('new', `batdau ${first}`);
    const back = codeIn((await h.say('coord', 'moi bithu KP3 Lò Văn Bình'))[0]!.text)!;
    const [again] = await h.say('old', `batdau ${back}`);
    expect(again!.text).toContain('Đã liên kết');
    expect(again!.text).toContain('thay đồng chí Nguyễn Văn An');
    const [me] = await h.say('old', 'toi');
    expect(me!.text).toContain('Bí thư chi bộ — Chi bộ khu phố 3');
  });

  it('a supervisor invite for a cell with a supervisor adds one and replaces no one', async () => {
    await h.person('gs1', 'Hà Văn Cường', [{ role: 'supervisor', unit: 'KP3' }]);
    const [created] = await h.say('coord', 'moi giamsat KP3');
    expect(created!.text).not.toContain('đang có');
  });
});
