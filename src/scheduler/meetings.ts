/**
 * The meetings' timed work, each job driven by an index so that a tick costs what is due, not what
 * exists: `units.next_plan_at` (materialise next month's meeting from the rule) and
 * `meetings.next_reminder_at` (reminders and the morning-after question). Every message goes to the
 * outbox under a unique key, so overlapping ticks and restarts never send twice.
 */
import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { type QueryBudget, QueryBudgetExhausted } from '../../db/budget';
import { groupsOfUnits } from '../../db/repo/groups';
import { isProcessed } from '../../db/repo/keys';
import { chunks, IN_CHUNK, meetingsInSlots } from '../../db/repo/meetings';
import { roleInForce } from '../../db/repo/people';
import { meetings, outbox, processedKeys, roleAssignments, units } from '../../db/schema';
import type { Write } from '../../db/types';
import type { Deps } from '../deps';
import {
  deliveryTime,
  nudgeAt,
  type PlannedReminder,
  reminderKey,
  reminderPlan,
  reminderStep,
  spreadOffsetMs,
} from '../domain/meetings/reminders';
import { dayNumber, formatDateInput, formatDateTimeVi, localParts } from '../domain/time/zone';
import { cellPeople, keyFor, targetCache, unitMembers } from '../meetings/recipients';
import { allPlanSlots, monthStart, planSlots, planUnit } from '../meetings/schedule';
import { meetings as t } from '../messages/vi/meetings';
import { enqueue } from '../outbox/enqueue';
import type { Job } from './jobs';

/**
 * Rows handled per round; a tick keeps going round by round until nothing is due. Each round is one
 * commit, so a round is kept to what a few milliseconds plan and write.
 */
const PAGE = 200;
/** A guard against a round that does not move its rows forward (it would loop for ever). */
const MAX_ROUNDS = 1000;

/**
 * Meetings one reminder round may take within a query budget: per IN_CHUNK meetings, five reads
 * (standing committees, their chairs, role holders, supervisors, linked groups) and two for about as
 * many people's chats, plus the round's select and its commit. The people actually found are
 * checked again before their chats are read (`withinBudget`).
 */
export function reminderPage(budget: QueryBudget | undefined): number {
  if (!budget) return PAGE;
  const chunksFit = Math.floor((budget.left() - 2) / 7);
  return Math.max(0, Math.min(PAGE, chunksFit * IN_CHUNK));
}

/** The first meetings whose people's chats (two reads per IN_CHUNK people) and the commit still fit. */
function withinBudget<T extends { meeting: { unitId: string } }>(
  due: T[],
  peopleOf: (unitId: string) => string[],
  budget: QueryBudget | undefined,
): T[] {
  if (!budget) return due;
  const room = budget.left() - 1;
  const people = new Set<string>();
  let fit = 0;
  for (const d of due) {
    for (const p of peopleOf(d.meeting.unitId)) people.add(p);
    if (2 * Math.ceil(people.size / IN_CHUNK) > room) break;
    fit++;
  }
  return due.slice(0, fit);
}

export async function planMeetings(
  deps: Pick<Deps, 'store' | 'config' | 'newId' | 'budget'>,
  now: Date,
): Promise<number> {
  const db = deps.store.db;
  const slots = allPlanSlots(now, deps.config.TIMEZONE);
  const perRead = IN_CHUNK - slots.length;
  let done = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // A round: its select, a read per `perRead` units of the meetings already planned, the commit.
    const page = deps.budget ? Math.min(PAGE, Math.max(0, deps.budget.left() - 2) * perRead) : PAGE;
    if (page === 0) throw new QueryBudgetExhausted();
    const due = await db
      .select({ id: units.id, meetingRule: units.meetingRule, nextPlanAt: units.nextPlanAt })
      .from(units)
      .where(and(isNotNull(units.nextPlanAt), lte(units.nextPlanAt, now.getTime())))
      .orderBy(asc(units.nextPlanAt))
      .limit(page)
      .all();
    if (due.length === 0) break;
    const existing = await meetingsInSlots(
      db,
      due.map((u) => u.id),
      slots,
    );
    const writes: Write[] = [];
    for (const u of due) writes.push(...planUnit(db, u, existing, now, deps.config, deps.newId).writes);
    await deps.store.commit(writes);
    done += due.length;
    if (due.length < page) break;
  }
  return done;
}

/**
 * Many cells meet at the same hour (a province-wide "day 5, 19:30"): plans, dates and texts are
 * worked out once per distinct value within a tick.
 */
