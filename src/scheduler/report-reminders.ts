/**
 * Report reminders: from the reminder day (25th by default) and again on the month's last day, to
 * the secretaries of cells with no submitted report for the month; then, REPORT_ESCALATION_DAYS
 * after the month ends, one message to the coordinators of the nearest unit above each missing
 * cell, listing them. Every message has a unique key, and keys already in the outbox are skipped
 * before anything is built, so repeated ticks cost a few reads and never send twice.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { roleInForce } from '../../db/repo/people';
import { reportStatuses } from '../../db/repo/reports';
import { outbox, people, roleAssignments, units } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { personTargets } from '../bot/targets';
import type { Deps } from '../deps';
import { periodLabel } from '../domain/reports/period';
import {
  escalationPeriod,
  nearestWith,
  outsideQuietHours,
  type ReminderSlot,
  reminderKey,
  reminderSlot,
} from '../domain/reports/reminders';
import { dueDate, owesIn } from '../domain/summaries/expected';
import {
  addLocalDays,
  daysInMonth,
  formatDateInput,
  localParts,
  monthKey,
  zonedInstant,
} from '../domain/time/zone';
import { CELL } from '../domain/units/kinds';
import { reports as texts } from '../messages/vi/reports';
import { enqueue } from '../outbox/enqueue';
import { commitInChunks } from './chunked';
import type { Job } from './jobs';

const CHUNK = 500;

interface Holder {
  personId: string;
  name: string;
  reminderChannel: string;
  unitId: string;
}

async function holders(db: Db, role: 'secretary' | 'coordinator', now: Date): Promise<Holder[]> {
  return db
    .select({
      personId: people.id,
      name: people.name,
      reminderChannel: people.reminderChannel,
      unitId: roleAssignments.unitId,
    })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(eq(roleAssignments.role, role), roleInForce(now.getTime())))
    .all();
}

/** Keys of the list already in the outbox. */
async function existingKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(inArray(outbox.dedupeKey, keys.slice(i, i + CHUNK)))
      .all();
    for (const r of rows) if (r.key) found.add(r.key);
  }
  return found;
}

/**
 * Cells that owe a report for `period`, by the one rule of src/domain/summaries/expected.ts (the
 * summaries count the same cells): a cell imported on 20 November is not chased for October, so the
 * first deployment does not open with a flood of escalations.
 */
async function cellsOwing(db: Db, period: string, tz: string) {
  const rows = await db
    .select({
      id: units.id,
      code: units.code,
      name: units.name,
      kind: units.kind,
      path: units.path,
      createdAt: units.createdAt,
      validFrom: units.validFrom,
      validTo: units.validTo,
      mergedIntoId: units.mergedIntoId,
    })
    .from(units)
    .where(and(eq(units.kind, CELL), isNull(units.mergedIntoId)))
    .all();
  return rows.filter((u) => owesIn(u, period, tz));
}

async function planReminders(deps: Deps, slot: ReminderSlot, now: Date, notBefore: Date): Promise<Write[]> {
  const db = deps.store.db;
  const secretaries = await holders(db, 'secretary', now);
  const status = new Map((await reportStatuses(db, slot.period)).map((r) => [r.unitId, r.status]));
  const owing = new Map(
    (await cellsOwing(db, slot.period, deps.config.TIMEZONE)).map((u) => [u.id, u.name] as const),
  );
  const due = secretaries.filter((s) => owing.has(s.unitId) && status.get(s.unitId) !== 'submitted');
  const keyOf = (s: Holder) => reminderKey(s.unitId, slot.period, s.personId, slot.kind);
  const done = await existingKeys(db, due.map(keyOf));
  const fresh = due.filter((s) => !done.has(keyOf(s)));
  if (fresh.length === 0) return [];
  const names = owing;
  const label = periodLabel(slot.period);
  const writes: Write[] = [];
  for (const s of fresh) {
    const unit = names.get(s.unitId) ?? '';
    const text =
      status.get(s.unitId) === 'returned'
        ? texts.remindReturned(unit, label)
        : slot.kind === 'last'
          ? texts.remindLast(unit, label)
          : texts.remindFirst(unit, label, formatDateInput(dueDate(slot.period)));
    // Each chat gets its own key, so that a person on Zalo and Telegram is reminded on both once.
    const targets = await personTargets(db, s.personId, s.reminderChannel);
    targets.forEach((t, i) => {
      const dedupeKey = i === 0 ? keyOf(s) : `${keyOf(s)}@${t.platform}`;
      writes.push(...enqueue(db, t, { text }, now, { dedupeKey, notBefore, expiresAt: slot.expiresAt }));
    });
  }
  return writes;
}

