/**
 * A small unit tree and linked people, written straight to a store: used by the benchmarks, the
 * fault tests and the authorization matrix so they all start from the same organisation.
 *
 *   TINH (province)
 *   ├── XA1 (commune)  ── CB1, CB2 (cells)
 *   └── XA2 (commune)  ── CB3 (cell)
 */
import { insertUnit, unitByCode } from '../../db/repo/units';
import { chatIdentities, type Platform, people, type Role, roleAssignments } from '../../db/schema';
import type { Store, Write } from '../../db/types';

export const ORG_UNITS = [
  { code: 'TINH', name: 'Đảng bộ tỉnh Thử', kind: 'province', parent: null, members: null },
  { code: 'XA1', name: 'Đảng bộ xã Một', kind: 'commune', parent: 'TINH', members: null },
  { code: 'XA2', name: 'Đảng bộ xã Hai', kind: 'commune', parent: 'TINH', members: null },
  { code: 'CB1', name: 'Chi bộ thôn Một', kind: 'cell', parent: 'XA1', members: 30 },
  { code: 'CB2', name: 'Chi bộ thôn Hai', kind: 'cell', parent: 'XA1', members: 25 },
  { code: 'CB3', name: 'Chi bộ thôn Ba', kind: 'cell', parent: 'XA2', members: 20 },
] as const;

export type OrgCode = (typeof ORG_UNITS)[number]['code'];

export async function seedOrg(store: Store, now: Date): Promise<void> {
  const writes: Write[] = [];
  const known = new Map<string, { id: string; path: string; depth: number }>();
  for (const u of ORG_UNITS) {
    const id = `unit-${u.code.toLowerCase()}`;
    const parent = u.parent ? known.get(u.parent)! : null;
    writes.push(
      insertUnit(
        store.db,
        { id, code: u.code, name: u.name, kind: u.kind, parent, memberCount: u.members },
        now,
      ),
    );
    known.set(u.code, {
      id,
      path: `${parent ? parent.path : '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
    });
  }
  await store.commit(writes);
}

export interface LinkedPerson {
  id: string;
  name: string;
  platform: Platform;
  /** The platform's user id, also the private chat id. */
  externalId: string;
  roles: { role: Role; unit: string }[];
}

/** Adds a person with a linked chat account and roles (valid from a minute before `now`). */
export async function linkPerson(store: Store, p: LinkedPerson, now: Date): Promise<void> {
  const t = now.getTime();
  const writes: Write[] = [
    store.db.insert(people).values({ id: p.id, name: p.name, createdAt: t }),
    store.db.insert(chatIdentities).values({
      id: `ident-${p.id}`,
      platform: p.platform,
      externalId: p.externalId,
      chatId: p.externalId,
      personId: p.id,
      displayName: p.name,
      linkedAt: t,
    }),
  ];
  for (const [i, r] of p.roles.entries()) {
    const unit = await unitByCode(store.db, r.unit);
    if (!unit) throw new Error(`no unit ${r.unit}`);
    writes.push(
      store.db.insert(roleAssignments).values({
        id: `role-${p.id}-${i}`,
        personId: p.id,
        unitId: unit.id,
        role: r.role,
        validFrom: t - 60_000,
      }),
    );
  }
  await store.commit(writes);
}

/** One person with one role, linked on one platform as `externalId` (also their private chat). */
export function linkOne(
  store: Store,
  p: { id: string; name: string; platform: Platform; externalId: string; role: Role; unit: OrgCode },
  now = new Date(),
): Promise<void> {
  const { role, unit, ...person } = p;
  return linkPerson(store, { ...person, roles: [{ role, unit }] }, now);
}
