import { describe, expect, it } from 'vitest';
import { applyAnswer } from '../../../src/domain/reports/answers';
import { parseCount, parsePetitions } from '../../../src/domain/reports/numbers';
import { isLate, offeredPeriods, parsePeriod } from '../../../src/domain/reports/period';
import {
  escalationPeriod,
  nearestWith,
  outsideQuietHours,
  reminderSlot,
} from '../../../src/domain/reports/reminders';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (local: string) => new Date(`${local}:00+07:00`);
const NOW = at('2026-11-26T10:00');

describe('months', () => {
  it.each([
    ['11', '2026-11'],
    ['tháng 11', '2026-11'],
    ['thang 10/2026', '2026-10'],
    ['t9', '2026-09'],
    ['5', '2026-05'],
    ['tháng 11 năm 2025', '2025-11'],
    ['2026-08', '2026-08'],
    ['tháng trước', '2026-10'],
    ['thang nay', '2026-11'],
  ])('%s is %s', (text, period) => {
    expect(parsePeriod(text, NOW, TZ)).toEqual({ ok: true, period });
  });

  it('refuses a future month and nonsense', () => {
    expect(parsePeriod('12/2026', NOW, TZ)).toEqual({ ok: false, reason: 'future' });
    expect(parsePeriod('tháng 12', NOW, TZ)).toEqual({ ok: false, reason: 'future' });
    expect(parsePeriod('13', NOW, TZ)).toEqual({ ok: false, reason: 'invalid' });
    expect(parsePeriod('hôm qua', NOW, TZ)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('"tháng 12" typed in January is last December', () => {
    expect(parsePeriod('tháng 12', at('2027-01-03T09:00'), TZ)).toEqual({ ok: true, period: '2026-12' });
  });

  it('offers last month first while it is missing, from the 1st, in the local zone', () => {
    expect(offeredPeriods(at('2026-12-01T00:00'), TZ, true)).toEqual(['2026-11', '2026-12']);
    expect(offeredPeriods(at('2026-12-20T10:00'), TZ, true)).toEqual(['2026-11', '2026-12']);
    expect(offeredPeriods(at('2026-12-01T00:00'), TZ, false)).toEqual(['2026-12']);
    expect(offeredPeriods(at('2026-12-20T10:00'), TZ, false)).toEqual(['2026-12']);
  });

  it('a report is late once its month has ended locally', () => {
    expect(isLate('2026-11', at('2026-11-30T23:59'), TZ)).toBe(false);
    expect(isLate('2026-11', at('2026-12-01T00:00'), TZ)).toBe(true);
  });
});

describe('counts and petitions', () => {
  it('reads "." as a thousands separator and refuses decimals', () => {
    expect(parseCount('1.200')).toBe(1200);
    expect(parseCount('12')).toBe(12);
    expect(parseCount('1.2')).toBeUndefined();
    expect(parseCount('3,5')).toBeUndefined();
  });

  it.each([
    ['3/2 duong', { ok: true, raised: 3, resolved: 2 }],
    ['tiep nhan 4, da giai quyet 3', { ok: true, raised: 4, resolved: 3 }],
    ['khong co', { ok: true, raised: 0, resolved: 0 }],
    ['3', { ok: false, error: 'resolved_missing' }],
    ['ba/hai', { ok: false, error: 'numbers' }],
    ['2/5', { ok: false, error: 'resolved_gt_raised' }],
  ])('%s', (text, want) => {
    expect(parsePetitions(text)).toMatchObject(want);
  });

  it('a step answer keeps the typed text, refuses over 500 characters and reads "không có"', () => {
    expect(applyAnswer({}, 'security', 'Ổn định.')).toEqual({ ok: true, draft: { security: 'Ổn định' } });
    expect(applyAnswer({}, 'security', 'x'.repeat(501))).toEqual({
      ok: false,
      error: 'too_long',
      length: 501,
    });
    expect(applyAnswer({ proposals: 'a' }, 'proposals', 'không có')).toEqual({ ok: true, draft: {} });
    expect(applyAnswer({}, 'petitions', { none: true })).toEqual({
      ok: true,
      draft: { petitionsRaised: 0, petitionsResolved: 0 },
    });
  });
});

describe('reminder timing', () => {
  it('first from the reminder day at the reminder time, last on the last day', () => {
    expect(reminderSlot(at('2026-11-24T10:00'), TZ, 25, '07:00')).toBeNull();
    expect(reminderSlot(at('2026-11-25T06:59'), TZ, 25, '07:00')).toBeNull();
    expect(reminderSlot(at('2026-11-25T07:00'), TZ, 25, '07:00')).toMatchObject({
      period: '2026-11',
      kind: 'first',
    });
    expect(reminderSlot(at('2026-11-30T07:00'), TZ, 25, '07:00')).toMatchObject({
      kind: 'last',
      expiresAt: at('2026-12-01T00:00'),
    });
    expect(reminderSlot(at('2027-02-28T08:00'), TZ, 28, '07:00')).toMatchObject({ kind: 'last' });
  });

  it('escalates last month from the configured day', () => {
    expect(escalationPeriod(at('2026-12-02T10:00'), TZ, 3, '07:00')).toBeNull();
    expect(escalationPeriod(at('2026-12-03T07:00'), TZ, 3, '07:00')).toBe('2026-11');
    expect(escalationPeriod(at('2027-01-03T07:00'), TZ, 3, '07:00')).toBe('2026-12');
  });

  it('moves a message out of quiet hours', () => {
    const quiet = { start: '21:00', end: '06:30' };
    expect(outsideQuietHours(at('2026-11-25T22:00'), TZ, quiet)).toEqual(at('2026-11-26T06:30'));
    expect(outsideQuietHours(at('2026-11-26T05:00'), TZ, quiet)).toEqual(at('2026-11-26T06:30'));
    expect(outsideQuietHours(at('2026-11-26T10:00'), TZ, quiet)).toEqual(at('2026-11-26T10:00'));
  });

  it('finds the nearest ancestor with coordinators', () => {
    const has = (id: string) => id === 'p' || id === 'c';
    expect(nearestWith('/p/c/x/', 'x', has)).toBe('c');
    expect(nearestWith('/p/d/x/', 'x', has)).toBe('p');
    expect(nearestWith('/q/x/', 'x', has)).toBeNull();
  });
});
