/**
 * Properties of "expected" over any tree and any records (fast-check):
 * - a summary's counts are its per-cell rows summed (the lists, the Excel file and the totals agree);
 * - a laggard list names exactly the expected, due cell-months that are not done, by the rule of
 *   src/domain/summaries/expected.ts written again here in TypeScript from the generated facts; so
 *   it is empty only when every expected cell-month is done.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetingRecords, reports, units } from '../../../db/schema';
import { openDatabase } from '../../../db/sqlite';
import type { Write } from '../../../db/types';
import { cellRows } from '../../../src/domain/summaries/cells';
import { computeSummary } from '../../../src/domain/summaries/compute';
import { type AsOf, existsIn, isDue } from '../../../src/domain/summaries/expected';
import { laggardsOf } from '../../../src/domain/summaries/laggards';
import { monthPeriod, type Period, quarterPeriod, yearPeriod } from '../../../src/domain/summaries/period';

const TZ = 'Asia/Ho_Chi_Minh';
const MONTHS = Array.from({ length: 14 }, (_, i) => {
  const k = 2025 * 12 + 11 + i; // 2025-12 … 2027-01
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
});
const day = (month: string, d: number) => `${month}-${String(d).padStart(2, '0')}`;

interface GenCell {
  commune: number;
  created: number;
  validFrom: string | null;
  validTo: string | null;
  /** Index of the cell it merged into (only into an earlier, unmerged cell), or null. */
  mergedInto: number | null;
  meetings: { month: number; current: boolean }[];
  reports: { month: number; state: 'on_time' | 'late' | 'returned' }[];
}

const cellArb = fc.record({
  commune: fc.integer({ min: 0, max: 2 }),
  // When it came into chibo: any instant from mid-2025 to early 2027.
  created: fc.integer({ min: Date.UTC(2025, 6, 1), max: Date.UTC(2027, 1, 1) }),
  validFrom: fc.option(fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 28 })), {
    nil: null,
  }),
  validTo: fc.option(fc.tuple(fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 28 })), {
    nil: null,
  }),
  merge: fc.option(fc.nat(), { nil: null }),
  meetings: fc.array(fc.record({ month: fc.integer({ min: 0, max: 13 }), current: fc.boolean() }), {
    maxLength: 8,
  }),
  reports: fc.array(
    fc.record({
      month: fc.integer({ min: 0, max: 13 }),
      state: fc.constantFrom('on_time' as const, 'late' as const, 'returned' as const),
    }),
    { maxLength: 8 },
  ),
});

const worldArb = fc.record({
  cells: fc.array(cellArb, { minLength: 1, maxLength: 9 }),
  now: fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2027, 2, 1) }),
  period: fc.oneof(
    fc.integer({ min: 1, max: 12 }).map((m) => monthPeriod(2026, m)),
    fc.integer({ min: 1, max: 4 }).map((q) => quarterPeriod(2026, q)),
    fc.constant(yearPeriod(2026)),
  ),
});

type RawCell = typeof cellArb extends fc.Arbitrary<infer T> ? T : never;

function cellsOf(raw: RawCell[]): GenCell[] {
  const out: GenCell[] = [];
  raw.forEach((c, i) => {
    const earlier = out.map((x, k) => [x, k] as const).filter(([x]) => x.mergedInto === null);
    const mergedInto = c.merge !== null && earlier.length > 0 ? earlier[c.merge % earlier.length]![1] : null;
    out.push({
      commune: c.commune,
      created: c.created,
      validFrom: c.validFrom ? day(MONTHS[c.validFrom[0]]!, c.validFrom[1]) : null,
      validTo: c.validTo
        ? day(MONTHS[c.validTo[0]]!, c.validTo[1])
        : mergedInto !== null
          ? '2026-06-15'
          : null,
      mergedInto: mergedInto === i ? null : mergedInto,
      meetings: c.meetings,
      reports: [...new Map(c.reports.map((r) => [r.month, r])).values()],
    });
  });
  return out;
}

function seed(cells: GenCell[]): { writes: (db: Parameters<typeof computeSummary>[0]) => Write[] } {
  return {
    writes: (db) => {
      const w: Write[] = [
        db
          .insert(units)
          .values({ id: 'P', code: 'P', name: 'P', kind: 'province', path: '/P/', depth: 0, createdAt: 0 }),
      ];
      for (let k = 0; k < 3; k++)
        w.push(
          db.insert(units).values({
            id: `C${k}`,
            code: `C${k}`,
            name: `C${k}`,
            kind: 'commune',
            path: `/P/C${k}/`,
            depth: 1,
            createdAt: 0,
          }),
        );
      let n = 0;
      cells.forEach((c, i) => {
        const id = `K${i}`;
        w.push(
          db.insert(units).values({
            id,
            code: id,
            name: id,
            kind: 'cell',
            path: `/P/C${c.commune}/${id}/`,
            depth: 2,
            createdAt: c.created,
            validFrom: c.validFrom,
            validTo: c.validTo,
            mergedIntoId: c.mergedInto === null ? null : `K${c.mergedInto}`,
          }),
        );
        for (const m of c.meetings)
          w.push(
            db.insert(meetingRecords).values({
              id: `r${++n}`,
              unitId: id,
              period: MONTHS[m.month]!,
              heldOn: day(MONTHS[m.month]!, 5),
              present: 5,
              total: 9,
              kind: 'regular',
              revision: 1,
              isCurrent: m.current,
              recordedBy: 'p',
              recordedAt: 0,
            }),
          );
        for (const r of c.reports)
          w.push(
            db.insert(reports).values({
              id: `b${++n}`,
              unitId: id,
              period: MONTHS[r.month]!,
              status: r.state === 'returned' ? 'returned' : 'submitted',
              late: r.state === 'late',
              petitionsRaised: 1,
              petitionsResolved: 0,
              revision: 1,
              firstSubmittedAt: 0,
              submittedAt: 0,
              submittedBy: 'p',
            }),
          );
      });
      return w;
    },
  };
}

