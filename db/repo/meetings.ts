import { and, asc, desc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
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

export async function meetingInSlot(db: Db, unitId: string, slot: string): Promise<Meeting | undefined> {
  return db
    .select()
    .from(meetings)
    .where(and(eq(meetings.unitId, unitId), eq(meetings.slot, slot)))
    .get();
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

/** Scheduled meetings of a unit from `from` on, soonest first. */
/** A unit's scheduled meetings from `at` on, soonest first (`before`: up to `at`, latest first). */
async function scheduledAround(
  db: Db,
  unitId: string,
  at: Date,
  before: boolean,
  limit: number,
): Promise<Meeting[]> {
  return db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.unitId, unitId),
        eq(meetings.status, 'scheduled'),
        before ? lte(meetings.scheduledAt, at.getTime()) : gte(meetings.scheduledAt, at.getTime()),
      ),
    )
    .orderBy(before ? desc(meetings.scheduledAt) : asc(meetings.scheduledAt))
    .limit(limit)
    .all();
}

export function upcomingMeetings(db: Db, unitId: string, from: Date, limit = 2): Promise<Meeting[]> {
  return scheduledAround(db, unitId, from, false, limit);
}

/** The meeting that was due most recently and is not recorded yet. */
export async function lastDueMeeting(db: Db, unitId: string, now: Date): Promise<Meeting | undefined> {
  return (await scheduledAround(db, unitId, now, true, 1))[0];
}

export async function currentRecord(
  db: Db,
  unitId: string,
  period: string,
): Promise<MeetingRecord | undefined> {
  return db
    .select()
    .from(meetingRecords)
    .where(
      and(
        eq(meetingRecords.unitId, unitId),
        eq(meetingRecords.period, period),
        eq(meetingRecords.isCurrent, true),
      ),
    )
    .get();
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
export function supervisorAssignedOn(day: string) {
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

/** Cells a supervisor is assigned to on `today`, with their names. */
export async function supervisedUnits(db: Db, personId: string, today: string) {
  return db
    .select({ id: units.id, code: units.code, name: units.name, meetingRule: units.meetingRule })
    .from(supervisorAssignments)
    .innerJoin(units, eq(units.id, supervisorAssignments.unitId))
    .where(
      and(
        eq(supervisorAssignments.personId, personId),
        lte(supervisorAssignments.validFrom, today),
        or(isNull(supervisorAssignments.validTo), gte(supervisorAssignments.validTo, today)),
      ),
    )
    .all();
}

export async function peopleByIds(db: Db, ids: string[]) {
  const out: (typeof people.$inferSelect)[] = [];
  for (const c of chunks(ids))
    out.push(...(await db.select().from(people).where(inArray(people.id, c)).all()));
  return out;
}
