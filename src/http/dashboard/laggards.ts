/**
 * The laggards of a unit for a period, with whom a reminder goes to: cells with no meeting record and
 * no accepted report (the lists `chuahop` and `chuabaocao` read, from the same per-cell rows), and
 * cells nobody from above has visited in the period. Secretaries are reminded of meetings and
 * reports, the assigned supervisors of visits; each with the chats a reminder would reach, and
 * whether one was already sent from here today (its unique key is in the outbox).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { activeSupervisors, chunks, peopleByIds } from '../../../db/repo/meetings';
import { type Identity, roleInForce } from '../../../db/repo/people';
import { chatIdentities, outbox, people, roleAssignments } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { chooseTargets } from '../../bot/targets';
import { reminderKey } from '../../domain/reports/reminders';
import { type CellRow, cellRows } from '../../domain/summaries/cells';
import { type AsOf, isDue, periodStatus } from '../../domain/summaries/expected';
import { laggardsOf } from '../../domain/summaries/laggards';
import type { Period } from '../../domain/summaries/period';
import { localParts } from '../../domain/time/zone';
import { longRead } from '../../offload';
import type { Target } from '../../outbox/enqueue';

export type LagKind = 'unmet' | 'unreported' | 'unvisited';
export const LAG_KINDS: readonly LagKind[] = ['unmet', 'unreported', 'unvisited'];

export interface Recipient {
  personId: string;
  name: string;
  /** Where a reminder goes now (the person's preference, reachable chats first). */
  targets: Target[];
  /** Every linked chat is refused by its platform (the reminder is tried there all the same). */
  unreachable: boolean;
  /** The first chat's key of today's reminder from the dashboard. */
  key: string;
  /** When today's reminder from here was or will be sent (ms), if one was made. */
  remindedAt?: number;
}

export interface Laggard {
  cell: CellRow;
  /** `YYYY-MM` months not done (all of the period's, due or not). */
  months: string[];
  /** Some of them are past their due date. */
  overdue: boolean;
  /** A report sent back is all that is missing. */
  returnedOnly: boolean;
  recipients: Recipient[];
}

export type Laggards = Record<LagKind, Laggard[]>;

const split = (s: string | null) => (s ? s.split(',') : []);

/** The key of one reminder sent from the dashboard: one a day per cell, period, kind and person. */
export function remindKey(kind: LagKind, unitId: string, periodKey: string, personId: string, today: string) {
  // Report reminders keep the scheduler's prefix: sending the report drops one still waiting.
  if (kind === 'unreported') return reminderKey(unitId, periodKey, personId, `web-${today}`);
  return `web:${kind}:${unitId}:${periodKey}:${personId}:${today}`;
}

async function holders(db: Db, unitIds: string[], now: Date) {
  const out = new Map<string, { personId: string; name: string; reminderChannel: string }[]>();
  for (const ids of chunks(unitIds)) {
    const rows = await db
      .select({
        unitId: roleAssignments.unitId,
        personId: people.id,
        name: people.name,
        reminderChannel: people.reminderChannel,
      })
      .from(roleAssignments)
      .innerJoin(people, eq(people.id, roleAssignments.personId))
      .where(
        and(
          inArray(roleAssignments.unitId, ids),
          eq(roleAssignments.role, 'secretary'),
          roleInForce(now.getTime()),
        ),
      )
      .all();
    for (const r of rows) out.set(r.unitId, [...(out.get(r.unitId) ?? []), r]);
  }
  return out;
}

async function supervisors(db: Db, unitIds: string[], today: string) {
  const byUnit = await activeSupervisors(db, unitIds, today);
  const ids = [...new Set([...byUnit.values()].flat())];
  const found = new Map(
    (await peopleByIds(db, ids)).map(
      (p) => [p.id, { personId: p.id, name: p.name, reminderChannel: p.reminderChannel }] as const,
    ),
  );
  const out = new Map<string, { personId: string; name: string; reminderChannel: string }[]>();
  for (const [unitId, list] of byUnit) out.set(unitId, list.map((id) => found.get(id)!).filter(Boolean));
  return out;
}