function tickMemo(config: Deps['config']) {
  const tz = config.TIMEZONE;
  const plans = new Map<string, PlannedReminder[]>();
  const texts = new Map<string, string>();
  const lefts = new Map<string, ReturnType<typeof leftUntil>>();
  return {
    /** The plan of a meeting at `at` for a unit whose day reminders come `spreadMs` after REMINDER_TIME. */
    plan(at: number, spreadMs: number): PlannedReminder[] {
      const key = `${at}|${spreadMs}`;
      let p = plans.get(key);
      if (!p) {
        p = reminderPlan(new Date(at), config, spreadMs);
        plans.set(key, p);
      }
      return p;
    },
    line(m: typeof meetings.$inferSelect): string {
      const key = `${m.scheduledAt}|${m.kind}|${m.place ?? ''}|${m.topic ?? ''}`;
      let text = texts.get(key);
      if (text === undefined) {
        text = t.meetingLine(formatDateTimeVi(new Date(m.scheduledAt), tz), m.place, m.kind, m.topic);
        texts.set(key, text);
      }
      return text;
    },
    left(kind: string, at: Date, event: number) {
      const key = `${kind}|${at.getTime()}|${event}`;
      let l = lefts.get(key);
      if (!l) {
        l = leftUntil(kind, at, new Date(event), tz);
        lefts.set(key, l);
      }
      return l;
    },
  };
}

function leftUntil(kind: string, at: Date, event: Date, tz: string): { minutes: number } | { days: number } {
  if (kind.startsWith('h')) return { minutes: Math.round((event.getTime() - at.getTime()) / 60_000) };
  const [a, b] = [localParts(at, tz), localParts(event, tz)];
  return { days: dayNumber(b.year, b.month, b.day) - dayNumber(a.year, a.month, a.day) };
}

export async function sendMeetingReminders(
  deps: Pick<Deps, 'store' | 'config' | 'budget'>,
  now: Date,
): Promise<number> {
  const db = deps.store.db;
  const config = deps.config;
  const tz = config.TIMEZONE;
  const today = localParts(now, tz).isoDate;
  const targets = targetCache(db);
  const memo = tickMemo(config);
  let written = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const page = reminderPage(deps.budget);
    if (page === 0) throw new QueryBudgetExhausted();
    const found = await db
      .select({ meeting: meetings, unitName: units.name, unitKind: units.kind })
      .from(meetings)
      .innerJoin(units, eq(units.id, meetings.unitId))
      .where(and(isNotNull(meetings.nextReminderAt), lte(meetings.nextReminderAt, now.getTime())))
      .orderBy(asc(meetings.nextReminderAt))
      .limit(page)
      .all();
    if (found.length === 0) break;
    const unitIds = [...new Set(found.map((d) => d.meeting.unitId))];
    const who = await cellPeople(db, unitIds, now, today);
    const groupsBy = await groupsOfUnits(db, unitIds);
    const peopleOf = (unitId: string) => {
      const c = who.get(unitId)!;
      return [...unitMembers(c), ...c.supervisors];
    };
    // The meetings left out keep their cursor: the next tick takes them first.
    const due = withinBudget(found, peopleOf, deps.budget);
    if (due.length === 0) throw new QueryBudgetExhausted();
    await targets.prime([...new Set(due.flatMap((d) => peopleOf(d.meeting.unitId)))]);
    const writes: Write[] = [];
    const moves = new Map<string, { cursor: number; next: number | null; ids: string[] }>();
    for (const { meeting: m, unitName, unitKind } of due) {
      const cursor = m.nextReminderAt!;
      const step =
        m.status === 'scheduled'
          ? reminderStep(
              new Date(m.scheduledAt),
              new Date(cursor),
              now,
              config,
              memo.plan(m.scheduledAt, spreadOffsetMs(m.unitId, config)),
            )
          : { send: [], skipped: [], next: null };
      const people = who.get(m.unitId)!;
      for (const item of step.send) {
        const sendAt = deliveryTime(now, item.expiresAt, config);
        if (!sendAt) continue;
        // A linked group gets the unit's own reminders; in mode 'group' it replaces the members' private
        // chats (supervisors from outside the unit still hear privately). The morning-after question
        // asks the secretary to record attendance, which belongs in a private chat only.
        const groups = item.audience === 'all' ? (groupsBy.get(m.unitId) ?? []) : [];
        const privateToo = groups.length === 0 || groups.some((g) => g.mode === 'both');
        const members = unitMembers(people);
        const recipients =
          item.audience === 'all'
            ? privateToo
              ? [...members, ...people.supervisors]
              : people.supervisors.filter((p) => !members.includes(p))
            : people.secretaries.length > 0
              ? people.secretaries
              : people.deputies;
        const text =
          item.kind === 'after'
            ? t.askHeld(unitName, formatDateInput(localParts(new Date(m.scheduledAt), tz).isoDate))
            : t.reminder(
                unitName,
                memo.line(m),
                memo.left(item.kind, sendAt, m.scheduledAt),
                unitKind === 'cell',
              );
        for (const g of groups) {
          writes.push(
            ...enqueue(db, { platform: g.platform, chatId: g.chatId }, { text }, now, {
              dedupeKey: reminderKey(m.id, `group.${g.platform}.${g.chatId}`, item.kind),
              notBefore: sendAt,
              expiresAt: item.expiresAt,
            }),
          );
          written++;
        }
        for (const personId of new Set(recipients)) {
          const base = reminderKey(m.id, personId, item.kind);
          const ts = targets.targets(personId);
          ts.forEach((target, i) => {
            writes.push(
              ...enqueue(db, target, { text }, now, {
                dedupeKey: keyFor(base, target, i),
                notBefore: sendAt,
                expiresAt: item.expiresAt,
              }),
            );
            written++;
          });
        }
      }
      const next = step.next?.getTime() ?? null;
      const group = moves.get(`${cursor}:${next}`) ?? { cursor, next, ids: [] };
      group.ids.push(m.id);
      moves.set(`${cursor}:${next}`, group);
    }
    // Only move the cursor we read: a secretary who moved the meeting meanwhile set a new one.
    for (const g of moves.values()) {
      for (const ids of chunks(g.ids)) {
        writes.push(
          db
            .update(meetings)
            .set({ nextReminderAt: g.next })
            .where(and(inArray(meetings.id, ids), eq(meetings.nextReminderAt, g.cursor))),
        );
      }
    }
    await deps.store.commit(writes);
    if (due.length < found.length) throw new QueryBudgetExhausted();
    if (found.length < page) break;
  }
  return written;
}

