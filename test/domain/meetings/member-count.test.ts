import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../../db/repo/units';
import { meetingRecords } from '../../../db/schema';
import { knownMemberCount } from '../../../src/domain/meetings/member-count';
import { meetings as t } from '../../../src/messages/vi/meetings';
import { createHarness, type Harness } from '../../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-10T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS');
  await h.unit('KP2', 'Chi bộ bản Na Mèo', 'cell', 'XQS', { memberCount: 31 });
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
});
afterEach(() => h.close());

const record = (unitId: string, heldOn: string, total: number, id: string) =>
  h.db.insert(meetingRecords).values({
    id,
    unitId,
    period: heldOn.slice(0, 7),
    heldOn,
    present: total - 1,
    total,
    kind: 'regular',
    revision: 1,
    isCurrent: true,
    recordedBy: 'p',
    recordedAt: 0,
  });

describe('the member count a record is checked against', () => {
  it('is the imported figure, else the last recorded total, else unknown', async () => {
    const kp1 = (await unitByCode(h.db, 'KP1'))!;
    const kp2 = (await unitByCode(h.db, 'KP2'))!;
    expect(await knownMemberCount(h.db, kp1)).toBeNull();
    expect(await knownMemberCount(h.db, kp2)).toBe(31);
    await h.commit([record(kp1.id, '2026-10-05', 25, 'r1'), record(kp1.id, '2026-11-05', 27, 'r2')]);
    expect(await knownMemberCount(h.db, kp1)).toBe(27);
  });

  it('gives no warning when the count is unknown (one secretary linked is not the membership)', async () => {
    const [readBack] = await h.say('bt1', 'hop 5/12 co mat 25/27 vang co ly do 2 thuong ky xep loai kha');
    expect(readBack!.text).not.toContain('khác nhiều');
  });

  it('warns against the last recorded total', async () => {
    const kp1 = (await unitByCode(h.db, 'KP1'))!;
    await h.commit([record(kp1.id, '2026-11-05', 27, 'r1')]);
    const [readBack] = await h.say('bt1', 'hop 5/12 co mat 8/9 vang co ly do 1 thuong ky xep loai kha');
    expect(readBack!.text).toContain(t.totalFar(9, 27));
  });
});