async function planEscalations(deps: Deps, period: string, now: Date, notBefore: Date): Promise<Write[]> {
  const db = deps.store.db;
  const coordinators = await holders(db, 'coordinator', now);
  const byUnit = new Map<string, Holder[]>();
  for (const c of coordinators) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
  if (byUnit.size === 0) return [];
  const secretaries = await holders(db, 'secretary', now);
  const status = new Map((await reportStatuses(db, period)).map((r) => [r.unitId, r.status]));
  const cells = (await cellsOwing(db, period, deps.config.TIMEZONE)).filter(
    (u) => status.get(u.id) !== 'submitted',
  );
  const groups = new Map<string, typeof cells>();
  for (const cell of cells) {
    const above = nearestWith(cell.path, cell.id, (id) => byUnit.has(id));
    if (above) groups.set(above, [...(groups.get(above) ?? []), cell]);
  }
  const planned = [...groups.entries()].flatMap(([unitId, list]) =>
    (byUnit.get(unitId) ?? []).map((c) => ({
      unitId,
      list,
      c,
      key: reminderKey(unitId, period, c.personId, 'escalation'),
    })),
  );
  const done = await existingKeys(
    db,
    planned.map((p) => p.key),
  );
  const todo = planned.filter((p) => !done.has(p.key));
  if (todo.length === 0) return [];
  const unitNames = new Map(
    (
      await db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(inArray(units.id, [...groups.keys()]))
        .all()
    ).map((u) => [u.id, u.name] as const),
  );
  const secretaryNames = new Map<string, string[]>();
  for (const s of secretaries)
    secretaryNames.set(s.unitId, [...(secretaryNames.get(s.unitId) ?? []), s.name]);
  // The month after the period: past its end the list is stale and a summary serves better.
  const p = localParts(now, deps.config.TIMEZONE);
  const next = addLocalDays(
    `${monthKey(now, deps.config.TIMEZONE)}-${String(daysInMonth(p.year, p.month)).padStart(2, '0')}`,
    1,
  );
  const [ny, nm, nd] = next.split('-').map(Number) as [number, number, number];
  const expiresAt = zonedInstant(deps.config.TIMEZONE, ny, nm, nd);
  const label = periodLabel(period);
  const writes: Write[] = [];
  for (const t of todo) {
    const lines = [...t.list]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((u) =>
        texts.escalationLine(
          u.code,
          u.name,
          status.get(u.id) === 'returned',
          (secretaryNames.get(u.id) ?? []).join(', '),
        ),
      );
    const text = texts.escalation(unitNames.get(t.unitId) ?? '', label, lines);
    const targets = await personTargets(db, t.c.personId, t.c.reminderChannel);
    targets.forEach((target, i) => {
      const dedupeKey = i === 0 ? t.key : `${t.key}@${target.platform}`;
      writes.push(...enqueue(db, target, { text }, now, { dedupeKey, notBefore, expiresAt }));
    });
  }
  return writes;
}

export const reportReminders: Job = {
  name: 'report-reminders',
  async run(deps, now) {
    const {
      TIMEZONE: tz,
      REPORT_REMINDER_DAY,
      REPORT_ESCALATION_DAYS,
      REMINDER_TIME,
      QUIET_HOURS,
    } = deps.config;
    const notBefore = outsideQuietHours(now, tz, QUIET_HOURS);
    const writes: Write[] = [];
    const slot = reminderSlot(now, tz, REPORT_REMINDER_DAY, REMINDER_TIME, deps.config.HOLIDAYS);
    if (slot) writes.push(...(await planReminders(deps, slot, now, notBefore)));
    const late = escalationPeriod(now, tz, REPORT_ESCALATION_DAYS, REMINDER_TIME, deps.config.HOLIDAYS);
    if (late) writes.push(...(await planEscalations(deps, late, now, notBefore)));
    await commitInChunks(deps.store, writes);
  },
};
