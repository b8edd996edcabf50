/**
 * A generated commune for supervision tests: commune XQS with eight cells, four supervisors, visits,
 * meetings and meeting records in quarter 4 of 2026, and a neighbouring commune that must not leak in.
 */
import { meetingRecords, meetings, supervisorAssignments, visits } from '../../../db/schema';
import type { Write } from '../../../db/types';
import { zonedInstant } from '../../../src/domain/time/zone';
import type { Harness } from '../../support/harness';

const TZ = 'Asia/Ho_Chi_Minh';

export interface Commune {
  unit: Record<string, string>;
  person: Record<string, string>;
}

export async function seedCommune(h: Harness): Promise<Commune> {
  const unit: Record<string, string> = {};
  unit.XQS = await h.unit('XQS', 'Xã Quan Sơn', 'commune');
  for (let i = 1; i <= 8; i++) unit[`KP${i}`] = await h.unit(`KP${i}`, `Khu phố ${i}`, 'cell', 'XQS');
  unit.XKH = await h.unit('XKH', 'Xã Khánh Hòa', 'commune');
  unit.KH1 = await h.unit('KH1', 'Thôn 1', 'cell', 'XKH');

  const person: Record<string, string> = {
    coord: await h.person('coord', 'Phạm Thị Hoa', [{ role: 'coordinator', unit: 'XQS' }]),
    an: await h.person('an', 'Nguyễn Văn An', [{ role: 'supervisor', unit: 'XQS' }]),
    binh: await h.person('binh', 'Trần Thị Bình', [{ role: 'committee', unit: 'XQS' }]),
    cuong: await h.person('cuong', 'Hoàng Văn Cường', [{ role: 'supervisor', unit: 'XQS' }]),
    dung: await h.person('dung', 'Lê Văn Dũng', [{ role: 'supervisor', unit: 'XQS' }]),
    khanh: await h.person('khanh', 'Vũ Văn Khánh', [{ role: 'supervisor', unit: 'XKH' }]),
  };

  const writes: Write[] = [];
  const assign = (who: string, cell: string, validFrom = '2026-01-01', validTo: string | null = null) =>
    writes.push(
      h.db.insert(supervisorAssignments).values({
        id: h.deps.newId(),
        personId: person[who]!,
        unitId: unit[cell]!,
        validFrom,
        validTo,
        createdAt: 0,
      }),
    );
  assign('an', 'KP1');
  assign('an', 'KP2');
  assign('an', 'KP3');
  assign('binh', 'KP4');
  assign('binh', 'KP5');
  assign('cuong', 'KP6');
  assign('dung', 'KP7');
  // KP8 has nobody; an assignment that ended before the quarter does not count.
  assign('cuong', 'KP8', '2026-01-01', '2026-06-30');
  assign('khanh', 'KH1');

  const meetingIds: Record<string, string> = {};
  const meeting = (cell: string, day: number, hour: number, minute = 0) => {
    const id = h.deps.newId();
    meetingIds[cell] = id;
    const at = zonedInstant(TZ, 2026, 12, day, hour, minute).getTime();
    writes.push(
      h.db.insert(meetings).values({
        id,
        unitId: unit[cell]!,
        slot: '2026-12',
        scheduledAt: at,
        createdAt: 0,
        updatedAt: 0,
      }),
    );
  };
  // An's KP1 and KP3 meet in the same hour: a clash. Bình's KP4 and KP5 are an hour apart: none.
  meeting('KP1', 5, 19, 30);
  meeting('KP2', 6, 19, 30);
  meeting('KP3', 5, 19, 0);
  meeting('KP4', 5, 19, 0);
  meeting('KP5', 5, 20, 0);
  meeting('KP7', 7, 8, 0);
  meeting('KH1', 5, 19, 0);

  const visit = (
    who: string,
    cell: string,
    day: string,
    opts: { meeting?: boolean; unassigned?: boolean } = {},
  ) =>
    writes.push(
      h.db.insert(visits).values({
        id: h.deps.newId(),
        personId: person[who]!,
        unitId: unit[cell]!,
        visitedOn: day,
        period: day.slice(0, 7),
        meetingId: opts.meeting ? meetingIds[cell]! : null,
        unassigned: opts.unassigned ?? false,
        recordedAt: 0,
      }),
    );
  visit('an', 'KP1', '2026-12-05', { meeting: true });
  visit('an', 'KP2', '2026-12-06', { meeting: true });
  visit('binh', 'KP4', '2026-12-05', { meeting: true });
  visit('binh', 'KP8', '2026-11-10', { unassigned: true });
  visit('an', 'KP3', '2026-10-03'); // no record for it yet
  visit('cuong', 'KP6', '2026-08-02'); // before the quarter
  visit('khanh', 'KH1', '2026-12-05', { meeting: true });

  const record = (cell: string, day: string, attendee: { id?: string; text?: string }) =>
    writes.push(
      h.db.insert(meetingRecords).values({
        id: h.deps.newId(),
        meetingId: meetingIds[cell] ?? null,
        unitId: unit[cell]!,
        period: day.slice(0, 7),
        heldOn: day,
        present: 10,
        total: 12,
        kind: 'regular',
        attendeePersonId: attendee.id ?? null,
        attendeeText: attendee.text ?? null,
        revision: 1,
        isCurrent: true,
        recordedBy: 'sec',
        recordedAt: 0,
      }),
    );
  record('KP1', '2026-12-05', { id: person.an, text: 'Nguyễn Văn An' }); // linked by id
  record('KP2', '2026-12-06', {}); // visit recorded, record names nobody
  record('KP4', '2026-12-05', { text: 'đ/c Trần Thị Bình, Đảng ủy viên' }); // linked by name
  record('KP5', '2026-12-05', { id: person.binh }); // names Bình, who recorded no visit
  record('KP7', '2026-12-07', { text: 'đồng chí Lê Văn Dũng' }); // names Dũng by text, no visit
  await h.commit(writes);
  return { unit, person };
}
