/**
 * Who hears about a unit's meetings: its secretary and deputy, its committee members (a commune's
 * party committee), and the supervisors assigned to it. A standing committee is a child unit of its
 * commune, chaired by the commune's secretary and deputies, so theirs count as its own.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { activeSupervisors, chunks, peopleByIds } from '../../db/repo/meetings';
import type { Identity } from '../../db/repo/people';
import { roleInForce } from '../../db/repo/people';
import { chatIdentities, type Role, roleAssignments, units } from '../../db/schema';
import type { Db } from '../../db/types';
import { chooseTargets } from '../bot/targets';
import type { Target } from '../outbox/enqueue';

export interface CellPeople {
  secretaries: string[];
  deputies: string[];
  /** People with the `committee` role at the unit. */
  committee: string[];
  supervisors: string[];
}

export const STANDING_COMMITTEE = 'standing_committee';

/** Everyone who is part of the unit itself (not a supervisor from outside), each once. */
export function unitMembers(c: CellPeople): string[] {
  return [...new Set([...c.secretaries, ...c.deputies, ...c.committee])];
}

/** Role assignments in force at instant `t` for those roles at those units, queried in chunks. */
async function roleHoldersNow(
  db: Db,
  unitIds: string[],
  roles: Role[],
  t: number,
): Promise<{ unitId: string; personId: string; role: Role }[]> {
  const out: { unitId: string; personId: string; role: Role }[] = [];
  for (const ids of chunks(unitIds)) {
    out.push(
      ...(await db
        .select({
          unitId: roleAssignments.unitId,
          personId: roleAssignments.personId,
          role: roleAssignments.role,
        })
        .from(roleAssignments)
        .where(
          and(inArray(roleAssignments.unitId, ids), inArray(roleAssignments.role, roles), roleInForce(t)),
        )
        .all()),
    );
  }
  return out;
}

export async function cellPeople(
  db: Db,
  unitIds: string[],
  now: Date,
  today: string,
): Promise<Map<string, CellPeople>> {
  const out = new Map<string, CellPeople>(
    unitIds.map((id) => [id, { secretaries: [], deputies: [], committee: [], supervisors: [] }]),
  );
  const t = now.getTime();
  // Standing committees borrow their parent's secretary and deputies: parent id → its committees.
  const chairedBy = new Map<string, string[]>();
  for (const ids of chunks(unitIds)) {
    const rows = await db
      .select({ id: units.id, parentId: units.parentId })
      .from(units)
      .where(and(inArray(units.id, ids), eq(units.kind, STANDING_COMMITTEE)))
      .all();
    for (const r of rows) {
      if (!r.parentId) continue;
      chairedBy.set(r.parentId, [...(chairedBy.get(r.parentId) ?? []), r.id]);
    }
  }
  for (const r of await roleHoldersNow(db, [...chairedBy.keys()], ['secretary', 'deputy'], t)) {
    for (const sc of chairedBy.get(r.unitId) ?? []) {
      const c = out.get(sc)!;
      const list = r.role === 'secretary' ? c.secretaries : c.deputies;
      if (!list.includes(r.personId)) list.push(r.personId);
    }
  }
  for (const r of await roleHoldersNow(db, unitIds, ['secretary', 'deputy', 'committee'], t)) {
    const c = out.get(r.unitId)!;
    const list = r.role === 'secretary' ? c.secretaries : r.role === 'deputy' ? c.deputies : c.committee;
    if (!list.includes(r.personId)) list.push(r.personId);
  }
  for (const [unitId, personIds] of await activeSupervisors(db, unitIds, today)) {
    out.get(unitId)!.supervisors = personIds;
  }
  return out;
}

/**
 * Each person's chats, loaded for a whole page of people at once (one query per 90 people instead of
 * one per person), chosen as `personTargets` chooses, sorted by platform so keys stay stable.
 */
export function targetCache(db: Db) {
  const cache = new Map<string, Target[]>();
  return {
    async prime(personIds: string[]) {
      const missing = [...new Set(personIds)].filter((id) => !cache.has(id));
      const channelOf = new Map<string, string>();
      for (const p of await peopleByIds(db, missing)) channelOf.set(p.id, p.reminderChannel);
      const byPerson = new Map<string, Identity[]>();
      for (const ids of chunks(missing)) {
        for (const i of await db
          .select()
          .from(chatIdentities)
          .where(inArray(chatIdentities.personId, ids))
          .all()) {
          const list = byPerson.get(i.personId) ?? [];
          list.push(i);
          byPerson.set(i.personId, list);
        }
      }
      for (const id of missing) {
        const ts = chooseTargets(byPerson.get(id) ?? [], id, channelOf.get(id));
        cache.set(
          id,
          [...ts].sort((a, b) => a.platform.localeCompare(b.platform)),
        );
      }
    },
    /** Call `prime` with the person first; an unknown person has no chats. */
    targets(personId: string): Target[] {
      return cache.get(personId) ?? [];
    },
  };
}

/** The dedupe key of one message to one of a person's chats: the first chat gets the plain key. */
export function keyFor(base: string, target: Target, index: number): string {
  return index === 0 ? base : `${base}:${target.platform}`;
}