async function identities(db: Db, personIds: string[]): Promise<Map<string, Identity[]>> {
  const out = new Map<string, Identity[]>();
  for (const c of chunks(personIds)) {
    for (const i of await db.select().from(chatIdentities).where(inArray(chatIdentities.personId, c)).all())
      out.set(i.personId, [...(out.get(i.personId) ?? []), i]);
  }
  return out;
}

async function sentKeys(db: Db, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const c of chunks(keys)) {
    const rows = await db
      .select({ key: outbox.dedupeKey, next: outbox.nextAttemptAt, sentAt: outbox.sentAt })
      .from(outbox)
      .where(inArray(outbox.dedupeKey, c))
      .all();
    for (const r of rows) if (r.key) out.set(r.key, r.sentAt ?? r.next);
  }
  return out;
}

function lagOf(row: CellRow, kind: 'unmet' | 'unreported', at: AsOf): Omit<Laggard, 'recipients'> {
  const months = [
    ...new Set(
      kind === 'unmet'
        ? [...split(row.unmet), ...split(row.unmetOpen)]
        : [...split(row.unreported), ...split(row.unreportedOpen)],
    ),
  ].sort();
  const returnedOnly =
    kind === 'unreported' && row.returned > 0 && row.missing === 0 && row.openReports === 0;
  return { cell: row, months, overdue: months.some((m) => isDue(m, at)), returnedOnly };
}

/**
 * The three lists for the unit at `path` (a cell's own path gives that cell alone). A long read
 * (src/offload.ts): a province's per-cell rows, holders and chats.
 */
export const laggardsIn = longRead('laggardsIn', laggardsInPlace);

async function laggardsInPlace(db: Db, path: string, period: Period, at: AsOf): Promise<Laggards> {
  const today = localParts(at.now, at.tz).isoDate;
  const empty: Laggards = { unmet: [], unreported: [], unvisited: [] };
  if (periodStatus(period, today) === 'future') return empty;
  const rows = await cellRows(db, path, period, 'all', at);
  // Late and still-open cells, each once.
  const lagging = (kind: 'unmet' | 'unreported') => {
    const { late, open } = laggardsOf(rows, kind);
    const once = new Map([...late, ...open].map((r) => [r.unitId, r]));
    return [...once.values()].map((r) => lagOf(r, kind, at));
  };
  const lists: Record<LagKind, Omit<Laggard, 'recipients'>[]> = {
    unmet: lagging('unmet'),
    unreported: lagging('unreported'),
    unvisited: rows
      .filter((r) => r.visits === 0)
      .map((r) => ({ cell: r, months: [], overdue: today > period.to, returnedOnly: false })),
  };
  const secretaryIds = [...new Set([...lists.unmet, ...lists.unreported].map((l) => l.cell.unitId))];
  const secretaries = await holders(db, secretaryIds, at.now);
  const assigned = await supervisors(
    db,
    lists.unvisited.map((l) => l.cell.unitId),
    today,
  );
  const everyone = [...secretaries.values(), ...assigned.values()].flat();
  const ids = await identities(db, [...new Set(everyone.map((p) => p.personId))]);
  const build = (kind: LagKind) =>
    lists[kind].map((l) => ({
      ...l,
      recipients: ((kind === 'unvisited' ? assigned : secretaries).get(l.cell.unitId) ?? []).map((p) => {
        const linked = ids.get(p.personId) ?? [];
        return {
          personId: p.personId,
          name: p.name,
          targets: chooseTargets(linked, p.personId, p.reminderChannel),
          unreachable: linked.length > 0 && linked.every((i) => i.unreachableAt !== null),
          key: remindKey(kind, l.cell.unitId, period.key, p.personId, today),
        };
      }),
    }));
  const out: Laggards = {
    unmet: build('unmet'),
    unreported: build('unreported'),
    unvisited: build('unvisited'),
  };
  const sent = await sentKeys(
    db,
    LAG_KINDS.flatMap((k) => out[k].flatMap((l) => l.recipients.map((r) => r.key))),
  );
  for (const k of LAG_KINDS)
    for (const l of out[k]) for (const r of l.recipients) r.remindedAt = sent.get(r.key);
  return out;
}
