/** giamsat: a visit finds the meeting recorded that day, and a visit outside an assignment says why. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { meetingRecords, supervisorAssignments, visits } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
let an: string;
const text = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n');

beforeEach(async () => {
  h = await createHarness('2026-12-20T03:00:00Z');
  await h.unit('XQS', 'Xã Quan Sơn', 'commune');
  for (const n of [1, 3]) await h.unit(`KP${n}`, `Khu phố ${n}`, 'cell', 'XQS');
  an = await h.person('an', 'Nguyễn Văn An', [{ role: 'supervisor', unit: 'XQS' }]);
  const kp3 = (await unitByCode(h.db, 'KP3'))!.id;
  const kp1 = (await unitByCode(h.db, 'KP1'))!.id;
  await h.commit([
    h.db
      .insert(supervisorAssignments)
      .values({ id: 'a1', personId: an, unitId: kp3, validFrom: '2026-12-02', createdAt: 0 }),
    h.db.insert(supervisorAssignments).values({
      id: 'a2',
      personId: an,
      unitId: kp1,
      validFrom: '2026-01-01',
      validTo: '2026-11-30',
      createdAt: 0,
    }),
    // KP3's meeting of 1/12 was recorded by its secretary without ever being scheduled.
    h.db.insert(meetingRecords).values({
      id: 'r1',
      unitId: kp3,
      period: '2026-12',
      heldOn: '2026-12-01',
      present: 20,
      total: 22,
      kind: 'regular',
      revision: 1,
      isCurrent: true,
      recordedBy: 'sec',
      recordedAt: 0,
    }),
  ]);
});
afterEach(() => h.close());

describe('giamsat matching and assignment dates', () => {
  it('tells a visit made the day before the assignment started, with the start date, and matches the record', async () => {
    const ask = await h.say('an', 'giamsat KP3 1/12 xep loai kha');
    // Said in the read-back, before anything is saved.
    expect(ask[0]!.text).toContain(
      '⚠ Đồng chí được phân công theo dõi KP3 (Khu phố 3) từ 02/12/2026, sau ngày dự 01/12/2026. ' +
        'Lần dự này sẽ được đánh dấu "ngoài phân công".',
    );
    expect(ask[0]!.text).toContain('Khớp với biên bản sinh hoạt chi bộ ngày 01/12/2026.');
    const saved = text(await h.say('an', '1'));
    expect(saved).toContain('Khớp với biên bản sinh hoạt chi bộ ngày 01/12/2026.');
    expect(saved).not.toContain('Chưa thấy lịch họp');
    expect(await h.db.select().from(visits).all()).toMatchObject([
      { unassigned: true, visitedOn: '2026-12-01' },
    ]);
  });

  it('tells a visit made after the assignment ended, with the end date', async () => {
    const ask = await h.say('an', 'giamsat KP1 5/12 xep loai kha');
    expect(ask[0]!.text).toContain(
      '⚠ Phân công đồng chí theo dõi KP1 (Khu phố 1) đã kết thúc ngày 30/11/2026, trước ngày dự 05/12/2026. ' +
        'Lần dự này sẽ được đánh dấu "ngoài phân công".',
    );
  });
});
