/** Who hears about a cell's meetings: its secretary and deputy, and the supervisors assigned to it. */
import { and, gt, inArray, isNull, or } from 'drizzle-orm';
import { activeSupervisors, chunks, peopleByIds } from '../../db/repo/meetings';
import { roleAssignments } from '../../db/schema';
import type { Db } from '../../db/types';
import { personTargets } from '../bot/targets';
import type { Target } from '../outbox/enqueue';

export interface CellPeople {
  secretaries: string[];
  deputies: string[];
  supervisors: string[];
}

export async function cellPeople(
  db: Db,
  unitIds: string[],
  now: Date,
  today: string,
): Promise<Map<string, CellPeople>> {
  const out = new Map<string, CellPeople>(
    unitIds.map((id) => [id, { secretaries: [], deputies: [], supervisors: [] }]),
  );
  const t = now.getTime();
  for (const ids of chunks(unitIds)) {
    const rows = await db
      .select({
        unitId: roleAssignments.unitId,
        personId: roleAssignments.personId,
        role: roleAssignments.role,
      })
      .from(roleAssignments)
      .where(
        and(
          inArray(roleAssignments.unitId, ids),
          inArray(roleAssignments.role, ['secretary', 'deputy']),
          or(isNull(roleAssignments.validTo), gt(roleAssignments.validTo, t)),
        ),
      )
      .all();
    for (const r of rows) {
      const c = out.get(r.unitId)!;
      const list = r.role === 'secretary' ? c.secretaries : c.deputies;
      if (!list.includes(r.personId)) list.push(r.personId);
    }
  }
  for (const [unitId, personIds] of await activeSupervisors(db, unitIds, today)) {
    out.get(unitId)!.supervisors = personIds;
  }
  return out;
}

/** Looks up each person's chats once per run, sorted by platform so keys stay stable. */
export function targetCache(db: Db) {
  const cache = new Map<string, Promise<Target[]>>();
  const channelOf = new Map<string, string>();
  return {
    async prime(personIds: string[]) {
      const missing = personIds.filter((id) => !channelOf.has(id));
      for (const p of await peopleByIds(db, missing)) channelOf.set(p.id, p.reminderChannel);
    },
    targets(personId: string): Promise<Target[]> {
      let hit = cache.get(personId);
      if (!hit) {
        hit = personTargets(db, personId, channelOf.get(personId)).then((ts) =>
          [...ts].sort((a, b) => a.platform.localeCompare(b.platform)),
        );
        cache.set(personId, hit);
      }
      return hit;
    },
  };
}

/** The dedupe key of one message to one of a person's chats: the first chat gets the plain key. */
export function keyFor(base: string, target: Target, index: number): string {
  return index === 0 ? base : `${base}:${target.platform}`;
}
