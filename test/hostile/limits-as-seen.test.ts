/**
 * Limits count characters as the person sees them: an emoji with its skin tone is one character,
 * though four UTF-16 units. Counted in units, a report section, a notice or a visit's notes well
 * within the limit on screen were refused as too long, with a count the person could not find.
 */
import { describe, expect, it } from 'vitest';
import { notices, reports, visits } from '../../db/schema';
import { createHarness } from '../support/harness';

const thumbs = (n: number) => '👍🏽'.repeat(n);

async function world() {
  const h = await createHarness('2026-12-06T03:00:00Z');
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 30 });
  await h.person('sec', 'Bí Thư', [{ role: 'secretary', unit: 'CB1' }]);
  await h.person('sup', 'Giám Sát', [{ role: 'supervisor', unit: 'XA1' }]);
  await h.person('coord', 'Điều Phối', [{ role: 'coordinator', unit: 'XA1' }]);
  return h;
}
const text = (msgs: { text?: string }[]) => msgs.map((m) => m.text ?? '').join('\n');

describe('limits counted as seen', () => {
  it('a report section of 300 emoji (limit 500) is kept whole', async () => {
    const h = await world();
    const security = `ổn định ${thumbs(300)} tốt`;
    const readBack = text(await h.say('sec', `baocao thang 11: anninh ${security}; sanxuat tot; kiennghi 0`));
    expect(readBack).not.toContain('dài quá');
    await h.say('sec', 'luu');
    expect((await h.db.select().from(reports).all()).map((r) => r.security)).toEqual([security]);
  });

  it('a report section over 500 as seen is refused with the count as seen', async () => {
    const h = await world();
    await h.say('sec', 'baocao thang 11');
    const answer = text(await h.say('sec', `${thumbs(501)} tốt`));
    expect(answer).toContain('dài quá 500 ký tự (đang có 505)');
  });

  it('a notice of 900 emoji (limit 1,500) is sent whole; 1,600 as seen is refused with its count', async () => {
    const h = await world();
    // 3,700 UTF-16 units, 1,600 characters on screen
    const refused = text(await h.say('coord', `thongbao họp ${thumbs(700)}${'a'.repeat(896)}`));
    expect(refused).toContain('1600 ký tự, tối đa 1500');
    await h.say('coord', 'huy');
    const notice = `Họp ${thumbs(900)} ngay`;
    expect(text(await h.say('coord', `thongbao ${notice}`))).toContain('Xin kiểm tra thông báo');
    await h.say('coord', 'gui');
    expect((await h.db.select().from(notices).all()).map((n) => n.text)).toEqual([notice]);
  });

  it('visit notes of 900 emoji (limit 1,500) are saved whole', async () => {
    const h = await world();
    const notes = `tốt ${thumbs(900)} ổn`;
    const answer = text(await h.say('sup', `giamsat CB1 5/12 ghi chú: ${notes} xếp loại khá`));
    expect(answer).not.toContain('dài quá');
    await h.say('sup', 'luu');
    expect((await h.db.select().from(visits).all()).map((v) => v.notes)).toEqual([notes]);
  });
});
