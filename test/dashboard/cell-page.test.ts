/**
 * A cell's page after a month of real chat: the rule and next meeting the secretary set, the meeting
 * record and its correction, the report with who sent it back and why, the visit with its notes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { type Web, webWorld } from './support';

let w: Web;
let page: string;

const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  w = await webWorld('2026-11-10T03:00:00Z');
  await w.h.unit('XQS', 'Xã Quan Sơn', 'commune');
  await w.h.unit('QS1', 'Chi bộ thôn Đồng', 'cell', 'XQS', { memberCount: 25 });
  await w.h.person('coord', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
  await w.h.person('sec', 'Hoàng Văn Năm', [{ role: 'secretary', unit: 'QS1' }]);
  await w.h.person('sup', 'Đỗ Văn Giám', [{ role: 'supervisor', unit: 'XQS' }]);
  const say = async (who: string, ...texts: string[]) => {
    for (const t of texts) await w.h.say(who, t);
  };
  await say('sec', 'lich hang thang ngay 20 19:30 tai nha van hoa', '1');
  w.h.setNow('2026-11-21T03:00:00Z');
  await say('coord', 'phancong Đỗ Văn Giám QS1 từ 1/11/2026', '1');
  await say('sec', 'hop 20/11 co mat 20/25 vang co ly do 3 xep loai tot', '1');
  await say('sec', 'hop sua 11/2026', 'co mat 22/25', '1', 'luu');
  await say('sec', 'baocao thang 11: anninh ổn định; sanxuat lúa tốt; kiennghi 3/2 đường xấu', '1');
  await say('coord', 'baocao tralai QS1 11/2026 thiếu số hộ nghèo');
  await say('sup', 'giamsat QS1 20/11 ghi chú: họp đúng giờ, sôi nổi xep loai kha', '1');
  const cell = (await unitByCode(w.h.db, 'QS1'))!.id;
  page = visible(await (await w.get(`/web/chi-bo/${cell}?ky=2026-11`, await w.login('coord'))).text());
});

afterAll(() => w.h.close());

describe("a cell's page", () => {
  it('shows the monthly rule and the next meeting', () => {
    expect(page).toContain('ngày 20 hằng tháng, lúc 19:30, tại nha van hoa');
    expect(page).toMatch(/Buổi họp tới .*20\/12\/2026/);
  });

  it('names the secretary and the assigned supervisor', () => {
    expect(page).toContain('Bí thư: Hoàng Văn Năm');
    expect(page).toContain('Cấp trên phụ trách: Đỗ Văn Giám');
  });

  it('lists the meeting record with both revisions, the corrected one in use', () => {
    expect(page).toContain('Có mặt 20/25');
    expect(page).toContain('Có mặt 22/25');
    expect(page).toMatch(/Lần ghi 1: Hoàng Văn Năm, lúc 10:00 21\/11\/2026 (?!\(bản đang dùng\))/);
    expect(page).toContain('Lần ghi 2: Hoàng Văn Năm, lúc 10:00 21/11/2026 (bản đang dùng)');
  });

  it('shows the report, who sent it back and why, and its revisions', () => {
    expect(page).toContain(
      'Báo cáo tháng 11/2026: Bị trả lại: Lê Thị Điều Phối, lúc 10:00 21/11/2026 — "thiếu số hộ nghèo"',
    );
    expect(page).toContain('An ninh, trật tự: ổn định');
    expect(page).toContain('Lần gửi 1: Hoàng Văn Năm, lúc 10:00 21/11/2026');
  });

  it("shows the visit with the supervisor's notes and grade", () => {
    expect(page).toContain('Ngày 20/11/2026 — Đỗ Văn Giám');
    expect(page).toContain('Ghi chú: họp đúng giờ, sôi nổi');
    expect(page).toContain('Xếp loại: Khá');
  });

  it('shows the cell figures as tonghop says them', async () => {
    const [chat] = await w.h.say('coord', 'tonghop QS1 11/2026');
    const met = chat!.text.split('\n').find((l) => l.startsWith('Sinh hoạt'))!;
    expect(page).toContain(met);
  });
});
