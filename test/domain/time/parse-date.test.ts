import { describe, expect, it } from 'vitest';
import { parseDateVi } from '../../../src/domain/time/parse-date';

const VN = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-11-26T03:00:00Z'); // Thứ Năm 26/11/2026, 10:00 in Vietnam
const originalTz = process.env.TZ;

describe('parseDateVi: numeric and spelled-out dates (now = Thứ Năm 26/11/2026)', () => {
  it.each([
    ['5/12', '2026-12-05'],
    ['05/12/2026', '2026-12-05'],
    ['5/12/26', '2026-12-05'],
    ['5.12', '2026-12-05'],
    ['5.12.2026', '2026-12-05'],
    ['5-12-2026', '2026-12-05'],
    ['5-12', '2026-12-05'],
    ['  5 / 12  ', '2026-12-05'],
    ['5 / 12 / 2026', '2026-12-05'],
    ['ngày 5 tháng 12', '2026-12-05'],
    ['NGÀY 5 THÁNG 12', '2026-12-05'],
    ['ngay 5 thang 12 nam 2026', '2026-12-05'],
    ['Ngày 05 tháng 12 năm 2026', '2026-12-05'],
    ['ngày   5  tháng 12,  năm 2026', '2026-12-05'],
    ['5 tháng 12 2026', '2026-12-05'],
    ['ngày 5/12', '2026-12-05'],
    ['vào ngày 5/12.', '2026-12-05'],
    ['Thứ Bảy, 05/12/2026', '2026-12-05'],
    ['thu 7, 5/12', '2026-12-05'],
    ['ngày 5 tháng sau', '2026-12-05'],
    ['ngày 20 tháng này', '2026-11-20'],
    ['ngay 20 thang truoc', '2026-10-20'],
    ['14/3/2019', '2019-03-14'],
    ['30.11.2022', '2022-11-30'],
    ['1/7/2022', '2022-07-01'],
    ['ngày 1 tháng 7 năm 2022', '2022-07-01'],
    ['31/12/99', '2099-12-31'],
    ['ngày 5/\u200B12', '2026-12-05'],
    ['nga\u0300y 5 tha\u0301ng 12', '2026-12-05'],
  ])('reads %j as %s', (input, date) => {
    expect(parseDateVi(input, NOW, VN)).toEqual({ ok: true, date });
  });

  it.each([
    ['1/1', '2027-01-01'],
    ['2/1', '2027-01-02'],
    ['31/12', '2026-12-31'],
    ['1/6', '2026-06-01'],
    ['15/5', '2027-05-15'],
    ['26/11', '2026-11-26'],
    ['1/11', '2026-11-01'],
  ])('without a year takes the nearest %j: %s', (input, date) => {
    expect(parseDateVi(input, NOW, VN)).toEqual({ ok: true, date });
  });
});

