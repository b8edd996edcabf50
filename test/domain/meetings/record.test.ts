import { describe, expect, it } from 'vitest';
import { parseMeetingDetails } from '../../../src/domain/meetings/details';
import { checkRecord, completeAttendance, totalIsFar } from '../../../src/domain/meetings/record';

const now = new Date('2026-12-10T03:00:00Z');
const TZ = 'Asia/Ho_Chi_Minh';

describe('checkRecord', () => {
  const c = { now, tz: TZ, memberCount: 27 };
  it('refuses impossible counts and dates', () => {
    expect(checkRecord({ present: 30, total: 27 }, c).errors).toEqual([
      { code: 'present_over_total', present: 30, total: 27 },
    ]);
    expect(checkRecord({ heldOn: '2026-12-11' }, c).errors).toEqual([
      { code: 'future', day: 11, month: 12, year: 2026 },
    ]);
    expect(checkRecord({ heldOn: '2025-11-01' }, c).errors).toEqual([{ code: 'too_old' }]);
    expect(checkRecord({ present: 20, total: 27, absentExcused: 5, absentUnexcused: 5 }, c).errors).toEqual([
      { code: 'sum_mismatch', present: 20, excused: 5, unexcused: 5, total: 27 },
    ]);
    expect(checkRecord({ present: 0, total: 0 }, c).errors).toEqual([{ code: 'bad_total', total: 0 }]);
  });

  it('questions a total far from the known cell size, without refusing it', () => {
    expect(checkRecord({ present: 40, total: 45 }, c)).toEqual({
      errors: [],
      warnings: [{ code: 'total_far', total: 45, memberCount: 27 }],
    });
    expect(totalIsFar(29, 27)).toBe(false);
    expect(totalIsFar(200, 180)).toBe(false);
    expect(totalIsFar(230, 180)).toBe(true);
  });
});

describe('parseMeetingDetails', () => {
  it('reads place, kind and topic, keeping the user’s spelling', () => {
    expect(parseMeetingDetails('tại Nhà văn hóa thôn 3, xã Quan Sơn, chuyên đề: Chuyển đổi số')).toEqual({
      place: 'Nhà văn hóa thôn 3, xã Quan Sơn',
      kind: 'thematic',
      topic: 'Chuyển đổi số',
    });
    expect(parseMeetingDetails('thuong ky, chuyen de hoc tap')).toEqual({ kind: 'both', topic: 'hoc tap' });
    expect(parseMeetingDetails('mang theo so')).toEqual({ unknown: 'mang theo so' });
  });
});

describe('completeAttendance', () => {
  it('derives only what follows from what was given', () => {
    expect(completeAttendance({ present: 23, absent: 4 }, null)).toMatchObject({ total: 27, absent: 4 });
    expect(completeAttendance({ present: 23 }, 27)).toMatchObject({ total: 27, absent: 4 });
    expect(completeAttendance({ present: 23 }, null)).toEqual({ present: 23 });
    expect(completeAttendance({ present: 23, total: 27, absentExcused: 3 }, null)).toMatchObject({
      absent: 4,
      absentUnexcused: 1,
    });
    expect(completeAttendance({ present: 27, total: 27 }, null)).toMatchObject({
      absentExcused: 0,
      absentUnexcused: 0,
    });
  });
});
