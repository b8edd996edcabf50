/**
 * The digest job: at each tick, the digests due now (digest.ts) for every unit with committee
 * members, to each member's chats and the unit's linked group chats. Every message has a unique key
 * per (digest, unit, recipient), and the run itself is guarded by a processed key committed after
 * them, so two ticks (or two processes) never send a digest twice.
 */
import { and, eq } from 'drizzle-orm';
import { groupsOfUnit } from '../../db/repo/groups';
import { isProcessed } from '../../db/repo/keys';
import { roleInForce } from '../../db/repo/people';
import { processedKeys, roleAssignments, units } from '../../db/schema';
import type { Write } from '../../db/types';
import { personTargets } from '../bot/targets';
import { type DueDigest, digestText, dueDigests } from '../domain/summaries/digest';
import { enqueue } from '../outbox/enqueue';
import { commitInChunks } from './chunked';
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

async function send(deps: Parameters<Job['run']>[0], now: Date, due: DueDigest): Promise<void> {
  const db = deps.store.db;
  const guard = `digest-run:${due.kind}:${due.key}`;
  if (await isProcessed(db, guard)) return;
  const tz = deps.config.TIMEZONE;
  const writes: Write[] = [];
  for (const { unit, people } of await committees(deps, now)) {
    const text = await digestText(db, unit, due, { now, tz });
    const base = `digest:${due.kind}:${due.key}:${unit.id}`;
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
  }
  await commitInChunks(deps.store, writes);
  // Last, so that a run cut short is done again (its messages are skipped by their keys).
  await deps.store.commit([
    db.insert(processedKeys).values({ key: guard, at: now.getTime() }).onConflictDoNothing(),
  ]);
  if (writes.length > 0) deps.kick();
}

export const digestJob: Job = {
  name: 'committee-digests',
  async run(deps, now) {
    for (const due of dueDigests(now, deps.config.TIMEZONE)) await send(deps, now, due);
  },
};
