/**
 * A message as long as a platform lets through (Telegram: 4,096 characters), made of many short
 * words: pasted lists, a stuck key. `phancong` reads every word as a possible unit code; asking
 * the database about 1,500 of them in one expression failed ("Expression tree is too large") and the
 * coordinator got "hệ thống đang gặp trục trặc", and on D1 any line of more than 100 words would.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { supervisorAssignments } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-06T03:00:00Z');
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 30 });
  await h.unit('CB2', 'Chi bộ thôn Hai', 'cell', 'XA1', { memberCount: 30 });
  await h.person('coord', 'Điều Phối', [{ role: 'coordinator', unit: 'XA1' }]);
  await h.person('sup', 'Nguyễn Văn An', [{ role: 'supervisor', unit: 'XA1' }]);
});
const text = async (said: string) => (await h.say('coord', said)).map((m) => m.text ?? '').join('\n');

describe('phancong with a message full of words', () => {
  it('1,500 short words within Telegram’s 4,096 characters: a calm answer, not an internal error', async () => {
    const said = `phancong ${'ab '.repeat(1_350)}`.trim();
    expect(said.length).toBeLessThanOrEqual(4096);
    const answer = await text(said);
    expect(answer).not.toMatch(/trục trặc/);
    expect(answer).toMatch(/chi bộ|đơn vị/i);
    expect(await h.db.select().from(supervisorAssignments).all()).toEqual([]);
  });

  it('a cell named among hundreds of repeats is found once', async () => {
    const answer = await text(`phancong Nguyễn Văn An ${'CB1 '.repeat(900)}CB2 từ 1/1/2027`);
    expect(answer).not.toMatch(/trục trặc/);
    expect(answer).toContain('CB1');
    expect(answer).toContain('CB2');
  });
});
