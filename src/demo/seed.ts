/**
 * The demo organisation that fills an empty database, so `npm start` shows a working bot at once.
 * Everything is marked "(mẫu)" (sample); demo people chat through the simulator.
 */

import { insertUnit, type NewUnit } from '../../db/repo/units';
import { chatIdentities, people, type Role, roleAssignments, supervisorAssignments } from '../../db/schema';
import type { Store, Write } from '../../db/types';
import type { NewId } from '../util/ids';

export interface DemoPerson {
  key: string;
  name: string;
  roles: { role: Role; unit: string }[];
  supervises?: string[];
}

export const DEMO_UNITS: {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  members?: number;
  rule?: string;
}[] = [
  { code: 'XQS', name: 'Đảng bộ xã Quan Sơn (mẫu)', kind: 'commune', parent: null },
  { code: 'KP1', name: 'Chi bộ bản Chanh (mẫu)', kind: 'cell', parent: 'XQS', members: 27 },
  { code: 'KP2', name: 'Chi bộ bản Na Mèo (mẫu)', kind: 'cell', parent: 'XQS', members: 31 },
  { code: 'KP3', name: 'Chi bộ khu phố 3 (mẫu)', kind: 'cell', parent: 'XQS', members: 44 },
  { code: 'KP4', name: 'Chi bộ bản Xía (mẫu)', kind: 'cell', parent: 'XQS', members: 19 },
];

export const DEMO_PEOPLE: DemoPerson[] = [
  { key: 'demo-bithu-kp1', name: 'Nguyễn Văn An (mẫu)', roles: [{ role: 'secretary', unit: 'KP1' }] },
  {
    key: 'demo-bithu-kp2',
    name: 'Lò Thị Bình (mẫu)',
    roles: [
      { role: 'secretary', unit: 'KP2' },
      { role: 'secretary', unit: 'KP3' },
    ],
  },
  { key: 'demo-bithu-kp4', name: 'Vi Văn Cường (mẫu)', roles: [{ role: 'secretary', unit: 'KP4' }] },
  {
    key: 'demo-giamsat',
    name: 'Hà Văn Dũng (mẫu)',
    roles: [{ role: 'supervisor', unit: 'XQS' }],
    supervises: ['KP1', 'KP2'],
  },
  { key: 'demo-capuy', name: 'Lương Thị Hoa (mẫu)', roles: [{ role: 'committee', unit: 'XQS' }] },
  { key: 'demo-tochuc', name: 'Phạm Thị Dung (mẫu)', roles: [{ role: 'coordinator', unit: 'XQS' }] },
];

/** Rule JSON per unit code; the meetings feature supplies a default when this is empty. */
export async function seedDemo(
  store: Store,
  now: Date,
  newId: NewId,
  ruleFor: (code: string) => string | null = () => null,
) {
  const db = store.db;
  const byCode = new Map<string, { id: string; path: string; depth: number }>();
  const writes: Write[] = [];
  for (const u of DEMO_UNITS) {
    const id = newId();
    const parent = u.parent ? byCode.get(u.parent)! : null;
    const nu: NewUnit = {
      id,
      code: u.code,
      name: u.name,
      kind: u.kind,
      parent,
      memberCount: u.members ?? null,
      meetingRule: ruleFor(u.code),
    };
    writes.push(insertUnit(db, nu, now));
    byCode.set(u.code, {
      id,
      path: `${parent ? parent.path : '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
    });
  }
  const t = now.getTime();
  const today = new Date(t).toISOString().slice(0, 10);
  for (const p of DEMO_PEOPLE) {
    const personId = newId();
    writes.push(db.insert(people).values({ id: personId, name: p.name, createdAt: t }));
    writes.push(
      db.insert(chatIdentities).values({
        id: newId(),
        platform: 'sim',
        externalId: p.key,
        chatId: p.key,
        personId,
        displayName: p.name,
        linkedAt: t,
      }),
    );
    for (const r of p.roles) {
      writes.push(
        db
          .insert(roleAssignments)
          .values({ id: newId(), personId, unitId: byCode.get(r.unit)!.id, role: r.role, validFrom: t }),
      );
    }
    for (const code of p.supervises ?? []) {
      writes.push(
        db
          .insert(supervisorAssignments)
          .values({ id: newId(), personId, unitId: byCode.get(code)!.id, validFrom: today, createdAt: t }),
      );
    }
  }
  await store.commit(writes);
}
