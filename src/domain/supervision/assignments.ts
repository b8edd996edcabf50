/**
 * Supervisor assignments: one supervisor per cell at a time, effective-dated, never deleted. A new
 * assignment ends whatever overlapped it the day before it starts; the rows stay as history.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { supervisorAssignedOn } from '../../../db/repo/meetings';
import { people, supervisorAssignments, units } from '../../../db/schema';
import type { Db, Write } from '../../../db/types';
import { supervision as t } from '../../messages/vi/supervision';
import { addLocalDays, formatDateInput } from '../time/zone';

export interface AssignmentSpan {
  id: string;
  personId: string;
  unitId: string;
  validFrom: string;
  validTo: string | null;
}

export interface AssignRequest {
  personId: string;
  unitId: string;
  from: string;
  until: string | null;
}

/** A change to an earlier row: it now ends earlier, or (when it lay wholly later) starts later. */
export interface SpanChange {
  span: AssignmentSpan;
  validFrom?: string;
  validTo?: string;
}

export type AssignPlan =
  | { kind: 'unchanged'; existing: AssignmentSpan }
  | { kind: 'assign'; row: AssignmentSpan; changes: SpanChange[] };

const END = '9999-12-31';

/** Rows ended before they began (superseded on their first day) are history, never in force. */
export function isLive(a: AssignmentSpan): boolean {
  return a.validTo === null || a.validTo >= a.validFrom;
}

export function inForce(a: AssignmentSpan, day: string): boolean {
  return isLive(a) && a.validFrom <= day && (a.validTo === null || a.validTo >= day);
}

/** Pure: what assigning `req` does to the cell's rows. */
export function planAssignment(existing: AssignmentSpan[], req: AssignRequest, id: string): AssignPlan {
  const live = existing.filter((a) => a.unitId === req.unitId && isLive(a));
  const same = live.find(
    (a) => a.personId === req.personId && a.validFrom <= req.from && a.validTo === req.until,
  );
  if (same) return { kind: 'unchanged', existing: same };
  const until = req.until ?? END;
  const dayBefore = addLocalDays(req.from, -1);
  const changes: SpanChange[] = [];
  for (const a of live) {
    const aEnd = a.validTo ?? END;
    if (a.validFrom > until || aEnd < req.from) continue;
    if (a.validFrom < req.from) changes.push({ span: a, validTo: dayBefore });
    else if (aEnd > until) changes.push({ span: a, validFrom: addLocalDays(until, 1) });
    // Wholly inside the new span: ended the day before the new one starts, so never in force.
    else changes.push({ span: a, validTo: dayBefore });
  }
  return {
    kind: 'assign',
    row: { id, personId: req.personId, unitId: req.unitId, validFrom: req.from, validTo: req.until },
    changes,
  };
}

/** The rows after a plan, so that a CSV file with several rows for one cell applies them in order. */
export function applyPlan(existing: AssignmentSpan[], plan: AssignPlan): AssignmentSpan[] {
  if (plan.kind === 'unchanged') return existing;
  const changed = new Map(plan.changes.map((c) => [c.span.id, c]));
  return [
    ...existing.map((a) => {
      const c = changed.get(a.id);
      return c ? { ...a, validFrom: c.validFrom ?? a.validFrom, validTo: c.validTo ?? a.validTo } : a;
    }),
    plan.row,
  ];
}

export function assignmentWrites(db: Db, plan: AssignPlan, createdBy: string | null, now: Date): Write[] {
  if (plan.kind === 'unchanged') return [];
  return [
    ...plan.changes.map((c) =>
      db
        .update(supervisorAssignments)
        .set(c.validFrom ? { validFrom: c.validFrom } : { validTo: c.validTo })
        .where(eq(supervisorAssignments.id, c.span.id)),
    ),
    db.insert(supervisorAssignments).values({ ...plan.row, createdBy, createdAt: now.getTime() }),
  ];
}

/** One list, so the spans that plans work on and the history rows people read stay the same shape. */
const SPAN_COLUMNS = {
  id: supervisorAssignments.id,
  personId: supervisorAssignments.personId,
  unitId: supervisorAssignments.unitId,
  validFrom: supervisorAssignments.validFrom,
  validTo: supervisorAssignments.validTo,
};

export async function assignmentsOfUnits(db: Db, unitIds: string[]): Promise<AssignmentSpan[]> {
  if (unitIds.length === 0) return [];
  return db
    .select(SPAN_COLUMNS)
    .from(supervisorAssignments)
    .where(inArray(supervisorAssignments.unitId, unitIds))
    .orderBy(asc(supervisorAssignments.validFrom), asc(supervisorAssignments.createdAt))
    .all();
}

export interface HistoryRow extends AssignmentSpan {
  personName: string;
}

