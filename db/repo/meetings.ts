import { and, asc, desc, eq, gte, inArray, isNull, lte, or, type Placeholder, sql } from 'drizzle-orm';
import { preparedFor } from '../prepared';
import { meetingRecords, meetings, people, supervisorAssignments, units } from '../schema';
import type { Db } from '../types';

export type Meeting = typeof meetings.$inferSelect;
export type MeetingRecord = typeof meetingRecords.$inferSelect;

/** D1 refuses statements with more than 100 bound parameters. */
export const IN_CHUNK = 90;

export function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const inSlot = preparedFor((db) =>
  db
    .select()
    .from(meetings)
    .where(and(eq(meetings.unitId, sql.placeholder('unitId')), eq(meetings.slot, sql.placeholder('slot'))))
    .prepare(),
);

export async function meetingInSlot(db: Db, unitId: string, slot: string): Promise<Meeting | undefined> {
  return inSlot(db).get({ unitId, slot });
}

export async function meetingsInSlots(db: Db, unitIds: string[], slots: string[]): Promise<Meeting[]> {
  const out: Meeting[] = [];
  for (const ids of chunks(unitIds, IN_CHUNK - slots.length)) {
    out.push(
      ...(await db
        .select()
        .from(meetings)
        .where(and(inArray(meetings.unitId, ids), inArray(meetings.slot, slots)))
        .all()),
    );
  }
  return out;
}

/** A unit's scheduled meetings from `at` on, soonest first (`before`: up to `at`, latest first). */
const scheduled = (before: boolean) =>
  preparedFor((db) =>
    db
      .select()
      .from(meetings)
      .where(
        and(
          eq(meetings.unitId, sql.placeholder('unitId')),
          eq(meetings.status, 'scheduled'),
          before
            ? lte(meetings.scheduledAt, sql.placeholder('at'))
            : gte(meetings.scheduledAt, sql.placeholder('at')),
        ),
      )
      .orderBy(before ? desc(meetings.scheduledAt) : asc(meetings.scheduledAt))
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
const scheduledFrom = scheduled(false);
const scheduledUpTo = scheduled(true);

export async function upcomingMeetings(db: Db, unitId: string, from: Date, limit = 2): Promise<Meeting[]> {
  return scheduledFrom(db).all({ unitId, at: from.getTime(), limit });
}

/** The meeting that was due most recently and is not recorded yet. */
export async function lastDueMeeting(db: Db, unitId: string, now: Date): Promise<Meeting | undefined> {
  return (await scheduledUpTo(db).all({ unitId, at: now.getTime(), limit: 1 }))[0];
}

const recordOfMonth = preparedFor((db) =>
  db
    .select()
    .from(meetingRecords)
    .where(
      and(
        eq(meetingRecords.unitId, sql.placeholder('unitId')),
        eq(meetingRecords.period, sql.placeholder('period')),
        eq(meetingRecords.isCurrent, true),
      ),
    )
    .prepare(),
);

export async function currentRecord(
  db: Db,
  unitId: string,
  period: string,
): Promise<MeetingRecord | undefined> {
  return recordOfMonth(db).get({ unitId, period });
}

export async function latestRecord(db: Db, unitId: string): Promise<MeetingRecord | undefined> {
  return db
    .select()
    .from(meetingRecords)
    .where(and(eq(meetingRecords.unitId, unitId), eq(meetingRecords.isCurrent, true)))
    .orderBy(desc(meetingRecords.period))
    .limit(1)
    .get();
}

export async function recordRevisions(db: Db, unitId: string, period: string): Promise<MeetingRecord[]> {
  return db
    .select()
    .from(meetingRecords)
    .where(and(eq(meetingRecords.unitId, unitId), eq(meetingRecords.period, period)))
    .orderBy(asc(meetingRecords.revision))
    .all();
}

/** A supervisor assignment covers `day` (`YYYY-MM-DD`): the SQL form of `inForce` in supervision. */
export function supervisorAssignedOn(day: string | Placeholder) {
  return and(
    lte(supervisorAssignments.validFrom, day),
    or(isNull(supervisorAssignments.validTo), gte(supervisorAssignments.validTo, day)),
  );
}

/** Supervisors assigned to the units on `today` (`YYYY-MM-DD`): unit id → person ids. */
export async function activeSupervisors(
  db: Db,
  unitIds: string[],
  today: string,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const ids of chunks(unitIds)) {
    const rows = await db
      .select({ unitId: supervisorAssignments.unitId, personId: supervisorAssignments.personId })
      .from(supervisorAssignments)
      .where(and(inArray(supervisorAssignments.unitId, ids), supervisorAssignedOn(today)))
      .all();
    for (const r of rows) {
      const list = out.get(r.unitId) ?? [];
      if (!list.includes(r.personId)) list.push(r.personId);
      out.set(r.unitId, list);
    }
  }
  return out;
}

const supervised = preparedFor((db) =>
  db
    .select({ id: units.id, code: units.code, name: units.name, meetingRule: units.meetingRule })
    .from(supervisorAssignments)
    .innerJoin(units, eq(units.id, supervisorAssignments.unitId))
    .where(
      and(
        eq(supervisorAssignments.personId, sql.placeholder('personId')),
        supervisorAssignedOn(sql.placeholder('today')),
      ),
    )
    .prepare(),
);

/** Cells a supervisor is assigned to on `today`, with their names. */
export async function supervisedUnits(db: Db, personId: string, today: string) {
  return supervised(db).all({ personId, today });
}

export async function peopleByIds(db: Db, ids: string[]) {
  const out: (typeof people.$inferSelect)[] = [];
  for (const c of chunks(ids))
    out.push(...(await db.select().from(people).where(inArray(people.id, c)).all()));
  return out;
}