describe('parseDateVi: relative days and weekdays (now = Thứ Năm 26/11/2026)', () => {
  it.each([
    ['hôm nay', '2026-11-26'],
    ['Hom nay', '2026-11-26'],
    ['HÔM NAY', '2026-11-26'],
    ['hnay', '2026-11-26'],
    ['tối nay', '2026-11-26'],
    ['hôm qua', '2026-11-25'],
    ['hom qua', '2026-11-25'],
    ['hôm kia', '2026-11-24'],
    ['ngày mai', '2026-11-27'],
    ['ngay mai', '2026-11-27'],
    ['mai', '2026-11-27'],
    ['sáng mai', '2026-11-27'],
    ['ngày kia', '2026-11-28'],
    ['thứ hai tuần sau', '2026-11-30'],
    ['thu 2 tuan sau', '2026-11-30'],
    ['Thứ 2 tuần tới', '2026-11-30'],
    ['thứ hai tuần sau nữa', '2026-12-07'],
    ['thứ 6 tuần này', '2026-11-27'],
    ['thu sau tuan nay', '2026-11-27'],
    ['thứ 6 này', '2026-11-27'],
    ['thứ 2 tuần này', '2026-11-23'],
    ['chủ nhật tuần này', '2026-11-29'],
    ['thứ 7 tuần trước', '2026-11-21'],
    ['t2 tuần sau', '2026-11-30'],
    ['chủ nhật', '2026-11-29'],
    ['Chủ Nhật', '2026-11-29'],
    ['chu nhat', '2026-11-29'],
    ['cn', '2026-11-29'],
    ['CN', '2026-11-29'],
    ['thứ năm', '2026-11-26'],
    ['thứ sáu', '2026-11-27'],
    ['t7', '2026-11-28'],
    ['T6', '2026-11-27'],
    ['t2', '2026-11-23'],
    ['thứ ba', '2026-11-24'],
    ['mùng 5', '2026-12-05'],
    ['mung 5', '2026-12-05'],
    ['mồng 5', '2026-12-05'],
    ['Mồng 1', '2026-12-01'],
    ['mùng 20', '2026-11-20'],
    ['ngày 28', '2026-11-28'],
  ])('reads %j as %s', (input, date) => {
    expect(parseDateVi(input, NOW, VN)).toEqual({ ok: true, date });
  });

  it.each([
    ['26/11', '2026-11-26', '2026-11-26'],
    ['mùng 5', '2026-12-05', '2026-11-05'],
    ['mùng 26', '2026-11-26', '2026-11-26'],
    ['mùng 30', '2026-11-30', '2026-10-30'],
    ['mùng 31', '2026-12-31', '2026-10-31'],
    ['chủ nhật', '2026-11-29', '2026-11-22'],
    ['cn', '2026-11-29', '2026-11-22'],
    ['t2', '2026-11-30', '2026-11-23'],
    ['thứ 5', '2026-11-26', '2026-11-26'],
    ['thứ 4', '2026-12-02', '2026-11-25'],
    ['hôm qua', '2026-11-25', '2026-11-25'],
    ['thứ 2 tuần sau', '2026-11-30', '2026-11-30'],
    ['thứ 5 vừa rồi', '2026-11-19', '2026-11-19'],
    ['thu 5 vua qua', '2026-11-19', '2026-11-19'],
    ['thứ 3 vừa rồi', '2026-11-24', '2026-11-24'],
    ['thứ 2 rồi', '2026-11-23', '2026-11-23'],
    ['chủ nhật trước', '2026-11-22', '2026-11-22'],
    ['thứ 5 sắp tới', '2026-12-03', '2026-12-03'],
    ['tối qua', '2026-11-25', '2026-11-25'],
    ['sáng nay', '2026-11-26', '2026-11-26'],
  ])('reads %j as %s preferring the future and %s preferring the past', (input, future, past) => {
    expect(parseDateVi(input, NOW, VN, { prefer: 'future' })).toEqual({ ok: true, date: future });
    expect(parseDateVi(input, NOW, VN, { prefer: 'past' })).toEqual({ ok: true, date: past });
  });

  it.each([
    // day/month without a year: the nearest occurrence, whatever the side (the year never jumps)
    [NOW, '5/11', '2026-11-05'],
    [NOW, '1/1', '2027-01-01'],
    [NOW, '31/12', '2026-12-31'],
    [new Date('2026-12-01T03:00:00Z'), '20/12', '2026-12-20'],
    [new Date('2027-01-02T03:00:00Z'), '28/12', '2026-12-28'],
  ])('at %s reads %j as %s, for a record and for a schedule alike', (now, input, date) => {
    expect(parseDateVi(input, now, VN, { prefer: 'past' })).toEqual({ ok: true, date });
    expect(parseDateVi(input, now, VN, { prefer: 'future' })).toEqual({ ok: true, date });
  });

  it('gives a tie between last and next year to the command side', () => {
    // 2/7/2028 lies 183 days after 1/1/2028 and 183 days before 1/1/2029 (2028 is a leap year).
    const midYear = new Date('2028-07-02T03:00:00Z');
    expect(parseDateVi('1/1', midYear, VN, { prefer: 'past' })).toEqual({ ok: true, date: '2028-01-01' });
    expect(parseDateVi('1/1', midYear, VN, { prefer: 'future' })).toEqual({ ok: true, date: '2029-01-01' });
  });
});

