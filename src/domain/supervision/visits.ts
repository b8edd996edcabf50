/** Supervision visits: matching to the cell's meeting of the day (recorded or scheduled), and a supervisor's own overview. */
import { and, asc, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import { type Grade, meetingRecords, meetings, visits } from '../../../db/schema';
import type { Db, Write } from '../../../db/types';
import { supervision as t } from '../../messages/vi/supervision';
import { addLocalDays, formatDateInput, formatDateTimeVi, splitIsoDate, zonedInstant } from '../time/zone';
import type { AssignedCell } from './assignments';
import type { Quarter } from './period';

export type Meeting = typeof meetings.$inferSelect;
export type Visit = typeof visits.$inferSelect;

/** The start and end (exclusive) instants of a local calendar day. */
export function dayBounds(isoDate: string, tz: string): [number, number] {
  const [y, m, d] = splitIsoDate(isoDate);
  const [ny, nm, nd] = splitIsoDate(addLocalDays(isoDate, 1));
  return [zonedInstant(tz, y, m, d).getTime(), zonedInstant(tz, ny, nm, nd).getTime()];
}

/** The cell's meeting on that local day (not a cancelled one), if any. */
export async function meetingOnDay(
  db: Db,
  unitId: string,
  isoDate: string,
  tz: string,
): Promise<Meeting | undefined> {
  const [start, end] = dayBounds(isoDate, tz);
  return db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.unitId, unitId),
        gte(meetings.scheduledAt, start),
        lt(meetings.scheduledAt, end),
        ne(meetings.status, 'cancelled'),
      ),
    )
    .orderBy(asc(meetings.scheduledAt))
    .get();
}

/**
 * What a visit on that day is matched to: the cell's current meeting record held that day (a
 * meeting recorded as held is what happened, whether or not it was scheduled), else its meeting
 * scheduled that day; null when neither exists.
 */
export type VisitMatch =
  | { by: 'record'; meetingId: string | null; heldOn: string }
  | { by: 'schedule'; meetingId: string; scheduledAt: number };

export async function meetingForVisit(
  db: Db,
  unitId: string,
  isoDate: string,
  tz: string,
): Promise<VisitMatch | null> {
  const record = await db
    .select({ meetingId: meetingRecords.meetingId, heldOn: meetingRecords.heldOn })
    .from(meetingRecords)
    .where(
      and(
        eq(meetingRecords.unitId, unitId),
        eq(meetingRecords.heldOn, isoDate),
        eq(meetingRecords.isCurrent, true),
      ),
    )
    .get();
  if (record) return { by: 'record', meetingId: record.meetingId, heldOn: record.heldOn };
  const scheduled = await meetingOnDay(db, unitId, isoDate, tz);
  return scheduled ? { by: 'schedule', meetingId: scheduled.id, scheduledAt: scheduled.scheduledAt } : null;
}

/** The line of the confirmation that says what the visit was matched to. */
export function visitMatchLine(match: VisitMatch | null, tz: string): string {
  if (!match) return t.noMeeting;
  return match.by === 'record'
    ? t.matchedRecord(formatDateInput(match.heldOn))
    : t.matchedMeeting(formatDateTimeVi(new Date(match.scheduledAt), tz));
}

export async function visitOn(
  db: Db,
  personId: string,
  unitId: string,
  isoDate: string,
): Promise<Visit | undefined> {
  return db
    .select()
    .from(visits)
    .where(and(eq(visits.personId, personId), eq(visits.unitId, unitId), eq(visits.visitedOn, isoDate)))
    .get();
}

export interface NewVisit {
  id: string;
  personId: string;
  unitId: string;
  visitedOn: string;
  meetingId: string | null;
  notes: string | null;
  grade: Grade | null;
  unassigned: boolean;
  latitude?: number | null;
  longitude?: number | null;
}

export function insertVisit(db: Db, v: NewVisit, now: Date): Write {
  return db.insert(visits).values({
    ...v,
    period: v.visitedOn.slice(0, 7),
    latitude: v.latitude ?? null,
    longitude: v.longitude ?? null,
    recordedAt: now.getTime(),
  });
}

/** Proof of presence: only ever written onto a visit the same person just recorded. */
export function setVisitLocation(db: Db, visitId: string, latitude: number, longitude: number): Write {
  return db.update(visits).set({ latitude, longitude }).where(eq(visits.id, visitId));
}

export interface MyCell extends AssignedCell {
  lastVisitOn: string | null;
  visitsThisQuarter: number;
}

/** My cells with my last visit to each and my visits this quarter: one aggregate query. */
export async function myCellsOverview(
  db: Db,
  personId: string,
  cells: AssignedCell[],
  quarter: Quarter,
): Promise<MyCell[]> {
  if (cells.length === 0) return [];
  const rows = await db
    .select({
      unitId: visits.unitId,
      last: sql<string>`max(${visits.visitedOn})`,
      inQuarter: sql<number>`sum(case when ${visits.visitedOn} between ${quarter.from} and ${quarter.to} then 1 else 0 end)`,
    })
    .from(visits)
    .where(
      and(
        eq(visits.personId, personId),
        inArray(
          visits.unitId,
          cells.map((c) => c.unitId),
        ),
      ),
    )
    .groupBy(visits.unitId)
    .all();
  const byUnit = new Map(rows.map((r) => [r.unitId, r]));
  return cells.map((c) => ({
    ...c,
    lastVisitOn: byUnit.get(c.unitId)?.last ?? null,
    visitsThisQuarter: Number(byUnit.get(c.unitId)?.inQuarter ?? 0),
  }));
}
