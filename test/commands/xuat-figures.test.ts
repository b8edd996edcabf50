/**
 * The Excel summary sheet read as a coordinator reads it: every group of figures adds up, and the
 * "as of" day is a real date. Seen in an outside check: a year's sheet said "3 cell-quarters past
 * due, 3 held a thematic meeting, 2 overdue" because the thematic count mixed quarters past due with
 * the quarter still running.
 */
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
});
afterEach(() => h.close());

async function summarySheet(text: string) {
  const [r] = await h.say('coord-qs', text);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Uint8Array.from(atob(r!.document!.base64), (c) => c.charCodeAt(0)).buffer);
  const ws = wb.getWorksheet('Tổng hợp')!;
  const byLabel = new Map<string, ExcelJS.Cell>();
  ws.eachRow((row) => {
    const label = row.getCell(1).value;
    if (typeof label === 'string') byLabel.set(label, row.getCell(2));
  });
  return byLabel;
}

describe('xuat: the summary sheet', () => {
  it('splits thematic quarters into past due and still running, each with what was done, so they add up', async () => {
    // 2026, asked on 2 December: 4 cells in chibo all year. Q1–Q3 are past due (12 cell-quarters),
    // none held a thematic meeting then; Q4 runs to 31/12 (4 cell-quarters): QS1 (October) and QS2
    // (November) held one.
    const sheet = await summarySheet('xuat nam 2026');
    const value = (label: string) => sheet.get(label)?.value;
    expect(value('Lượt chi bộ-quý phải sinh hoạt chuyên đề')).toBe(16);
    expect(value('Trong đó đã hết hạn (quý đã qua)')).toBe(12);
    expect(value('Đã sinh hoạt chuyên đề (quý đã hết hạn)')).toBe(0);
    expect(value('Quá hạn chưa sinh hoạt chuyên đề')).toBe(12);
    expect(value('Quý chưa hết hạn')).toBe(4);
    expect(value('Đã sinh hoạt chuyên đề (quý chưa hết hạn)')).toBe(2);
  });

  it('a month of the running quarter: nothing past due, the quarter so far', async () => {
    const sheet = await summarySheet('xuat 11/2026');
    const value = (label: string) => sheet.get(label)?.value;
    expect(value('Lượt chi bộ-quý phải sinh hoạt chuyên đề')).toBe(4);
    expect(value('Trong đó đã hết hạn (quý đã qua)')).toBe(0);
    expect(value('Quá hạn chưa sinh hoạt chuyên đề')).toBe(0);
    expect(value('Quý chưa hết hạn')).toBe(4);
    expect(value('Đã sinh hoạt chuyên đề (quý chưa hết hạn)')).toBe(2);
  });

  it('gives the day the figures stand at as a real date shown dd/mm/yyyy', async () => {
    const asOf = (await summarySheet('xuat 11/2026')).get('Số liệu đến ngày')!;
    expect(asOf.value).toEqual(new Date(Date.UTC(2026, 11, 2)));
    expect(asOf.numFmt).toBe('dd/mm/yyyy');
  });
});
