import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../../db/repo/units';
import { computeSummary } from '../../../src/domain/summaries/compute';
import { monthPeriod, quarterPeriod } from '../../../src/domain/summaries/period';
import { createHarness, type Harness } from '../../support/harness';

const at = { now: new Date('2026-12-02T03:00:00Z'), tz: 'Asia/Ho_Chi_Minh' };

import { seedQuanSon } from '../../support/summary-fixture';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-02T03:00:00Z');
  await seedQuanSon(h);
});
afterEach(() => h.close());

describe('computeSummary on the hand-counted commune', () => {
  it('counts November 2026 as counted by hand, the merged cell once under its successor', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    const s = await computeSummary(h.db, xqs, monthPeriod(2026, 11), at);
    expect(s.totals).toEqual({
      cells: 4,
      cellMonths: 4,
      dueMonths: 4,
      met: 3,
      missedMonths: 1,
      openMonths: 0,
      cellsAllMet: 3,
      cellsNoneMet: 1,
      meetings: 3,
      thematicMeetings: 1,
      // Quarter 4 is not over on 2 December: its thematic meetings are not due yet.
      quarters: 4,
      quartersDue: 0,
      thematicQuarters: 2,
      thematicMissed: 0,
      present: 36,
      total: 45,
      grades: { tot: 1, kha: 1, trung_binh: 0, kem: 1 },
      reportsOnTime: 1,
      reportsLate: 1,
      reportsReturned: 1,
      reportsMissing: 1,
      reportsOpen: 0,
      reportedDue: 2,
      petitionsRaised: 6,
      petitionsResolved: 3,
      visitedCells: 2,
      visits: 2,
      unassignedVisits: 1,
      assignedCells: 2,
      assignedVisited: 1,
    });
    expect(s.children.map((c) => c.code)).toEqual(['QS5', 'QS2', 'QS3', 'QS1']);
  });

  it('counts the merged cell on its own in a month that ended before the merge', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    const s = await computeSummary(h.db, xqs, monthPeriod(2026, 10), at);
    expect(s.totals.cells).toBe(5);
    expect(s.totals.met).toBe(1);
  });

  it('counts the quarter in cell-months, the merged cell under its successor for the whole quarter', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    const s = await computeSummary(h.db, xqs, quarterPeriod(2026, 4), at);
    expect(s.totals.cells).toBe(4);
    expect(s.totals.cellMonths).toBe(12);
    // October and November are due on 2 December, December is still in progress.
    expect(s.totals.dueMonths).toBe(8);
    expect(s.totals.met).toBe(4);
    expect(s.totals.missedMonths).toBe(8 - 4);
    expect(s.totals.openMonths).toBe(4);
    expect(s.totals.cellsNoneMet).toBe(1);
    expect(s.totals.thematicQuarters).toBe(2);
    expect(s.totals.reportsMissing).toBe(8 - 3);
    expect(s.totals.reportsOpen).toBe(4);
  });

  it('rolls a province up by commune, each commune its own row', async () => {
    const tinh = (await unitByCode(h.db, 'TINH'))!;
    const s = await computeSummary(h.db, tinh, monthPeriod(2026, 11), at);
    expect(s.totals.cells).toBe(5);
    expect(s.totals.petitionsRaised).toBe(56);
    expect(s.children.map((c) => [c.code, c.cells, c.met])).toEqual([
      ['XQS', 4, 3],
      ['XBEN', 1, 1],
    ]);
  });
});
