/**
 * What a cell's page lists for a period: its meeting records with every revision, its reports with
 * every revision and who sent them back, and the visits with the supervisors' notes. Listing rows,
 * not counting: the figures come from the summary.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { peopleByIds } from '../../../db/repo/meetings';
import { type Report, revisionsOf } from '../../../db/repo/reports';
import { meetingRecords, people, reports, visits } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Period } from '../../domain/summaries/period';

export type RecordRow = typeof meetingRecords.$inferSelect;

export interface CellRecords {
  /** Every revision of every record, by day then revision. */
  records: RecordRow[];
  reports: (Report & { revisions: Awaited<ReturnType<typeof revisionsOf>> })[];
  visits: (typeof visits.$inferSelect & { who: string | null })[];
  /** Names of everyone who wrote, sent back or visited. */
  names: Map<string, string>;
}

export async function cellRecords(db: Db, unitId: string, period: Period): Promise<CellRecords> {
  const months = period.months;
  const records = await db
    .select()
    .from(meetingRecords)
    .where(and(eq(meetingRecords.unitId, unitId), inArray(meetingRecords.period, months)))
    .orderBy(asc(meetingRecords.heldOn), asc(meetingRecords.revision))
    .all();
  const rows = await db
    .select()
    .from(reports)
    .where(and(eq(reports.unitId, unitId), inArray(reports.period, months)))
    .orderBy(asc(reports.period))
    .all();
  const withRevisions = [];
  for (const r of rows) withRevisions.push({ ...r, revisions: await revisionsOf(db, r.id) });
  const visitRows = await db
    .select({ visit: visits, who: people.name })
    .from(visits)
    .leftJoin(people, eq(people.id, visits.personId))
    .where(and(eq(visits.unitId, unitId), inArray(visits.period, months)))
    .orderBy(asc(visits.visitedOn))
    .all();
  const ids = new Set<string>();
  for (const r of records) ids.add(r.recordedBy);
  for (const r of withRevisions) {
    if (r.returnedBy) ids.add(r.returnedBy);
    for (const v of r.revisions) ids.add(v.by);
  }
  const names = new Map((await peopleByIds(db, [...ids])).map((p) => [p.id, p.name] as const));
  return {
    records,
    reports: withRevisions,
    visits: visitRows.map((v) => ({ ...v.visit, who: v.who })),
    names,
  };
}
