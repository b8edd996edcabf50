/**
 * Report reminders: from the reminder day (25th by default) and again on the month's last day, to
 * the secretaries of cells with no submitted report for the month; then, REPORT_ESCALATION_DAYS
 * after the month ends, one message to the coordinators of the nearest unit above each missing
 * cell, listing them. Every message has a unique key, and keys already in the outbox are skipped
 * before anything is built, so repeated ticks cost a few reads and never send twice. Reads go by
 * IN_CHUNK ids (D1 binds at most 100 parameters a query), and the messages are committed a chunk of
 * people at a time, so a tick that reaches its query budget keeps what it wrote and the next one
 * goes on from the keys.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { QueryBudgetExhausted } from '../../db/budget';
import { chunks, IN_CHUNK } from '../../db/repo/meetings';
import { type Identity, roleInForce } from '../../db/repo/people';
import { reportStatuses } from '../../db/repo/reports';
import { chatIdentities, outbox, people, roleAssignments, units } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { chooseTargets } from '../bot/targets';
import type { Deps } from '../deps';
import { atLocal, spreadOffsetMs } from '../domain/meetings/reminders';
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
import { enqueue, type Target } from '../outbox/enqueue';
import type { Job } from './jobs';

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
  for (const some of chunks(keys)) {
    const rows = await db
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(inArray(outbox.dedupeKey, some))
      .all();
    for (const r of rows) if (r.key) found.add(r.key);
  }
  return found;
}

/** The chats of a chunk of holders in one read, chosen as `personTargets` chooses them. */
async function targetsOf(db: Db, holders: Holder[]): Promise<Map<string, Target[]>> {
  const ids = [...new Set(holders.map((h) => h.personId))];
  const byPerson = new Map<string, Identity[]>();
  if (ids.length > 0) {
    for (const i of await db.select().from(chatIdentities).where(inArray(chatIdentities.personId, ids)).all())
      byPerson.set(i.personId, [...(byPerson.get(i.personId) ?? []), i]);
  }
  return new Map(
    holders.map((h) => [
      h.personId,
      chooseTargets(byPerson.get(h.personId) ?? [], h.personId, h.reminderChannel),
    ]),
  );
}

/**
 * Builds and commits the messages a chunk of people at a time: one read of their chats and one
 * commit each. Within a query budget, a chunk starts only with both queries in hand.
 */
async function inChunks<T extends { holder: Holder }>(
  deps: Deps,
  items: T[],
  build: (item: T, targets: Target[]) => Write[],
): Promise<void> {
  for (const some of chunks(items, IN_CHUNK)) {
    if (deps.budget && deps.budget.left() < 2) throw new QueryBudgetExhausted();
    const targets = await targetsOf(
      deps.store.db,
      some.map((i) => i.holder),
    );
    const writes = some.flatMap((i) => build(i, targets.get(i.holder.personId) ?? []));
    if (writes.length > 0) await deps.store.commit(writes);
  }
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

async function planReminders(deps: Deps, slot: ReminderSlot, now: Date, notBefore: Date): Promise<void> {
  const db = deps.store.db;
  const secretaries = await holders(db, 'secretary', now);
  const status = new Map((await reportStatuses(db, slot.period)).map((r) => [r.unitId, r.status]));
  const owing = new Map(
    (await cellsOwing(db, slot.period, deps.config.TIMEZONE)).map((u) => [u.id, u.name] as const),
  );
  // With REMINDER_SPREAD_MINUTES each cell's reminder waits for its own minute after REMINDER_TIME.
  const today = localParts(now, deps.config.TIMEZONE).isoDate;
  const sinceStart =
    now.getTime() - atLocal(today, deps.config.REMINDER_TIME, deps.config.TIMEZONE).getTime();
  const due = secretaries.filter(
    (s) =>
      owing.has(s.unitId) &&
      status.get(s.unitId) !== 'submitted' &&
      spreadOffsetMs(s.unitId, deps.config) <= sinceStart,
  );
  const keyOf = (s: Holder) => reminderKey(s.unitId, slot.period, s.personId, slot.kind);
  const done = await existingKeys(db, due.map(keyOf));
  const fresh = due.filter((s) => !done.has(keyOf(s)));
  const names = owing;
  const label = periodLabel(slot.period);
  await inChunks(
    deps,
    fresh.map((holder) => ({ holder })),
    ({ holder: s }, targets) => {
      const unit = names.get(s.unitId) ?? '';
      const text =
        status.get(s.unitId) === 'returned'
          ? texts.remindReturned(unit, label)
          : slot.kind === 'last'
            ? texts.remindLast(unit, label)
            : texts.remindFirst(unit, label, formatDateInput(dueDate(slot.period)));
      // Each chat gets its own key, so that a person on Zalo and Telegram is reminded on both once.
      return targets.flatMap((t, i) => {
        const dedupeKey = i === 0 ? keyOf(s) : `${keyOf(s)}@${t.platform}`;
        return enqueue(db, t, { text }, now, { dedupeKey, notBefore, expiresAt: slot.expiresAt });
      });
    },
  );
}

async function planEscalations(deps: Deps, period: string, now: Date, notBefore: Date): Promise<void> {
  const db = deps.store.db;
  const coordinators = await holders(db, 'coordinator', now);
  const byUnit = new Map<string, Holder[]>();
  for (const c of coordinators) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
  if (byUnit.size === 0) return;
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
  if (todo.length === 0) return;
  const unitNames = new Map<string, string>();
  for (const ids of chunks([...groups.keys()])) {
    for (const u of await db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(inArray(units.id, ids))
      .all())
      unitNames.set(u.id, u.name);
  }
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
  await inChunks(
    deps,
    todo.map((t) => ({ ...t, holder: t.c })),
    (t, targets) => {
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
      return targets.flatMap((target, i) => {
        const dedupeKey = i === 0 ? t.key : `${t.key}@${target.platform}`;
        return enqueue(db, target, { text }, now, { dedupeKey, notBefore, expiresAt });
      });
    },
  );
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
    const slot = reminderSlot(now, tz, REPORT_REMINDER_DAY, REMINDER_TIME, deps.config.HOLIDAYS);
    if (slot) await planReminders(deps, slot, now, notBefore);
    const late = escalationPeriod(now, tz, REPORT_ESCALATION_DAYS, REMINDER_TIME, deps.config.HOLIDAYS);
    if (late) await planEscalations(deps, late, now, notBefore);
  },
};
