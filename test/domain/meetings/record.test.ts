import { describe, expect, it } from 'vitest';
import { parseMeetingDetails } from '../../../src/domain/meetings/details';
import { checkRecord, parseRecordLine, totalIsFar } from '../../../src/domain/meetings/record';

const now = new Date('2026-12-10T03:00:00Z');
const TZ = 'Asia/Ho_Chi_Minh';
const parse = (s: string) => parseRecordLine(s, now, TZ);

describe('parseRecordLine', () => {
  it('reads the one-line form with or without diacritics', () => {
    expect(parse('5/12 co mat 23/27 vang co ly do 3 chuyen de chuyen doi so xep loai tot')).toEqual({
      draft: {
        heldOn: '2026-12-05',
        present: 23,
        total: 27,
        absentExcused: 3,
        absentUnexcused: 1,
        kind: 'thematic',
        topic: 'chuyen doi so',
        grade: 'tot',
      },
      problems: [],
    });
    expect(
      parse(
        'ngày 5/12 có mặt 23 trên tổng số 27, vắng không lý do 1, thường kỳ kết hợp chuyên đề Nghị quyết, xếp loại trung bình, cấp trên dự: đ/c Dũng, ghi chú: mưa to',
      ).draft,
    ).toEqual({
      heldOn: '2026-12-05',
      present: 23,
      total: 27,
      absentExcused: 3,
      absentUnexcused: 1,
      kind: 'both',
      topic: 'Nghị quyết',
      grade: 'trung_binh',
      attendeeText: 'đ/c Dũng',
      note: 'mưa to',
    });
  });

  it('leaves absences open when their reasons are not given', () => {
    expect(parse('5/12 co mat 23/27').draft).toEqual({ heldOn: '2026-12-05', present: 23, total: 27 });
    expect(parse('5/12 co mat 27/27').draft).toMatchObject({ absentExcused: 0, absentUnexcused: 0 });
  });

  it.each([
    ['5/13 co mat 2/3', { code: 'bad_month', text: '5/13' }],
    ['31/11 co mat 2/3', { code: 'no_such_day' }],
    ['5/12 co mat nhieu', { code: 'bad_number', field: 'present', text: 'nhieu' }],
    ['5/12 xep loai xuat sac', { code: 'bad_grade', text: 'xuat sac' }],
    ['5/12 vang 2', { code: 'absent_no_reason', text: '2' }],
    ['5/12 linh tinh', { code: 'unknown', text: 'linh tinh' }],
  ])('reports what it cannot read in "%s"', (text, problem) => {
    expect(parse(text).problems).toContainEqual(problem);
  });
});

describe('checkRecord', () => {
  const c = { now, tz: TZ, memberCount: 27 };
  it('refuses impossible counts and dates', () => {
    expect(checkRecord({ present: 30, total: 27 }, c).errors).toEqual([
      { code: 'present_over_total', present: 30, total: 27 },
    ]);
    expect(checkRecord({ heldOn: '2026-12-11' }, c).errors).toEqual([{ code: 'future' }]);
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
