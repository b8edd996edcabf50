/**
 * A visit's notes as a supervisor pastes them: a whole page, up to what a platform lets one message
 * carry. Over the limit they are refused, with the limit, before anything is saved: the read-back
 * (at most 4 messages) could not show them whole, yet they were stored whole.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { visits } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-06T03:00:00Z');
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 30 });
  await h.person('sup', 'Giám Sát', [{ role: 'supervisor', unit: 'XA1' }]);
});
const text = async (said: string) => (await h.say('sup', said)).map((m) => m.text ?? '').join('\n');

describe('giamsat notes over the limit', () => {
  it('in one line: refused with the limit, nothing saved', async () => {
    const answer = await text(`giamsat CB1 5/12 ghi chú: ${'x'.repeat(3_000)} xếp loại khá`);
    expect(answer).toContain('1500');
    expect(answer.length).toBeLessThan(1000);
    await h.say('sup', 'luu');
    expect(await h.db.select().from(visits).all()).toEqual([]);
  });

  it('as the answer to the notes question: refused, the question stays, a short answer is taken', async () => {
    await h.say('sup', 'giamsat CB1 5/12');
    const answer = await text('nội dung '.repeat(400));
    expect(answer).toContain('1500');
    expect(await h.db.select().from(visits).all()).toEqual([]);
    expect(await text('nội dung tốt, xếp loại khá')).toContain('Nhận xét: nội dung tốt');
    await h.say('sup', 'luu');
    expect(await h.db.select().from(visits).all()).toHaveLength(1);
  });

  it('just under the limit: saved whole', async () => {
    const notes = `${'a'.repeat(1499)}.`;
    await h.say('sup', `giamsat CB1 5/12 ghi chú: ${notes} xếp loại khá`);
    await h.say('sup', 'luu');
    const [v] = await h.db.select().from(visits).all();
    expect(v?.notes?.length).toBeGreaterThanOrEqual(1499);
  });
});