/** Every assignment of a cell, oldest first, with names. */
export async function assignmentHistory(db: Db, unitId: string): Promise<HistoryRow[]> {
  return db
    .select({ ...SPAN_COLUMNS, personName: people.name })
    .from(supervisorAssignments)
    .innerJoin(people, eq(people.id, supervisorAssignments.personId))
    .where(eq(supervisorAssignments.unitId, unitId))
    .orderBy(asc(supervisorAssignments.validFrom), asc(supervisorAssignments.createdAt))
    .all();
}

/**
 * The start of an assignment typed without a date: the first day of this month, so that a visit
 * made earlier this month (before the coordinator got to it) counts as assigned; but today when the
 * cells have another supervisor's assignment from this month on, which starting earlier would cut
 * back (and would turn that supervisor's visits of the month into unassigned ones).
 */
export function defaultStart(
  rows: AssignmentSpan[],
  personId: string,
  unitIds: string[],
  today: string,
): { from: string; why: 'month_start' | 'replaces' } {
  const monthStart = `${today.slice(0, 8)}01`;
  const replaces = rows.some(
    (a) =>
      unitIds.includes(a.unitId) && a.personId !== personId && isLive(a) && (a.validTo ?? END) >= monthStart,
  );
  return replaces ? { from: today, why: 'replaces' } : { from: monthStart, why: 'month_start' };
}

export type NotAssigned =
  | { kind: 'never' }
  | { kind: 'not_yet'; from: string }
  | { kind: 'ended'; to: string };

/** Why the person is not assigned to the cell on that day: not yet, no longer, or never. */
export async function whyNotAssigned(
  db: Db,
  personId: string,
  unitId: string,
  day: string,
): Promise<NotAssigned> {
  const own = (await assignmentsOfUnits(db, [unitId])).filter((a) => a.personId === personId && isLive(a));
  const next = own.filter((a) => a.validFrom > day).sort((a, b) => a.validFrom.localeCompare(b.validFrom))[0];
  if (next) return { kind: 'not_yet', from: next.validFrom };
  const last = own
    .filter((a) => a.validTo !== null && a.validTo < day)
    .sort((a, b) => b.validTo!.localeCompare(a.validTo!))[0];
  return last ? { kind: 'ended', to: last.validTo! } : { kind: 'never' };
}

/** The question asked before recording a visit outside one's assignments, with the reason in it. */
export async function unassignedQuestion(
  db: Db,
  personId: string,
  unit: { id: string; label: string },
  day: string,
): Promise<string> {
  const why = await whyNotAssigned(db, personId, unit.id, day);
  const visit = formatDateInput(day);
  return t.confirmUnassigned(
    why.kind === 'not_yet'
      ? t.notAssignedYet(unit.label, formatDateInput(why.from), visit)
      : why.kind === 'ended'
        ? t.notAssignedAnyMore(unit.label, formatDateInput(why.to), visit)
        : t.notAssignedNever(unit.label),
  );
}

/** Whether the person is assigned to the cell on that day. */
export async function isAssigned(db: Db, personId: string, unitId: string, day: string): Promise<boolean> {
  const row = await db
    .select({ id: supervisorAssignments.id, validFrom: supervisorAssignments.validFrom })
    .from(supervisorAssignments)
    .where(
      and(
        eq(supervisorAssignments.personId, personId),
        eq(supervisorAssignments.unitId, unitId),
        supervisorAssignedOn(day),
      ),
    )
    .get();
  return row !== undefined;
}

/** Whether the person has ever been assigned to the cell (they know of it, whatever the day). */
export async function wasEverAssigned(db: Db, personId: string, unitId: string): Promise<boolean> {
  const row = await db
    .select({ id: supervisorAssignments.id })
    .from(supervisorAssignments)
    .where(and(eq(supervisorAssignments.personId, personId), eq(supervisorAssignments.unitId, unitId)))
    .get();
  return row !== undefined;
}

export interface AssignedCell {
  unitId: string;
  code: string;
  name: string;
  path: string;
  validFrom: string;
  validTo: string | null;
}

/** The cells a person is assigned to on a day. */
export async function cellsOf(db: Db, personId: string, day: string): Promise<AssignedCell[]> {
  return db
    .select({
      unitId: units.id,
      code: units.code,
      name: units.name,
      path: units.path,
      validFrom: supervisorAssignments.validFrom,
      validTo: supervisorAssignments.validTo,
    })
    .from(supervisorAssignments)
    .innerJoin(units, eq(units.id, supervisorAssignments.unitId))
    .where(and(eq(supervisorAssignments.personId, personId), supervisorAssignedOn(day)))
    .orderBy(asc(units.code))
    .all();
}
