/**
 * The demo organisation that fills an empty database, so `npm start` shows a working bot at once.
 * Everything is marked "(mẫu)" (sample); demo people chat through the simulator.
 */

import { insertUnit, type NewUnit } from '../../db/repo/units';
import {
  chatIdentities,
  type Grade,
  type MeetingKind,
  meetingRecords,
  people,
  type Role,
  reports,
  roleAssignments,
  supervisorAssignments,
  visits,
} from '../../db/schema';
import type { Db, Store, Write } from '../../db/types';
import { DEFAULT_TZ, isoFromParts, localParts, zonedInstant } from '../domain/time/zone';
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

/**
 * The two months before the current one, as a commune really looks: most cells met and reported,
 * one reported late, one did not report, one did not meet last month; one thematic meeting; one
 * supervision visit. `ago` 2 is the older month, 1 the month just ended.
 */
interface DemoMonth {
  meetings: { unit: string; day: number; present: number; kind: MeetingKind; topic?: string; grade: Grade }[];
  reports: { unit: string; late?: boolean }[];
  visits: { unit: string; day: number; grade: Grade }[];
}
const DEMO_HISTORY: Record<1 | 2, DemoMonth> = {
  2: {
    meetings: [
      { unit: 'KP1', day: 5, present: 25, kind: 'regular', grade: 'tot' },
      { unit: 'KP2', day: 5, present: 27, kind: 'regular', grade: 'kha' },
      { unit: 'KP3', day: 6, present: 38, kind: 'regular', grade: 'kha' },
      { unit: 'KP4', day: 5, present: 16, kind: 'regular', grade: 'trung_binh' },
    ],
    reports: [{ unit: 'KP1' }, { unit: 'KP2' }, { unit: 'KP3' }, { unit: 'KP4' }],
    visits: [],
  },
  1: {
    meetings: [
      { unit: 'KP1', day: 5, present: 24, kind: 'thematic', topic: 'Chuyển đổi số ở thôn bản', grade: 'tot' },
      { unit: 'KP2', day: 5, present: 28, kind: 'regular', grade: 'kha' },
      { unit: 'KP3', day: 7, present: 35, kind: 'regular', grade: 'kha' },
    ],
    reports: [{ unit: 'KP1' }, { unit: 'KP2', late: true }],
    visits: [{ unit: 'KP1', day: 5, grade: 'tot' }],
  },
};

function historyWrites(
  db: Db,
  newId: NewId,
  byCode: Map<string, { id: string }>,
  members: Map<string, number>,
  authorOf: (code: string) => string,
  supervisorId: string,
  now: Date,
  tz: string,
): Write[] {
  const here = localParts(now, tz);
  const writes: Write[] = [];
  for (const ago of [2, 1] as const) {
    const index = here.year * 12 + here.month - 1 - ago;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    const period = `${year}-${String(month).padStart(2, '0')}`;
    const at = (day: number, hour: number) => zonedInstant(tz, year, month, day, hour).getTime();
    const { meetings: held, reports: sent, visits: seen } = DEMO_HISTORY[ago];
    for (const m of held) {
      const total = members.get(m.unit) ?? m.present;
      const absent = total - m.present;
      writes.push(
        db.insert(meetingRecords).values({
          id: newId(),
          unitId: byCode.get(m.unit)!.id,
          period,
          heldOn: isoFromParts(year, month, m.day),
          present: m.present,
          total,
          absentExcused: Math.ceil(absent / 2),
          absentUnexcused: Math.floor(absent / 2),
          kind: m.kind,
          topic: m.topic ?? null,
          grade: m.grade,
          revision: 1,
          isCurrent: true,
          recordedBy: authorOf(m.unit),
          recordedAt: at(m.day + 1, 8),
        }),
      );
    }
    for (const r of sent) {
      // On time: the 27th of the month; late: the morning of the 1st of the next (never after now).
      const nextFirst = zonedInstant(tz, month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1, 7);
      const when = r.late ? Math.min(nextFirst.getTime(), now.getTime() - 60_000) : at(27, 20);
      writes.push(
        db.insert(reports).values({
          id: newId(),
          unitId: byCode.get(r.unit)!.id,
          period,
          status: 'submitted',
          security: 'Ổn định, không có vụ việc phức tạp',
          production: 'Lúa mùa thu hoạch xong, năng suất khá',
          petitionsRaised: 2,
          petitionsResolved: 1,
          petitionsText: 'Sửa đường vào bản; xin hỗ trợ giống ngô',
          difficulties: null,
          proposals: null,
          late: Boolean(r.late),
          revision: 1,
          firstSubmittedAt: when,
          submittedAt: when,
          submittedBy: authorOf(r.unit),
        }),
      );
    }
    for (const v of seen) {
      writes.push(
        db.insert(visits).values({
          id: newId(),
          personId: supervisorId,
          unitId: byCode.get(v.unit)!.id,
          visitedOn: isoFromParts(year, month, v.day),
          period,
          notes: 'Sinh hoạt đúng giờ, nhiều ý kiến đóng góp',
          grade: v.grade,
          recordedAt: at(v.day + 1, 9),
        }),
      );
    }
  }
  return writes;
}

/**
 * Rule JSON per unit code; the meetings feature supplies a default when this is empty. The demo
 * units came into chibo three months ago and carry two months of history, so `tonghop`, `chuahop`
 * and `chuabaocao` show a real picture on the first start.
 */
export async function seedDemo(
  store: Store,
  now: Date,
  newId: NewId,
  ruleFor: (code: string) => string | null = () => null,
  tz: string = DEFAULT_TZ,
) {
  const db = store.db;
  const here = localParts(now, tz);
  const startIndex = here.year * 12 + here.month - 1 - 3;
  const since = zonedInstant(tz, Math.floor(startIndex / 12), (startIndex % 12) + 1, 1);
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
    writes.push(insertUnit(db, nu, since));
    byCode.set(u.code, {
      id,
      path: `${parent ? parent.path : '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
    });
  }
  const t = since.getTime();
  const today = localParts(since, tz).isoDate;
  const personOf = new Map<string, string>();
  for (const p of DEMO_PEOPLE) {
    const personId = newId();
    personOf.set(p.key, personId);
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
  const secretaryOf = (code: string) =>
    personOf.get(
      DEMO_PEOPLE.find((p) => p.roles.some((r) => r.role === 'secretary' && r.unit === code))!.key,
    )!;
  const members = new Map(DEMO_UNITS.filter((u) => u.members).map((u) => [u.code, u.members!]));
  writes.push(
    ...historyWrites(db, newId, byCode, members, secretaryOf, personOf.get('demo-giamsat')!, now, tz),
  );
  await store.commit(writes);
}
