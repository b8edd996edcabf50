/**
 * The hand-counted province of test/shared/province.ts, asked what a party office asks, on every
 * Store (better-sqlite3 by test/shared-node.test.ts, D1 by test/worker/shared-d1.test.ts). Every
 * expected number was counted on paper from the facts listed there; the comment next to it says how.
 */
import { describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { computeSummary, type Figures, shares } from '../../src/domain/summaries/compute';
import { monthPeriod, quarterPeriod, yearPeriod } from '../../src/domain/summaries/period';
import { buildWorkbook } from '../../src/domain/summaries/workbook';
import { digestJob } from '../../src/scheduler/digests';
import { reportReminders } from '../../src/scheduler/report-reminders';
import { type OpenStore, type StoreHarness, storeHarness } from './harness';
import { buildProvince, local, provinceOnDec10, provincePeople, TZ } from './province';

const DEC10 = { now: local('2026-12-10', 9), tz: TZ };

async function onDec10(open: OpenStore): Promise<StoreHarness> {
  const h = storeHarness(await open());
  await provinceOnDec10(h);
  return h;
}

const text = async (h: StoreHarness, who: string, message: string) =>
  (await h.say(who, message)).map((m) => m.text).join('\n');

const unit = async (h: StoreHarness, code: string) => (await unitByCode(h.store.db, code))!;

/** Figures of a commune as [code, cells, due months, met in due months, reports accepted in due months]. */
const byCommune = (children: (Figures & { code: string })[]) =>
  children.map((c) => [c.code, c.cells, c.dueMonths, c.dueMonths - c.missedMonths, c.reportedDue]);

export function provinceSuite(open: OpenStore): void {
  describe('a hand-counted province', () => {
    it('a finished month: November 2026, asked on 10 December', async () => {
      const h = await onDec10(open);
      const s = await computeSummary(h.store.db, await unit(h, 'TM'), monthPeriod(2026, 11), DEC10);
      expect(s.totals).toEqual({
        // XA: A01–A09 (A10 merged into A09 on 20/10, counted under it); XB: 10; XC: C01–C09 and
        // C10, imported on 16/11, so it owes November. BTV is a standing committee, never a cell.
        cells: 29,
        cellMonths: 29,
        dueMonths: 29,
        // Not met: A09 and B10.
        met: 27,
        missedMonths: 2,
        openMonths: 0,
        cellsAllMet: 27,
        cellsNoneMet: 2,
        meetings: 27,
        // A01 and A02 held thematic meetings in November.
        thematicMeetings: 2,
        // The quarter is not over: thematic in October or November by A01, A02, A03 (both), B01.
        quarters: 29,
        quartersDue: 0,
        thematicQuarters: 4,
        thematicMissed: 0,
        // 27 meetings of 9 present out of 10.
        present: 243,
        total: 270,
        // A01 is graded Tốt, everyone else Khá.
        grades: { tot: 1, kha: 26, trung_binh: 0, kem: 0 },
        // On time: A01–A07, B01–B08, C01–C09 = 24; late A08 (3/12), C10 (2/12); B09 sent back;
        // A09 and B10 sent nothing.
        reportsOnTime: 24,
        reportsLate: 2,
        reportsReturned: 1,
        reportsMissing: 2,
        reportsOpen: 0,
        reportedDue: 26,
        // 26 accepted reports with 1/1 each, B09's with 2/0.
        petitionsRaised: 28,
        petitionsResolved: 26,
        // A02 (Dũng, assigned) and C01 (Mai, not assigned to it); assigned: A01–A05, B01–B05.
        visitedCells: 2,
        visits: 2,
        unassignedVisits: 1,
        assignedCells: 10,
        assignedVisited: 1,
      });
      // Worst first: XB (0.9 + 0.8 + 0)/3 < XA (8/9 + 8/9 + 1/9)/3 < XC (1 + 1 + 0.1)/3.
      expect(byCommune(s.children)).toEqual([
        ['XB', 10, 10, 9, 8],
        ['XA', 9, 9, 8, 8],
        ['XC', 10, 10, 10, 10],
      ]);
      // The chart's bars (bieudo): shares of the due months, and of cells visited.
      expect(s.children.map((c) => shares(c, s.totals))).toEqual([
        { met: 0.9, reported: 0.8, visited: 0, basis: 'due' },
        { met: 8 / 9, reported: 8 / 9, visited: 1 / 9, basis: 'due' },
        { met: 1, reported: 1, visited: 0.1, basis: 'due' },
      ]);

      expect((await text(h, 'coord-tm', 'tonghop 11/2026')).split('\n').slice(0, 14)).toEqual([
        'TỔNG HỢP Tỉnh Mẫu (TM) — tháng 11/2026',
        'Số chi bộ: 29',
        'Sinh hoạt: 27/29 chi bộ đã họp, 2 chưa họp',
        'Chuyên đề trong quý (hạn 31/12/2026): 4/29 chi bộ đã sinh hoạt, 25 chưa — chưa đến hạn',
        'Tỷ lệ dự họp: 90% (243/270 lượt đảng viên)',
        'Xếp loại buổi họp: Tốt 1 · Khá 26 · Trung bình 0 · Kém 0',
        'Báo cáo: đúng hạn 24 · muộn 2 · chưa gửi 2 · bị trả lại 1',
        'Được cấp trên dự: 2/29 chi bộ (trên tổng số chi bộ); 1/10 chi bộ có người phụ trách (trên số chi bộ được phân công)',
        'Lượt cấp trên dự: 2 (1 ngoài phân công)',
        'Kiến nghị: tiếp nhận 28, đã giải quyết 26',
        '',
        'Theo đơn vị (yếu trước):',
        '1. Đảng bộ phường Bình Minh (XB): họp 9/10 · báo cáo 8/10 · được dự 0/10 chi bộ',
        '2. Đảng bộ xã An Phú (XA): họp 8/9 · báo cáo 8/9 · được dự 1/9 chi bộ',
      ]);
      expect(await text(h, 'coord-tm', 'chuahop 11/2026')).toBe(
        [
          'Tỉnh Mẫu, tháng 11/2026: 2 chi bộ quá hạn chưa ghi buổi sinh hoạt',
          'Đảng bộ xã An Phú (1):',
          '• Chi bộ thôn A09 (A09) — bí thư: Nguyễn Văn Chín',
          'Đảng bộ phường Bình Minh (1):',
          '• Chi bộ tổ dân phố B10 (B10) — bí thư: chưa có',
        ].join('\n'),
      );
      expect(await text(h, 'coord-tm', 'chuabaocao 11/2026')).toBe(
        [
          'Tỉnh Mẫu, tháng 11/2026: 3 chi bộ quá hạn chưa có báo cáo được nhận',
          'Đảng bộ xã An Phú (1):',
          '• Chi bộ thôn A09 (A09) — bí thư: Nguyễn Văn Chín',
          'Đảng bộ phường Bình Minh (2):',
          '• Chi bộ tổ dân phố B09 (B09) — bí thư: chưa có — bị trả lại',
          '• Chi bộ tổ dân phố B10 (B10) — bí thư: chưa có',
        ].join('\n'),
      );

      // The export's cells sheet (xuat): one row per cell, numbers as numbers.
      const book = await buildWorkbook(h.store.db, s, DEC10);
      const cells = book.sheets[1]!.rows;
      expect(cells).toHaveLength(29);
      const row = (code: string) => cells.find((r) => r[1] === code)!.slice(4);
      // months, due, met, missed, open, attendance %, on time, late, missing, returned, open reports,
      // visits, petitions raised, resolved
      expect(row('A08')).toEqual([1, 1, 1, 0, 0, 90, 0, 1, 0, 0, 0, 0, 1, 1]);
      expect(row('A09')).toEqual([1, 1, 0, 1, 0, null, 0, 0, 1, 0, 0, 0, 0, 0]);
      expect(row('B09')).toEqual([1, 1, 1, 0, 0, 90, 0, 0, 0, 1, 0, 0, 2, 0]);
      expect(row('C10')).toEqual([1, 1, 1, 0, 0, 90, 0, 1, 0, 0, 0, 0, 1, 1]);
      // Meetings and reports carry real dates and the report's content.
      const meetingsSheet = book.sheets[2]!.rows;
      expect(meetingsSheet).toHaveLength(27);
      expect(meetingsSheet.find((r) => r[0] === 'C10')![2]).toEqual(new Date(Date.UTC(2026, 10, 25)));
      const b09 = book.sheets[3]!.rows.find((r) => r[0] === 'B09')!;
      expect(b09.slice(2)).toEqual([
        new Date(Date.UTC(2026, 10, 1)),
        'Bị trả lại',
        new Date(Date.UTC(2026, 10, 27)),
        'An ninh B09 ổn định',
        'Sản xuất B09 bình thường',
        2,
        0,
        'Sửa đường liên thôn',
        'Thiếu kinh phí',
        'Hỗ trợ xi măng',
        'Thiếu nội dung kiến nghị',
      ]);
    });

    it('a month in progress: December 2026 on the 10th is "đang diễn ra", never missing', async () => {
      const h = await onDec10(open);
      const s = await computeSummary(h.store.db, await unit(h, 'TM'), monthPeriod(2026, 12), DEC10);
      expect(s.totals).toMatchObject({
        cells: 29,
        cellMonths: 29,
        dueMonths: 0,
        // A01, A02, A03 and C10 met on 5/12.
        met: 4,
        missedMonths: 0,
        openMonths: 25,
        cellsNoneMet: 0,
        // The quarter so far: the four of November's count and C10's thematic meeting of 5/12.
        thematicQuarters: 5,
        // A01 reported on 6/12.
        reportsOnTime: 1,
        reportsMissing: 0,
        reportsOpen: 28,
        visitedCells: 1,
      });
      expect(shares(s.totals)).toEqual({ met: 4 / 29, reported: 1 / 29, visited: 1 / 29, basis: 'so_far' });
      expect((await text(h, 'coord-tm', 'tonghop thang nay')).split('\n').slice(0, 8)).toEqual([
        'TỔNG HỢP Tỉnh Mẫu (TM) — tháng 12/2026',
        'Số chi bộ: 29',
        'Sinh hoạt (tháng đang diễn ra, hạn 31/12/2026): 4/29 chi bộ đã họp, 25 chưa họp — chưa đến hạn',
        'Chuyên đề trong quý (hạn 31/12/2026): 5/29 chi bộ đã sinh hoạt, 24 chưa — chưa đến hạn',
        'Tỷ lệ dự họp: 90% (36/40 lượt đảng viên)',
        'Xếp loại buổi họp: Tốt 1 · Khá 3 · Trung bình 0 · Kém 0',
        'Báo cáo: đúng hạn 1 · muộn 0 · chưa gửi 0 · bị trả lại 0 · chưa đến hạn 28',
        'Được cấp trên dự: 1/29 chi bộ (trên tổng số chi bộ); 1/10 chi bộ có người phụ trách (trên số chi bộ được phân công)',
      ]);
      const unmet = await text(h, 'coord-tm', 'chuahop 12/2026');
      expect(unmet).not.toContain('mọi chi bộ');
      expect(unmet.split('\n').slice(0, 3)).toEqual([
        'Tỉnh Mẫu, tháng 12/2026: không chi bộ nào quá hạn chưa họp.',
        'Chưa đến hạn (hạn 31/12/2026): 25 chi bộ chưa ghi buổi sinh hoạt',
        'Đảng bộ xã An Phú (6):',
      ]);
      const unreported = await text(h, 'coord-tm', 'chuabaocao thang nay');
      expect(unreported.split('\n').slice(0, 2)).toEqual([
        'Tỉnh Mẫu, tháng 12/2026: không chi bộ nào quá hạn chưa báo cáo.',
        'Chưa đến hạn (hạn 31/12/2026): 28 chi bộ chưa gửi báo cáo',
      ]);
    });

    it('a quarter: Q4 2026 on 10 December, October and November due, December open', async () => {
      const h = await onDec10(open);
      const s = await computeSummary(h.store.db, await unit(h, 'TM'), quarterPeriod(2026, 4), DEC10);
      expect(s.totals).toMatchObject({
        cells: 29,
        // XA 9 × 3, XB 10 × 3, XC 9 × 3 + C10's November and December.
        cellMonths: 86,
        // October and November: XA 18, XB 20, XC 18 + C10's November.
        dueMonths: 57,
        // October: XA 9 (A09's own record and A10's), XB 10, XC 5; November 27; December 4.
        met: 55,
        // October: C06–C09; November: A09, B10.
        missedMonths: 6,
        openMonths: 25,
        // Met every due month: A01–A08, B01–B09, C01–C05, C10.
        cellsAllMet: 23,
        cellsNoneMet: 0,
        // 25 records in October (A10's among them), 27 in November, 4 in December.
        meetings: 56,
        thematicMeetings: 5,
        quarters: 29,
        quartersDue: 0,
        thematicQuarters: 5,
        present: 504,
        total: 560,
        grades: { tot: 3, kha: 53, trung_binh: 0, kem: 0 },
        // October: 24 on time, C06 late, C07–C09 none; November as counted; December A01.
        reportsOnTime: 49,
        reportsLate: 3,
        reportsReturned: 1,
        reportsMissing: 5,
        reportsOpen: 28,
        // October 26 reports (A10's among them), November 28/26, December 1/1.
        petitionsRaised: 55,
        petitionsResolved: 53,
        visitedCells: 5,
        visits: 5,
        unassignedVisits: 1,
        assignedCells: 10,
        assignedVisited: 4,
      });
      const lines = (await text(h, 'coord-tm', 'tonghop quy 4/2026')).split('\n');
      expect(lines.slice(2, 5)).toEqual([
        'Sinh hoạt: 51/57 lượt chi bộ-tháng đến hạn đã họp (89%); 23 chi bộ họp đủ các tháng đến hạn, 0 chi bộ chưa họp lần nào',
        'Chưa đến hạn: 29 lượt chi bộ-tháng, trong đó 4 đã họp',
        'Chuyên đề trong quý (hạn 31/12/2026): 5/29 chi bộ đã sinh hoạt, 24 chưa — chưa đến hạn',
      ]);
      expect(lines).toContain('Báo cáo: đúng hạn 49 · muộn 3 · chưa gửi 5 · bị trả lại 1 · chưa đến hạn 28');
      const unmet = (await text(h, 'coord-tm', 'chuahop quy 4')).split('\n');
      expect(unmet[0]).toBe('Tỉnh Mẫu, quý 4/2026: 6 chi bộ quá hạn chưa ghi buổi sinh hoạt');
      expect(unmet).toContain('• Chi bộ bản C06 (C06) — bí thư: chưa có — 10/2026');
      expect(unmet).toContain('• Chi bộ thôn A09 (A09) — bí thư: Nguyễn Văn Chín — 11/2026');
      expect(unmet).toContain('Chưa đến hạn (hạn 31/12/2026): 25 chi bộ chưa ghi buổi sinh hoạt');
      const unreported = (await text(h, 'coord-tm', 'chuabaocao quy 4')).split('\n');
      // C07–C09 (October), A09, B09 (sent back), B10 (November); C06 was late but is in.
      expect(unreported[0]).toBe('Tỉnh Mẫu, quý 4/2026: 6 chi bộ quá hạn chưa có báo cáo được nhận');
      expect(unreported).toContain('• Chi bộ tổ dân phố B09 (B09) — bí thư: chưa có — 11/2026 — bị trả lại');
      expect(unreported.some((l) => l.includes('(C06)') && l.includes('10/2026'))).toBe(false);
    });

    it('a year: 2026 counts each cell only from the month it came into chibo', async () => {
      const h = await onDec10(open);
      const s = await computeSummary(h.store.db, await unit(h, 'TM'), yearPeriod(2026), DEC10);
      expect(s.totals).toMatchObject({
        cells: 29,
        // XA from July: 9 × 6; XB and XC from October: 30 + 29. Nothing before July is owed.
        cellMonths: 113,
        dueMonths: 84,
        // July–September: A01–A09 every month (A10's records under A09) = 27, then Q4's 51 + 4.
        met: 82,
        missedMonths: 6,
        // Quarter 3 is XA's only finished quarter: 9 owed, A01–A05 thematic in August.
        quarters: 38,
        quartersDue: 9,
        thematicMissed: 4,
        thematicQuarters: 10,
        meetings: 86,
        reportsOnTime: 76,
        reportsMissing: 5,
        reportsOpen: 28,
        petitionsRaised: 85,
        visits: 6,
      });
      const lines = (await text(h, 'coord-tm', 'tonghop nam 2026')).split('\n');
      expect(lines.slice(2, 6)).toEqual([
        'Sinh hoạt: 78/84 lượt chi bộ-tháng đến hạn đã họp (93%); 23 chi bộ họp đủ các tháng đến hạn, 0 chi bộ chưa họp lần nào',
        'Chưa đến hạn: 29 lượt chi bộ-tháng, trong đó 4 đã họp',
        'Chuyên đề: 5/9 lượt chi bộ-quý đã hết hạn có sinh hoạt chuyên đề',
        'Chuyên đề, quý chưa hết hạn: 5/29 lượt chi bộ-quý đã sinh hoạt',
      ]);
      expect(lines).toContain('Báo cáo: đúng hạn 76 · muộn 3 · chưa gửi 5 · bị trả lại 1 · chưa đến hạn 28');
    });

    it('before its cells came into chibo a commune owes nothing, and says so instead of an all-clear', async () => {
      const h = await onDec10(open);
      const why =
        'Trong tháng 9/2026 chưa có chi bộ nào phải họp, báo cáo trên chibo (các chi bộ được đưa vào chibo sau kỳ này).';
      expect(await text(h, 'coord-xb', 'tonghop 9/2026')).toBe(
        `TỔNG HỢP Đảng bộ phường Bình Minh (XB) — tháng 9/2026\n${why}`,
      );
      expect(await text(h, 'coord-xb', 'chuahop 9/2026')).toBe(
        `Đảng bộ phường Bình Minh, tháng 9/2026:\n${why}`,
      );
      expect(await text(h, 'coord-xb', 'chuabaocao 9/2026')).not.toContain('mọi chi bộ');
      expect(await text(h, 'coord-tm', 'tonghop 1/2027')).toContain('Tháng 1/2027 chưa bắt đầu');
    });

    it('early in a month, tonghop without a period answers for the month just ended and says so', async () => {
      const h = storeHarness(await open());
      const p = await buildProvince(h);
      await provincePeople(h);
      await p.toDec3();
      h.setNow(local('2026-12-03', 8));
      const lines = (await text(h, 'coord-tm', 'tonghop')).split('\n');
      expect(lines.slice(0, 4)).toEqual([
        'TỔNG HỢP Tỉnh Mẫu (TM) — tháng 11/2026',
        '(Tháng 11/2026 vừa kết thúc. Xem tháng 12/2026 đang diễn ra: gõ thêm "thang nay".)',
        'Số chi bộ: 29',
        'Sinh hoạt: 27/29 chi bộ đã họp, 2 chưa họp',
      ]);
      // A08's report comes only later on the 3rd: on time 24, C10 late, B09 sent back, A08, A09, B10 none.
      expect(lines).toContain('Báo cáo: đúng hạn 24 · muộn 1 · chưa gửi 3 · bị trả lại 1');
      h.setNow(local('2026-12-10', 8));
      expect(await text(h, 'coord-tm', 'tonghop')).toContain('TỔNG HỢP Tỉnh Mẫu (TM) — tháng 12/2026');
    });

    it('digests and report reminders count the same cells as the summaries', async () => {
      const h = storeHarness(await open());
      const p = await buildProvince(h);
      await provincePeople(h);
      // 3 October: September's escalation. XA reported every month; XB and XC owed nothing yet.
      await reportReminders.run(h.deps, local('2026-10-03', 7, 30));
      expect(await h.sent('coord-tm')).toHaveLength(0);
      expect(await h.sent('coord-xb')).toHaveLength(0);
      // 25 November: A09's secretary is reminded of November's report.
      await reportReminders.run(h.deps, local('2026-11-25', 7, 30));
      expect((await h.sent('sec-a09')).map((m) => m.text)[0]).toContain('chưa gửi báo cáo tháng 11/2026');

      // 1 December: the monthly digest, with what had come in by then (A08 and C10 not yet).
      await digestJob.run(h.deps, local('2026-12-01', 7, 30));
      const monthly = (await h.sent('cu-tm')).map((m) => m.text);
      expect(monthly).toHaveLength(1);
      expect(monthly[0]!.split('\n').slice(0, 3)).toEqual([
        'BẢN TIN THÁNG — Tỉnh Mẫu, tháng 11/2026',
        'Số chi bộ: 29',
        'Sinh hoạt: 27/29 chi bộ đã họp, 2 chưa họp',
      ]);
      expect(monthly[0]).toContain('Báo cáo: đúng hạn 24 · muộn 0 · chưa gửi 4 · bị trả lại 1');
      expect(monthly[0]).toContain(
        '3. Đảng bộ xã Cao Sơn (XC): họp 10/10 · báo cáo 9/10 · được dự 1/10 chi bộ',
      );

      // 3 December, 07:30: November's escalation to the nearest coordinators. C10 (imported on
      // 16/11) reported on the 2nd; A08 reports later that morning.
      await p.toDec3();
      const before = (await h.sent('coord-tm')).length;
      await reportReminders.run(h.deps, local('2026-12-03', 7, 30));
      const tm = (await h.sent('coord-tm')).slice(before).map((m) => m.text);
      expect(tm).toEqual([
        [
          'Báo cáo tháng 11/2026 — Tỉnh Mẫu: 2 chi bộ chưa gửi (đã quá hạn):',
          '• A08 — Chi bộ thôn A08; chưa có bí thư liên kết',
          '• A09 — Chi bộ thôn A09; bí thư: Nguyễn Văn Chín',
        ].join('\n'),
      ]);
      const xb = (await h.sent('coord-xb')).map((m) => m.text);
      expect(xb).toHaveLength(1);
      expect(xb[0]).toContain('2 chi bộ chưa gửi');
      expect(xb[0]).toContain('• B09 — Chi bộ tổ dân phố B09 (đã trả lại');
      expect(xb[0]).toContain('• B10 — Chi bộ tổ dân phố B10');

      // Monday 7 December: the weekly digest of 30/11–6/12 and December so far.
      await p.toDec10();
      await digestJob.run(h.deps, local('2026-12-07', 7, 30));
      const weekly = (await h.sent('cu-tm')).map((m) => m.text)[1]!.split('\n');
      expect(weekly.slice(0, 6)).toEqual([
        'BẢN TIN TUẦN 30/11–06/12/2026 — Tỉnh Mẫu',
        // Meetings of 5/12 (A01, A02, A03, C10); reports first sent 2/12 (C10), 3/12 (A08), 6/12 (A01).
        'Tuần qua: 4 buổi sinh hoạt được ghi, 3 báo cáo được gửi, 1 lượt cấp trên dự họp.',
        '',
        'Tình hình tháng 12/2026 đến nay:',
        'Số chi bộ: 29',
        'Sinh hoạt (tháng đang diễn ra, hạn 31/12/2026): 4/29 chi bộ đã họp, 25 chưa họp — chưa đến hạn',
      ]);
    });

    it('a standing committee meeting weekly is never counted as a cell', async () => {
      const h = await onDec10(open);
      const s = await computeSummary(h.store.db, await unit(h, 'XC'), quarterPeriod(2026, 4), DEC10);
      // C01–C10 only; BTV's three weekly records are nowhere in the figures.
      expect(s.totals.cells).toBe(10);
      expect(s.totals.meetings).toBe(5 + 10 + 1);
      expect(s.children.map((c) => c.code)).not.toContain('BTV');
    });
  });
}