describe('parseDateVi: year ends, leap years and month ends', () => {
  const lateDecember = new Date('2026-12-30T03:00:00Z'); // Thứ Tư 30/12/2026
  const earlyJanuary = new Date('2027-01-02T03:00:00Z'); // Thứ Bảy 02/01/2027

  it.each([
    [lateDecember, 'mai', '2026-12-31'],
    [lateDecember, 'ngày kia', '2027-01-01'],
    [lateDecember, '2/1', '2027-01-02'],
    [lateDecember, 'mùng 3', '2027-01-03'],
    [lateDecember, 'thứ 2 tuần sau', '2027-01-04'],
    [lateDecember, '28/12', '2026-12-28'],
    [earlyJanuary, 'hôm qua', '2027-01-01'],
    [earlyJanuary, 'hôm kia', '2026-12-31'],
    [earlyJanuary, '30/12', '2026-12-30'],
    [earlyJanuary, 'mùng 30', '2026-12-30'],
    [earlyJanuary, 'thứ 2 tuần trước', '2026-12-21'],
    [earlyJanuary, 'ngày 5 tháng trước', '2026-12-05'],
  ])('at %s reads %j as %s', (now, input, date) => {
    expect(parseDateVi(input, now, VN)).toEqual({ ok: true, date });
  });

  it.each([
    ['29/2/2028', '2028-02-29'],
    ['29/2/2000', '2000-02-29'],
    ['29.02.2024', '2024-02-29'],
    ['31/1/2027', '2027-01-31'],
    ['30/4/2026', '2026-04-30'],
    ['31/12/2026', '2026-12-31'],
  ])('accepts the month-end %j', (input, date) => {
    expect(parseDateVi(input, NOW, VN)).toEqual({ ok: true, date });
  });

  it('finds 29/2 in the coming leap year', () => {
    expect(parseDateVi('29/2', new Date('2028-01-15T03:00:00Z'), VN)).toEqual({
      ok: true,
      date: '2028-02-29',
    });
  });

  it.each([
    '31/2',
    '30/2',
    '29/2',
    '29/2/2027',
    '29/2/2100',
    '31/4',
    '31/11/2026',
    'ngày 31 tháng 6',
    'mùng 31 tháng này',
  ])('says %j is no such day', (input) => {
    expect(parseDateVi(input, NOW, VN)).toEqual({ ok: false, reason: 'no_such_day' });
  });
});

describe('parseDateVi: rejections', () => {
  it.each(['', '   ', '\u200B', ' . '])('calls %j empty', (input) => {
    expect(parseDateVi(input, NOW, VN)).toEqual({ ok: false, reason: 'empty' });
  });

  it.each([
    'abc',
    '32/1',
    '0/5',
    '5/0',
    '5/13',
    '13/13/2026',
    '5/12/202',
    '19.30',
    '6/29/2022',
    '12/5/1899',
    '5/12-2026',
    'thứ 8',
    'thứ 1',
    'ngày',
    'nay',
    '5/12 abc',
    'tuần sau',
    'mùng 0',
    'mùng 32',
    '19h30',
  ])('calls %j invalid', (input) => {
    expect(parseDateVi(input, NOW, VN)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('parseDateVi near midnight in Vietnam', () => {
  const nearMidnight = new Date('2026-11-26T17:30:00Z'); // 00:30 on Thứ Sáu 27/11 in Vietnam

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'])(
    'uses the Vietnamese day with the process in %s',
    (tz) => {
      process.env.TZ = tz;
      try {
        expect(parseDateVi('hôm nay', nearMidnight, VN)).toEqual({ ok: true, date: '2026-11-27' });
        expect(parseDateVi('hôm qua', nearMidnight, VN)).toEqual({ ok: true, date: '2026-11-26' });
        expect(parseDateVi('mai', nearMidnight, VN)).toEqual({ ok: true, date: '2026-11-28' });
        expect(parseDateVi('thứ 6', nearMidnight, VN)).toEqual({ ok: true, date: '2026-11-27' });
        expect(parseDateVi('thứ 2 tuần sau', nearMidnight, VN)).toEqual({ ok: true, date: '2026-11-30' });
      } finally {
        process.env.TZ = originalTz;
      }
    },
  );
});
