/**
 * The digest job: at each tick, the digests due now (digest.ts) for every unit with committee
 * members, to each member's chats and the unit's linked group chats. Every message has a unique key
 * per (digest, unit, recipient), so two ticks (or two processes) never send a digest twice. Each
 * unit's digest is its own write set and units already written are skipped, so a run that reaches
 * its query budget (a Worker's cron run) goes on with the next unit at the next tick; the run's
 * processed key, written once every unit is done, makes later ticks cost one read.
 */
import { and, eq, gte, lt } from 'drizzle-orm';
import { QueryBudgetExhausted } from '../../db/budget';
import { groupsOfUnit } from '../../db/repo/groups';
import { isProcessed } from '../../db/repo/keys';
import { roleInForce } from '../../db/repo/people';
import { outbox, processedKeys, roleAssignments, units } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { personTargets } from '../bot/targets';
import { type DueDigest, digestText, dueDigests } from '../domain/summaries/digest';
import { enqueue } from '../outbox/enqueue';
import type { Job } from './jobs';

async function committees(deps: Parameters<Job['run']>[0], now: Date) {
  const t = now.getTime();
  const rows = await deps.store.db
    .select({ personId: roleAssignments.personId, unit: units })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(and(eq(roleAssignments.role, 'committee'), roleInForce(t)))
    .all();
  const byUnit = new Map<string, { unit: (typeof rows)[number]['unit']; people: Set<string> }>();
  for (const r of rows) {
    const entry = byUnit.get(r.unit.id) ?? { unit: r.unit, people: new Set<string>() };
    entry.people.add(r.personId);
    byUnit.set(r.unit.id, entry);
  }
  return [...byUnit.values()];
}

/** Units whose digest `prefix` (`digest:<kind>:<key>:`) is already in the outbox: one index range read. */
async function unitsWritten(db: Db, prefix: string): Promise<Set<string>> {
  // ';' follows ':' in every collation: the range holds exactly the keys that start with the prefix.
  const end = `${prefix.slice(0, -1)};`;
  const rows = await db
    .select({ key: outbox.dedupeKey })
    .from(outbox)
    .where(and(gte(outbox.dedupeKey, prefix), lt(outbox.dedupeKey, end)))
    .all();
  return new Set(rows.map((r) => (r.key ?? '').slice(prefix.length).split(':')[0]!));
}

/** Reads one unit's digest costs besides its members' chats: the summary's few reads and the groups. */
const UNIT_QUERIES = 8;

async function send(deps: Parameters<Job['run']>[0], now: Date, due: DueDigest): Promise<void> {
  const db = deps.store.db;
  const guard = `digest-run:${due.kind}:${due.key}`;
  if (await isProcessed(db, guard)) return;
  const tz = deps.config.TIMEZONE;
  const prefix = `digest:${due.kind}:${due.key}:`;
  const done = await unitsWritten(db, prefix);
  let wrote = false;
  for (const { unit, people } of await committees(deps, now)) {
    if (done.has(unit.id)) continue;
    // A unit starts only when its reads, its members' chats and its commit fit in what is left.
    if (deps.budget && deps.budget.left() < UNIT_QUERIES + people.size + 1) throw new QueryBudgetExhausted();
    const writes: Write[] = [];
    const text = await digestText(db, unit, due, { now, tz });
    const base = `${prefix}${unit.id}`;
    // A linked group in mode 'group' replaces the members' private copies; 'both' keeps them.
    const linked = await groupsOfUnit(db, unit.id);
    const privateToo = linked.length === 0 || linked.some((g) => g.mode === 'both');
    for (const personId of privateToo ? people : [])
      for (const target of await personTargets(db, personId))
        writes.push(
          ...enqueue(db, target, { text }, now, { dedupeKey: `${base}:${personId}:${target.platform}` }),
        );
    for (const g of linked)
      writes.push(
        ...enqueue(db, { platform: g.platform, chatId: g.chatId }, { text }, now, {
          dedupeKey: `${base}:group:${g.platform}:${g.chatId}`,
        }),
      );
    if (writes.length > 0) {
      await deps.store.commit(writes);
      wrote = true;
    }
  }
  // Two runs may finish at once: the second finds the key written and leaves it.
  await deps.store.commit([
    db.insert(processedKeys).values({ key: guard, at: now.getTime() }).onConflictDoNothing(),
  ]);
  if (wrote) deps.kick();
}

export const digestJob: Job = {
  name: 'committee-digests',
  async run(deps, now) {
    for (const due of dueDigests(now, deps.config.TIMEZONE)) await send(deps, now, due);
  },
};
