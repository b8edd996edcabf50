import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installNodeSummaryRenderers } from '../../src/entry/node-summary-renderers';
import { createHarness, type Harness } from '../support/harness';
import { seedQuanSon } from '../support/summary-fixture';

let h: Harness;
beforeEach(async () => {
  installNodeSummaryRenderers();
  h = await createHarness('2026-12-02T03:00:00Z');
  await seedQuanSon(h);
  await h.person('coord-qs', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
  await h.person('coord-tinh', 'Trần Văn Tỉnh', [{ role: 'coordinator', unit: 'TINH' }]);
  await h.person('sec-qs5', 'Hoàng Văn Năm', [{ role: 'secretary', unit: 'QS5' }]);
});
afterEach(() => h.close());

describe('tonghop', () => {
  it('answers the hand-counted figures of November for the coordinator own commune', async () => {
    const [r] = await h.say('coord-qs', 'tonghop thang 11/2026');
    expect(r!.text).toContain('TỔNG HỢP Xã Quan Sơn (XQS) — tháng 11/2026');
    expect(r!.text).toContain('Số chi bộ: 4');
    expect(r!.text).toContain('Sinh hoạt: 3/4 chi bộ đã họp, 1 chưa họp');
    expect(r!.text).toContain(
      'Chuyên đề trong quý (hạn 31/12/2026): 2/4 chi bộ đã sinh hoạt, 2 chưa — chưa đến hạn',
    );
    expect(r!.text).toContain('Tỷ lệ dự họp: 80% (36/45');
    expect(r!.text).toContain('Báo cáo: đúng hạn 1 · muộn 1 · chưa gửi 1 · bị trả lại 1');
    expect(r!.text).toContain('Kiến nghị: tiếp nhận 6, đã giải quyết 3');
    expect(r!.text.indexOf('Chi bộ thôn Mới')).toBeLessThan(r!.text.indexOf('Chi bộ thôn Đồng'));
  });

  it('finds a unit by its name typed without diacritics and a quarter', async () => {
    const [r] = await h.say('coord-tinh', 'tonghop xa quan son quy 4 2026');
    expect(r!.text).toContain('Xã Quan Sơn (XQS) — quý 4/2026');
  });

  it('does not let a commune coordinator see the neighbouring commune', async () => {
    const [byCode] = await h.say('coord-qs', 'tonghop XBEN 11/2026');
    expect(byCode!.text).not.toContain('TỔNG HỢP');
    const [byName] = await h.say('coord-qs', 'tonghop xa ben thang 11/2026');
    expect(byName!.text).toContain('Không tìm thấy');
    const [lag] = await h.say('coord-qs', 'chuahop XBEN 11/2026');
    expect(lag!.text).not.toContain('Bên');
  });

  it('refuses summaries to a secretary', async () => {
    const [r] = await h.say('sec-qs5', 'tonghop');
    expect(r!.text).not.toContain('TỔNG HỢP');
  });

  it('lists cells without a meeting and without a report, with the secretary name', async () => {
    const [unmet] = await h.say('coord-qs', 'chuahop 11/2026');
    expect(unmet!.text).toContain('1 chi bộ quá hạn chưa ghi buổi sinh hoạt');
    expect(unmet!.text).toContain('Chi bộ thôn Mới (QS5) — bí thư: Hoàng Văn Năm');
    const [unrep] = await h.say('coord-qs', 'chuabaocao 11/2026');
    expect(unrep!.text).toContain('2 chi bộ');
    expect(unrep!.text).toContain('QS3');
    expect(unrep!.text).toContain('bị trả lại');
  });

  it('sends the chart as a PNG photo on the simulator', async () => {
    const [r] = await h.say('coord-qs', 'bieudo 11/2026');
    const bytes = Uint8Array.from(atob(r!.photo!.base64!), (c) => c.charCodeAt(0));
    expect([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  });

  it('exports a workbook that reads back with the expected rows', async () => {
    const [r] = await h.say('coord-qs', 'xuat 11/2026');
    expect(r!.document!.filename).toBe('tonghop-XQS-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Uint8Array.from(atob(r!.document!.base64), (c) => c.charCodeAt(0)).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Chi bộ',
      'Sinh hoạt',
      'Báo cáo',
      'Dự sinh hoạt',
    ]);
    const cells = wb.getWorksheet('Chi bộ')!;
    expect(cells.rowCount).toBe(1 + 4);
    expect(cells.getRow(2).getCell(2).value).toBe('QS1');
    expect(wb.getWorksheet('Sinh hoạt')!.rowCount).toBe(1 + 3);
    expect(wb.getWorksheet('Báo cáo')!.rowCount).toBe(1 + 3);
    expect(wb.getWorksheet('Dự sinh hoạt')!.rowCount).toBe(1 + 2);
  });

  it('exports real dates and numbers a coordinator can sort, and the reports content', async () => {
    const [r] = await h.say('coord-qs', 'xuat 11/2026');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Uint8Array.from(atob(r!.document!.base64), (c) => c.charCodeAt(0)).buffer);
    const held = wb.getWorksheet('Sinh hoạt')!.getRow(2).getCell(3);
    expect(held.value).toEqual(new Date(Date.UTC(2026, 10, 5)));
    expect(held.numFmt).toBe('dd/mm/yyyy');
    const present = wb.getWorksheet('Sinh hoạt')!.getRow(2).getCell(5);
    expect(typeof present.value).toBe('number');
    const reports = wb.getWorksheet('Báo cáo')!;
    expect(reports.getRow(1).values).toEqual(
      expect.arrayContaining([
        'An ninh, trật tự',
        'Sản xuất, đời sống',
        'Nội dung kiến nghị',
        'Khó khăn, vướng mắc',
        'Đề xuất',
      ]),
    );
    expect(reports.getRow(2).getCell(3).value).toEqual(new Date(Date.UTC(2026, 10, 1)));
    expect(reports.getRow(2).getCell(3).numFmt).toBe('mm/yyyy');
  });

  it('lets a committee member export, as the README says', async () => {
    await h.person('cu-qs', 'Đỗ Cấp Ủy', [{ role: 'committee', unit: 'XQS' }]);
    const [r] = await h.say('cu-qs', 'xuat 11/2026');
    expect(r!.document!.filename).toBe('tonghop-XQS-2026-11.xlsx');
  });

  it('tells a Zalo user that files cannot be sent there', async () => {
    await h.person('coord-zalo', 'Phạm Zalo', [{ role: 'coordinator', unit: 'XQS' }], 'zalo');
    const [r] = await h.say('coord-zalo', 'xuat 11/2026', { platform: 'zalo' });
    expect(r!.document).toBeUndefined();
    expect(r!.text).toContain('Zalo');
  });
});