/** Secretaries of cells with no rule and nothing set for next month, from the 20th on. */
export async function nudgeUnscheduled(
  deps: Pick<Deps, 'store' | 'config' | 'budget'>,
  now: Date,
): Promise<number> {
  const db = deps.store.db;
  const config = deps.config;
  const [month, next] = planSlots(now, config.TIMEZONE);
  const at = nudgeAt(month, config);
  const expires = monthStart(next, config.TIMEZONE);
  if (now < at || now >= expires) return 0;
  // Scanning every cell is a monthly event: the guard makes it one scan per month, not one per tick.
  const guard = `job:meetings-nudge:${month}`;
  if (await isProcessed(db, guard)) return 0;
  const base = (unitId: string, personId: string) => `nudge:${unitId}:${next}:${personId}`;
  // Secretaries already nudged (a run that stopped at its query budget) are left out by their key.
  const rows = await db
    .select({ personId: roleAssignments.personId, unitId: units.id, unitName: units.name })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(
      and(
        eq(roleAssignments.role, 'secretary'),
        roleInForce(now.getTime()),
        isNull(units.meetingRule),
        sql`not exists (select 1 from ${meetings} where ${meetings.unitId} = ${units.id} and ${meetings.slot} = ${next})`,
        sql`not exists (select 1 from ${outbox} where ${outbox.dedupeKey} = ${`nudge:`} || ${units.id} || ${`:${next}:`} || ${roleAssignments.personId})`,
      ),
    )
    .all();
  const sendAt = deliveryTime(now, expires, config);
  const targets = targetCache(db);
  const monthLabel = `${next.slice(5)}/${next.slice(0, 4)}`;
  let written = 0;
  for (const some of sendAt ? chunks(rows) : []) {
    // A chunk: its people's chats (two reads) and its commit.
    if (deps.budget && deps.budget.left() < 3) throw new QueryBudgetExhausted();
    await targets.prime([...new Set(some.map((r) => r.personId))]);
    const writes: Write[] = [];
    for (const r of some) {
      targets.targets(r.personId).forEach((target, i) => {
        writes.push(
          ...enqueue(db, target, { text: t.nudge(r.unitName, monthLabel) }, now, {
            dedupeKey: keyFor(base(r.unitId, r.personId), target, i),
            notBefore: sendAt!,
            expiresAt: expires,
          }),
        );
        written++;
      });
    }
    if (writes.length > 0) await deps.store.commit(writes);
  }
  // The guard's time is the end of the month, so pruning old keys cannot drop it too early.
  await deps.store.commit([
    db.insert(processedKeys).values({ key: guard, at: expires.getTime() }).onConflictDoNothing(),
  ]);
  return written;
}

export const meetingJobs: readonly Job[] = [
  { name: 'meetings-plan', run: (deps, now) => planMeetings(deps, now).then(() => undefined) },
  { name: 'meetings-remind', run: (deps, now) => sendMeetingReminders(deps, now).then(() => undefined) },
  { name: 'meetings-nudge', run: (deps, now) => nudgeUnscheduled(deps, now).then(() => undefined) },
];
