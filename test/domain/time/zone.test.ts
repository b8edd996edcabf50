import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addLocalDays,
  DEFAULT_TZ,
  daysInMonth,
  formatDateInput,
  formatDateTimeVi,
  formatDateVi,
  formatTimeVi,
  isoWeekKey,
  localParts,
  monthKey,
  nextMonthKey,
  previousMonthKey,
  quarterOf,
  zonedInstant,
} from '../../../src/domain/time/zone';

const VN = DEFAULT_TZ;
const NOW = new Date('2026-11-26T03:00:00Z'); // Thứ Năm 26/11/2026, 10:00 in Vietnam
const NEAR_MIDNIGHT = new Date('2026-11-26T17:30:00Z'); // 00:30 on Thứ Sáu 27/11 in Vietnam
const originalTz = process.env.TZ;

afterEach(() => {
  process.env.TZ = originalTz;
});

describe('localParts', () => {
  it('reads the wall clock in Vietnam', () => {
    expect(localParts(NOW, VN)).toEqual({
      year: 2026,
      month: 11,
      day: 26,
      hour: 10,
      minute: 0,
      weekday: 4,
      isoDate: '2026-11-26',
    });
  });

  it.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Ho_Chi_Minh'])(
    'is already the next day at 17:30 UTC whatever the process zone (%s)',
    (processTz) => {
      process.env.TZ = processTz;
      const processOffset =
        { UTC: 0, 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840 }[processTz] ?? -420;
      expect(NEAR_MIDNIGHT.getTimezoneOffset()).toBe(processOffset); // the process zone really changed
      expect(localParts(NEAR_MIDNIGHT, VN)).toMatchObject({
        isoDate: '2026-11-27',
        hour: 0,
        minute: 30,
        weekday: 5,
      });
      expect(formatDateTimeVi(NEAR_MIDNIGHT, VN)).toBe('00:30 Thứ Sáu, 27/11/2026');
    },
  );

  it('uses the zone it is given, not Vietnam', () => {
    expect(localParts(NOW, 'America/New_York')).toMatchObject({ isoDate: '2026-11-25', hour: 22 });
  });
});

describe('zonedInstant', () => {
  it.each([
    [VN, [2026, 12, 5, 19, 30], '2026-12-05T12:30:00.000Z'],
    [VN, [2027, 1, 1, 0, 0], '2026-12-31T17:00:00.000Z'],
    ['Europe/Berlin', [2026, 7, 1, 12, 0], '2026-07-01T10:00:00.000Z'],
    ['Europe/Berlin', [2026, 1, 1, 12, 0], '2026-01-01T11:00:00.000Z'],
  ] as const)('maps wall time in %s %j to %s', (tz, [y, m, d, h, min], iso) => {
    expect(zonedInstant(tz, y, m, d, h, min).toISOString()).toBe(iso);
  });

  it('defaults to midnight and does not depend on the process zone', () => {
    process.env.TZ = 'America/Los_Angeles';
    expect(zonedInstant(VN, 2026, 11, 27).toISOString()).toBe('2026-11-26T17:00:00.000Z');
  });

  it('round-trips through localParts for any minute of any day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (y, m, d, h, min) => {
          const p = localParts(zonedInstant(VN, y, m, d, h, min), VN);
          expect([p.year, p.month, p.day, p.hour, p.minute]).toEqual([y, m, d, h, min]);
        },
      ),
    );
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-11-26', 0, '2026-11-26'],
    ['2026-11-26', 35, '2026-12-31'],
    ['2026-01-31', 365, '2027-01-31'],
  ])('addLocalDays(%s, %i) is %s', (iso, n, expected) => {
    expect(addLocalDays(iso, n)).toBe(expected);
  });

  it.each([
    [2026, 2, 28],
    [2028, 2, 29],
    [2000, 2, 29],
    [2100, 2, 28],
    [2026, 4, 30],
    [2026, 11, 30],
    [2026, 12, 31],
    [2026, 1, 31],
  ])('daysInMonth(%i, %i) is %i', (y, m, n) => {
    expect(daysInMonth(y, m)).toBe(n);
  });

  it.each([
    [1, 1],
    [3, 1],
    [4, 2],
    [6, 2],
    [7, 3],
    [10, 4],
    [12, 4],
  ])('month %i is in quarter %i', (m, q) => {
    expect(quarterOf(m)).toBe(q);
  });

  it('keys months and steps across year ends', () => {
    expect(monthKey(NOW, VN)).toBe('2026-11');
    expect(monthKey(new Date('2026-11-30T17:30:00Z'), VN)).toBe('2026-12');
    expect(nextMonthKey('2026-12')).toBe('2027-01');
    expect(previousMonthKey('2027-01')).toBe('2026-12');
    expect(previousMonthKey('2026-11')).toBe('2026-10');
    expect(nextMonthKey('2026-09')).toBe('2026-10');
  });

  it.each([
    ['2026-11-26T03:00:00Z', '2026-W48'],
    ['2026-12-31T03:00:00Z', '2026-W53'],
    ['2027-01-03T03:00:00Z', '2026-W53'],
    ['2027-01-04T03:00:00Z', '2027-W01'],
    ['2024-12-30T03:00:00Z', '2025-W01'],
    ['2026-11-29T17:30:00Z', '2026-W49'],
  ])('the ISO week of %s in Vietnam is %s', (instant, key) => {
    expect(isoWeekKey(new Date(instant), VN)).toBe(key);
  });

  it('agrees with date-fns on the ISO week for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1971-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const local = new TZDate(instant.getTime(), VN);
          const expected = `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, '0')}`;
          expect(isoWeekKey(instant, VN)).toBe(expected);
        },
      ),
    );
  });
});

describe('formatting', () => {
  const meeting = zonedInstant(VN, 2026, 12, 5, 19, 30);

  it('writes dates, times and both the Vietnamese way', () => {
    expect(formatDateVi(meeting, VN)).toBe('Thứ Bảy, 05/12/2026');
    expect(formatTimeVi(meeting, VN)).toBe('19:30');
    expect(formatDateTimeVi(meeting, VN)).toBe('19:30 Thứ Bảy, 05/12/2026');
  });

  it.each([
    ['2026-11-29', 'Chủ nhật, 29/11/2026'],
    ['2026-11-30', 'Thứ Hai, 30/11/2026'],
    ['2026-12-01', 'Thứ Ba, 01/12/2026'],
    ['2026-12-02', 'Thứ Tư, 02/12/2026'],
    ['2026-12-03', 'Thứ Năm, 03/12/2026'],
    ['2026-12-04', 'Thứ Sáu, 04/12/2026'],
  ])('names the weekday of %s: %s', (iso, text) => {
    const [y = 0, m = 0, d = 0] = iso.split('-').map(Number);
    expect(formatDateVi(zonedInstant(VN, y, m, d, 8), VN)).toBe(text);
  });

  it('pads hours and minutes', () => {
    expect(formatTimeVi(zonedInstant(VN, 2026, 12, 5, 7, 5), VN)).toBe('07:05');
  });

  it('writes input dates as dd/mm/yyyy', () => {
    expect(formatDateInput('2026-12-05')).toBe('05/12/2026');
    expect(formatDateInput('2027-01-31')).toBe('31/01/2027');
  });
});
