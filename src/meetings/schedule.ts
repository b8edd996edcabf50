/**
 * Turning rules and typed schedules into meeting rows. Shared by the `/lich` command (which plans a
 * cell at once, so the secretary sees the result) and the scheduler's planning job.
 */
import { and, eq, gt, like } from 'drizzle-orm';
import type { Meeting } from '../../db/repo/meetings';
import { meetings, outbox, units } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import type { Config } from '../config';
import { firstCursor } from '../domain/meetings/reminders';
import {
  isWeekly,
  type MeetingRule,
  occurrenceIn,
  ruleFromJson,
  shiftSlot,
  shiftWeek,
  splitSlot,
  weekMonday,
} from '../domain/meetings/rule';
import { isoFromDayNumber, isoWeekKey, monthKey, splitIsoDate, zonedInstant } from '../domain/time/zone';
import type { NewId } from '../util/ids';

/** This month and the next: the planner keeps both materialised, so the next meeting is always known. */
export function planSlots(now: Date, tz: string): [string, string] {
  const m = monthKey(now, tz);
  return [m, shiftSlot(m, 1)];
}

export function monthStart(slot: string, tz: string): Date {
  const [y, m] = splitSlot(slot);
  return zonedInstant(tz, y, m, 1, 0, 0);
}

/** This ISO week and the next, for weekly rules (a standing committee). */
export function planWeeks(now: Date, tz: string): [string, string] {
  const w = isoWeekKey(now, tz);
  return [w, shiftWeek(w, 1)];
}

/** Monday 00:00 (local) of an ISO week. */
export function weekStart(slot: string, tz: string): Date {
  const [y, m, d] = splitIsoDate(isoFromDayNumber(weekMonday(slot)));
  return zonedInstant(tz, y, m, d, 0, 0);
}

/** The slots a rule keeps materialised now, and when its planning mark should come back. */
export function planWindow(rule: MeetingRule, now: Date, tz: string): { slots: string[]; nextPlanAt: Date } {
  if (isWeekly(rule)) {
    const weeks = planWeeks(now, tz);
    return { slots: weeks, nextPlanAt: weekStart(weeks[1], tz) };
  }
  const months = planSlots(now, tz);
  return { slots: months, nextPlanAt: monthStart(months[1], tz) };
}

/** Every slot any rule may plan now: what to load before planning units of both kinds. */
export function allPlanSlots(now: Date, tz: string): string[] {
  return [...planSlots(now, tz), ...planWeeks(now, tz)];
}

export interface PlanResult {
  writes: Write[];
  /** The meetings inserted or moved, as they will be after the commit. */
  changed: { slot: string; scheduledAt: Date; id: string }[];
}

/**
 * Writes that bring a unit's rule meetings for this and next month (week, for a weekly rule) in line
 * with its rule, and move its planning mark to the start of the next one. Manual meetings (set with
 * `/lich <date>`) are kept; rule meetings are moved only when `replace` (the rule has just changed),
 * and then future rule meetings in slots of the other kind (a monthly rule turned weekly) are cancelled.
 */
export function planUnit(
  db: Db,
  unit: { id: string; meetingRule: string | null },
  existing: readonly Meeting[],
  now: Date,
  config: Config,
  newId: NewId,
  replace = false,
): PlanResult {
  const tz = config.TIMEZONE;
  const rule = ruleFromJson(unit.meetingRule);
  if (!rule)
    return { writes: [db.update(units).set({ nextPlanAt: null }).where(eq(units.id, unit.id))], changed: [] };
  const writes: Write[] = [];
  const changed: PlanResult['changed'] = [];
  const { slots, nextPlanAt } = planWindow(rule, now, tz);
  const t = now.getTime();
  if (replace) {
    for (const ex of existing) {
      if (ex.unitId !== unit.id || slots.includes(ex.slot)) continue;
      if (ex.source !== 'rule' || ex.status !== 'scheduled' || ex.scheduledAt <= t) continue;
      writes.push(
        db
          .update(meetings)
          .set({ status: 'cancelled', nextReminderAt: null, updatedAt: t })
          .where(and(eq(meetings.id, ex.id), eq(meetings.status, 'scheduled'), gt(meetings.scheduledAt, t))),
        dropPendingReminders(db, ex.id),
      );
    }
  }
  for (const slot of slots) {
    const at = occurrenceIn(rule, slot, tz);
    if (at <= now) continue;
    const ex = existing.find((m) => m.unitId === unit.id && m.slot === slot);
    const cursor = firstCursor(at, now, config)?.getTime() ?? null;
    if (!ex) {
      const id = newId();
      writes.push(
        db
          .insert(meetings)
          .values({
            id,
            unitId: unit.id,
            slot,
            scheduledAt: at.getTime(),
            place: rule.place ?? null,
            kind: 'regular',
            source: 'rule',
            status: 'scheduled',
            nextReminderAt: cursor,
            createdAt: t,
            updatedAt: t,
          })
          .onConflictDoNothing(),
      );
      changed.push({ slot, scheduledAt: at, id });
    } else if (
      replace &&
      ex.source === 'rule' &&
      ex.status === 'scheduled' &&
      (ex.scheduledAt !== at.getTime() || (ex.place ?? null) !== (rule.place ?? null))
    ) {
      writes.push(
        db
          .update(meetings)
          .set({ scheduledAt: at.getTime(), place: rule.place ?? null, nextReminderAt: cursor, updatedAt: t })
          .where(eq(meetings.id, ex.id)),
        dropPendingReminders(db, ex.id),
      );
      changed.push({ slot, scheduledAt: at, id: ex.id });
    }
  }
  writes.push(db.update(units).set({ nextPlanAt: nextPlanAt.getTime() }).where(eq(units.id, unit.id)));
  return { writes, changed };
}

/** Reminders written for the old time of a moved meeting and not yet sent would carry the wrong time. */
export function dropPendingReminders(db: Db, meetingId: string): Write {
  return db
    .update(outbox)
    .set({ status: 'dropped', lastError: 'meeting moved' })
    .where(and(like(outbox.dedupeKey, `meeting:${meetingId}:%`), eq(outbox.status, 'pending')));
}