/** The rule again, in TypeScript, over the generated facts: the cell-months due and not done. */
function lateByHand(
  cells: GenCell[],
  period: Period,
  at: AsOf,
  done: (c: GenCell, month: string) => boolean,
) {
  const eff = (i: number) => {
    const c = cells[i]!;
    const merged = c.mergedInto !== null && (c.validTo === null || c.validTo <= period.to);
    return merged ? c.mergedInto! : i;
  };
  const late = new Set<string>();
  for (const m of period.months) {
    if (!isDue(m, at)) continue;
    const byCell = new Map<number, { expected: boolean; done: boolean }>();
    cells.forEach((c, i) => {
      const e = eff(i);
      const o = byCell.get(e) ?? { expected: false, done: false };
      o.expected ||= existsIn(
        { kind: 'cell', createdAt: c.created, validFrom: c.validFrom, validTo: c.validTo },
        m,
        TZ,
      );
      o.done ||= done(c, m);
      byCell.set(e, o);
    });
    for (const [e, o] of byCell) if (o.expected && !o.done) late.add(`K${e} ${m}`);
  }
  return late;
}

const listed = (rows: { code: string; unmet: string | null }[]) =>
  new Set(rows.flatMap((r) => (r.unmet ? r.unmet.split(',').map((m) => `${r.code} ${m}`) : [])));

describe('expected cell-months (property)', () => {
  const seen = { lateLists: 0, cells: 0 };
  it('summary counts are the per-cell rows summed; laggard lists are exactly what is due and not done', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        const cells = cellsOf(world.cells);
        const database = openDatabase(':memory:');
        try {
          const db = database.store.db;
          await database.store.commit(seed(cells).writes(db));
          const at = { now: new Date(world.now), tz: TZ };
          const root = { id: 'P', code: 'P', name: 'P', kind: 'province', path: '/P/' };
          const s = await computeSummary(db, root, world.period, at);
          const rows = await cellRows(db, '/P/', world.period, 'all', at);
          const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
          expect(s.totals.cells).toBe(rows.length);
          expect(s.totals.cellMonths).toBe(sum((r) => r.months));
          expect(s.totals.dueMonths).toBe(sum((r) => r.due));
          expect(s.totals.met).toBe(sum((r) => r.met));
          expect(s.totals.missedMonths).toBe(sum((r) => r.due - r.metDue));
          expect(s.totals.openMonths).toBe(sum((r) => r.months - r.due - (r.met - r.metDue)));
          expect(s.totals.reportsOnTime).toBe(sum((r) => r.onTime));
          expect(s.totals.reportsLate).toBe(sum((r) => r.late));
          expect(s.totals.reportsReturned).toBe(sum((r) => r.returned));
          expect(s.totals.reportsMissing).toBe(sum((r) => r.missing));
          expect(s.totals.reportsOpen).toBe(sum((r) => r.openReports));
          expect(s.totals.meetings).toBe(sum((r) => r.meetings));
          expect(s.totals.petitionsRaised).toBe(sum((r) => r.raised));
          // Every cell-month is met, missed or open; every one has one report state.
          expect(s.totals.met + s.totals.missedMonths + s.totals.openMonths).toBe(s.totals.cellMonths);
          const reportStates =
            s.totals.reportsOnTime +
            s.totals.reportsLate +
            s.totals.reportsReturned +
            s.totals.reportsMissing +
            s.totals.reportsOpen;
          expect(reportStates).toBe(s.totals.cellMonths);

          const unmet = lateByHand(cells, world.period, at, (c, m) =>
            c.meetings.some((x) => x.current && MONTHS[x.month] === m),
          );
          const meetingList = laggardsOf(rows, 'unmet');
          expect(listed(meetingList.late)).toEqual(unmet);
          expect(meetingList.late.length === 0).toBe(unmet.size === 0);
          seen.lateLists += unmet.size > 0 ? 1 : 0;
          seen.cells += rows.length;
          const unreported = lateByHand(cells, world.period, at, (c, m) =>
            c.reports.some((x) => x.state !== 'returned' && MONTHS[x.month] === m),
          );
          const reportList = laggardsOf(rows, 'unreported');
          expect(listed(reportList.late.map((r) => ({ code: r.code, unmet: r.unreported })))).toEqual(
            unreported,
          );
        } finally {
          database.close();
        }
      }),
      { numRuns: 60 },
    );
    // The generator does reach the interesting cases (not every run is an empty world).
    expect(seen.lateLists).toBeGreaterThanOrEqual(3);
    expect(seen.cells).toBeGreaterThanOrEqual(15);
  });
});
