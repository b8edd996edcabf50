/**
 * A cell imported this month, in a summary of the running quarter: it owes nothing due yet, so it is
 * not the "weakest" unit of the quarter (it was listed first, ahead of a cell that missed a
 * meeting), and the chart, whose bars are shares of due months, draws no 0 % bars for it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../../db/repo/units';
import { summaryChartSvg } from '../../../src/domain/summaries/chart';
import { computeSummary } from '../../../src/domain/summaries/compute';
import { quarterPeriod } from '../../../src/domain/summaries/period';
import { createHarness, type Harness } from '../../support/harness';
import { seedQuanSon } from '../../support/summary-fixture';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-02T03:00:00Z');
  await seedQuanSon(h);
  // Imported on 2 December: owes December, due on 31/12.
  await h.unit('QS9', 'Chi bộ thôn Chín', 'cell', 'XQS');
  await h.person('coord-qs', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
});
afterEach(() => h.close());

describe('a cell imported during the period', () => {
  it('is not listed as the weakest unit of the quarter', async () => {
    const [r] = await h.say('coord-qs', 'tonghop quy 4/2026');
    const lines = r!.text.split('\n').filter((l) => /^\d+\. /.test(l));
    // QS5, QS2 and QS3 each missed something due (a meeting, a report); QS9 owes nothing due yet.
    const at = (code: string) => lines.findIndex((l) => l.includes(`(${code})`));
    expect(lines[0]).toMatch(/^1\. Chi bộ thôn Mới \(QS5\)/);
    expect(at('QS9')).toBeGreaterThan(at('QS2'));
    expect(at('QS9')).toBeGreaterThan(at('QS3'));
  });

  it('gets no 0 % bars for meetings and reports in a chart of due months', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    const s = await computeSummary(h.db, xqs, quarterPeriod(2026, 4), {
      now: h.now(),
      tz: 'Asia/Ho_Chi_Minh',
    });
    const { svg } = summaryChartSvg(s);
    const row = svg.slice(svg.indexOf('Chi bộ thôn Chín'));
    const next = row.indexOf('<text x="20"', 1);
    const own = next > 0 ? row.slice(0, next) : row;
    expect(own.match(/chưa đến hạn/g)).toHaveLength(2);
    // Its visited bar is still a share of its cells: 0 %.
    expect(own.match(/>\d+%</g)).toEqual(['>0%<']);
  });
});
