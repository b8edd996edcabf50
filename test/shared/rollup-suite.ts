/**
 * The summary rollup (cell_months) kept by the migration's triggers, on every Store: inserts,
 * corrections, send-backs, deletes and a unit-month moving, each landing in the same commit as the
 * fact, and the summary reading the result. Run on better-sqlite3 and on D1.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cellMonths, meetingRecords, reports, units, visits } from '../../db/schema';
import type { Db, Store } from '../../db/types';
import { computeSummary } from '../../src/domain/summaries/compute';
import { monthPeriod } from '../../src/domain/summaries/period';
import type { OpenStore } from './harness';

const T = Date.UTC(2026, 10, 20);

function unit(db: Db, id: string, kind: string, path: string) {
  return db
    .insert(units)
    .values({ id, code: id, name: id, kind, path, depth: path.split('/').length - 2, createdAt: T });
}

const record = (db: Db, id: string, unitId: string, o: Partial<typeof meetingRecords.$inferInsert> = {}) =>
  db.insert(meetingRecords).values({
    id,
    unitId,
    period: '2026-11',
    heldOn: '2026-11-05',
    present: 10,
    total: 12,
    kind: 'regular',
    grade: 'tot',
    revision: 1,
    isCurrent: true,
    recordedBy: 'p',
    recordedAt: T,
    ...o,
  });

const report = (db: Db, id: string, unitId: string, o: Partial<typeof reports.$inferInsert> = {}) =>
  db.insert(reports).values({
    id,
    unitId,
    period: '2026-11',
    status: 'submitted',
    petitionsRaised: 2,
    petitionsResolved: 1,
    revision: 1,
    firstSubmittedAt: T,
    submittedAt: T,
    submittedBy: 'p',
    ...o,
  });

const visit = (db: Db, id: string, unitId: string, unassigned: boolean) =>
  db.insert(visits).values({
    id,
    personId: 'sup',
    unitId,
    visitedOn: '2026-11-12',
    period: '2026-11',
    unassigned,
    recordedAt: T,
  });

async function rows(store: Store) {
  return store.db.select().from(cellMonths).orderBy(asc(cellMonths.unitId), asc(cellMonths.period)).all();
}

const zero = {
  meetings: 0,
  thematic: 0,
  present: 0,
  total: 0,
  gradeTot: 0,
  gradeKha: 0,
  gradeTrungBinh: 0,
  gradeKem: 0,
  report: 0,
  petitionsRaised: 0,
  petitionsResolved: 0,
  visits: 0,
  unassignedVisits: 0,
};

async function seed(store: Store) {
  const db = store.db;
  await store.commit([
    unit(db, 'P', 'province', '/P/'),
    unit(db, 'C', 'commune', '/P/C/'),
    unit(db, 'A', 'cell', '/P/C/A/'),
    unit(db, 'B', 'cell', '/P/C/B/'),
    record(db, 'r1', 'A'),
    report(db, 'b1', 'A'),
    visit(db, 'v1', 'A', false),
    visit(db, 'v2', 'B', true),
  ]);
}

export function rollupSuite(open: OpenStore): void {
  describe('summary rollup kept by triggers', () => {
    it('adds up a unit-month in the same commit as its facts', async () => {
      const store = await open();
      await seed(store);
      expect(await rows(store)).toEqual([
        {
          ...zero,
          unitId: 'A',
          period: '2026-11',
          meetings: 1,
          present: 10,
          total: 12,
          gradeTot: 1,
          report: 3,
          petitionsRaised: 2,
          petitionsResolved: 1,
          visits: 1,
        },
        { ...zero, unitId: 'B', period: '2026-11', visits: 1, unassignedVisits: 1 },
      ]);
    });

    it('follows a corrected record, a sent-back report, a deleted visit and a visit moved to another month', async () => {
      const store = await open();
      await seed(store);
      const db = store.db;
      await store.commit([
        db.update(meetingRecords).set({ isCurrent: false }).where(eq(meetingRecords.id, 'r1')),
        record(db, 'r2', 'A', { revision: 2, kind: 'thematic', present: 11, grade: 'kha' }),
        db.update(reports).set({ status: 'returned' }).where(eq(reports.id, 'b1')),
        db.delete(visits).where(eq(visits.id, 'v2')),
        db.update(visits).set({ period: '2026-10', visitedOn: '2026-10-30' }).where(eq(visits.id, 'v1')),
        report(db, 'b2', 'B', { late: true, petitionsRaised: null, petitionsResolved: null }),
      ]);
      expect(await rows(store)).toEqual([
        { ...zero, unitId: 'A', period: '2026-10', visits: 1 },
        {
          ...zero,
          unitId: 'A',
          period: '2026-11',
          meetings: 1,
          thematic: 1,
          present: 11,
          total: 12,
          gradeKha: 1,
          report: 1,
          petitionsRaised: 2,
          petitionsResolved: 1,
        },
        { ...zero, unitId: 'B', period: '2026-11', report: 2 },
      ]);
      const queued = await db.all(sql`select count(*) as n from cell_month_refresh`);
      expect(queued).toEqual([{ n: 0 }]);

      const s = await computeSummary(
        db,
        { id: 'C', code: 'C', name: 'C', kind: 'commune', path: '/P/C/' },
        monthPeriod(2026, 11),
        { now: new Date('2026-12-05T03:00:00Z'), tz: 'Asia/Ho_Chi_Minh' },
      );
      expect(s.totals).toMatchObject({
        cells: 2,
        met: 1,
        thematicMeetings: 1,
        present: 11,
        reportsReturned: 1,
        reportsLate: 1,
        reportsMissing: 0,
        petitionsRaised: 2,
        visits: 0,
      });
    });

    it('rebuilds to the same rows from the fact tables (the migration backfill)', async () => {
      const store = await open();
      await seed(store);
      const before = await rows(store);
      await store.commit([store.db.delete(cellMonths)]);
      expect(await rows(store)).toEqual([]);
      await store.db.run(sql`insert into cell_month_refresh (unit_id, period)
        select unit_id, period from meeting_records where is_current = 1
        union select unit_id, period from reports union select unit_id, period from visits`);
      expect(await rows(store)).toEqual(before);
    });
  });
}
