import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingRecords, reports, supervisorAssignments, units, visits } from '../../../db/schema';
import { type NodeDatabase, openDatabase } from '../../../db/sqlite';
import type { Db, Write } from '../../../db/types';
import { monthPeriod, type Period, quarterPeriod, yearPeriod } from '../../../src/domain/summaries/period';
import { cellCtes } from '../../../src/domain/summaries/query';

/** A deterministic generator so that a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const months = Array.from({ length: 14 }, (_, i) => {
  const m = i + 11; // 2025-12 … 2027-01
  return `${2025 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
});

/**
 * Three communes of twelve cells with every kind of history: cells created and closed mid-year,
 * merged (one and two hops, before and after the periods' ends, into a neighbouring commune),
 * superseded records, late and sent-back reports, unassigned visits, ended and inverted assignments.
 */
function country(db: Db): Write[] {
  const random = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const day = (m: string) => `${m}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const w: Write[] = [];
  const unit = (id: string, kind: string, path: string, extra: Partial<typeof units.$inferInsert> = {}) =>
    w.push(db.insert(units).values({ id, code: id, name: id, kind, path, depth: 0, createdAt: 0, ...extra }));
  unit('P', 'province', '/P/');
  const cells: string[] = [];
  for (let c = 0; c < 3; c++) {
    unit(`C${c}`, 'commune', `/P/C${c}/`);
    for (let k = 0; k < 12; k++) cells.push(`C${c}K${k}`);
  }
  const pathOf = (id: string) => `/P/${id.slice(0, 2)}/${id}/`;
  cells.forEach((id, i) => {
    const r = random();
    const extra: Partial<typeof units.$inferInsert> = {};
    if (r < 0.15) extra.validFrom = day(pick(months));
    else if (r < 0.3) extra.validTo = day(pick(months));
    else if (r < 0.55 && i > 0) {
      extra.mergedIntoId = cells[Math.floor(random() * cells.length)] === id ? cells[0] : pick(cells);
      if (extra.mergedIntoId === id) extra.mergedIntoId = undefined;
      extra.validTo = random() < 0.2 ? null : day(pick(months));
    }
    // Some cells came into chibo in the middle of the data: they owe only from that month.
    if (random() < 0.2)
      extra.createdAt = Date.UTC(2026, Math.floor(random() * 12), 1 + Math.floor(random() * 28));
    unit(id, 'cell', pathOf(id), extra);
  });
  let n = 0;
  for (const id of cells) {
    if (random() < 0.5) {
      const from = day(pick(months));
      const to = random() < 0.5 ? null : day(pick(months));
      w.push(
        db
          .insert(supervisorAssignments)
          .values({ id: `a${++n}`, personId: 's', unitId: id, validFrom: from, validTo: to, createdAt: 0 }),
      );
    }
    for (const m of months) {
      const records = random() < 0.7 ? 1 + Math.floor(random() * 2) : 0;
      for (let k = 0; k < records; k++) {
        const total = 5 + Math.floor(random() * 20);
        w.push(
          db.insert(meetingRecords).values({
            id: `r${++n}`,
            unitId: id,
            period: m,
            heldOn: day(m),
            present: Math.floor(random() * total),
            total,
            kind: pick(['regular', 'regular', 'thematic', 'both'] as const),
            grade: pick(['tot', 'kha', 'trung_binh', 'kem', null] as const),
            revision: 1,
            isCurrent: random() < 0.85,
            recordedBy: 'p',
            recordedAt: 0,
          }),
        );
      }
      if (random() < 0.75)
        w.push(
          db.insert(reports).values({
            id: `b${++n}`,
            unitId: id,
            period: m,
            status: random() < 0.15 ? 'returned' : 'submitted',
            late: random() < 0.25,
            petitionsRaised: random() < 0.2 ? null : Math.floor(random() * 5),
            petitionsResolved: Math.floor(random() * 3),
            revision: 1,
            firstSubmittedAt: 0,
            submittedAt: 0,
            submittedBy: 'p',
          }),
        );
      while (random() < 0.3)
        w.push(
          db.insert(visits).values({
            id: `v${++n}`,
            personId: 's',
            unitId: id,
            visitedOn: day(m),
            period: m,
            unassigned: random() < 0.3,
            recordedAt: 0,
          }),
        );
    }
  }
  return w;
}

let d: NodeDatabase;
beforeAll(async () => {
  d = openDatabase(':memory:');
  await d.store.commit(country(d.store.db));
});
afterAll(() => d.close());

async function perCell(path: string, period: Period, now: string, plain: boolean) {
  const at = { now: new Date(now), tz: 'Asia/Ho_Chi_Minh' };
  return d.store.db.all<Record<string, unknown>>(sql`${cellCtes(path, period, at, { lists: true, plain })}
select * from pc order by id`);
}

const LISTS = ['unmet', 'unmet_open', 'unreported', 'unreported_open'];
const sortLists = (rows: Record<string, unknown>[]) =>
  rows.map((r) => ({
    ...r,
    ...Object.fromEntries(
      LISTS.map((k) => [k, (r[k] as string | null)?.split(',').sort().join(',') ?? null]),
    ),
  }));

describe('summary per-cell figures', () => {
  const periods: Period[] = [
    monthPeriod(2026, 1),
    monthPeriod(2026, 5),
    monthPeriod(2026, 6),
    monthPeriod(2026, 11),
    quarterPeriod(2026, 1),
    quarterPeriod(2026, 3),
    quarterPeriod(2026, 4),
    yearPeriod(2026),
  ];
  for (const path of ['/P/', '/P/C1/']) {
    it(`are the same through the plain pass and through the general grouping (${path})`, async () => {
      let plainCells = 0;
      // Asked in the middle of the data (some months open), and after all of it.
      for (const now of ['2026-05-20T03:00:00Z', '2027-02-10T03:00:00Z'])
        for (const period of periods) {
          const general = await perCell(path, period, now, false);
          const both = await perCell(path, period, now, true);
          expect(sortLists(both), `${path} ${period.key} ${now}`).toEqual(sortLists(general));
          plainCells += general.length;
        }
      expect(plainCells).toBeGreaterThan(0);
    });
  }
});
