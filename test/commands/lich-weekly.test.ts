import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-10T03:00:00Z');
  await h.unit('XQS', 'Đảng ủy xã Quan Sơn', 'commune');
  await h.unit('TTXQS', 'Ban Thường vụ Đảng ủy xã Quan Sơn', 'standing_committee', 'XQS');
  await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS');
  await h.person('bt-kp1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
  await h.person('bt', 'Hà Văn Bí', [{ role: 'secretary', unit: 'XQS' }]);
});
afterEach(() => h.close());

describe('weekly meeting rules', () => {
  it('are refused to a cell, saying why, and nothing changes', async () => {
    const [r] = await h.say('bt-kp1', 'lich hang tuan thu hai 8h');
    expect(r!.text).toBe(
      'Chi bộ bản Chanh họp thường lệ mỗi tháng một lần (Điều lệ Đảng), nên không đặt lịch hằng tuần; ' +
        'lịch hằng tuần chỉ dành cho ban thường vụ. Xin đặt lịch hằng tháng, ví dụ: lich hang thang ngay 5 19:30 ' +
        'hoặc lich hang thang thu hai dau tien 19h30.',
    );
    expect((await unitByCode(h.db, 'KP1'))!.meetingRule).toBeNull();
  });

  it('are refused to a commune too, and taken for its standing committee', async () => {
    const [commune] = await h.say('bt', 'lich XQS hang tuan thu hai 8h');
    expect(commune!.text).toContain('Đảng ủy xã Quan Sơn họp thường lệ mỗi tháng một lần');
    await h.say('bt', 'lich TTXQS hang tuan thu hai 8h tai phong hop');
    const [committee] = await h.say('bt', '1');
    expect(committee!.text).toContain('Đã đặt lịch họp hằng tuần của Ban Thường vụ Đảng ủy xã Quan Sơn');
  });
});
