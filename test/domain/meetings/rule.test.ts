import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type MeetingRule,
  occurrenceIn,
  parseRule,
  ruleDay,
  ruleFromJson,
  ruleToJson,
  shiftSlot,
  shiftWeek,
  slotOfDate,
} from '../../../src/domain/meetings/rule';
import { localParts } from '../../../src/domain/time/zone';

const TZ = 'Asia/Ho_Chi_Minh';

describe('parseRule', () => {
  it.each([
    ['hang thang ngay 5 19:30 tai nha van hoa', { type: 'day', day: 5, time: '19:30', place: 'nha van hoa' }],
    [
      'Hằng tháng ngày 5 lúc 19 giờ 30 tại Nhà văn hóa thôn 3',
      { type: 'day', day: 5, time: '19:30', place: 'Nhà văn hóa thôn 3' },
    ],
    ['hang thang thu hai dau tien 19h30', { type: 'weekday', nth: 1, weekday: 1, time: '19:30' }],
    ['thứ 6 cuối cùng hằng tháng 14h', { type: 'weekday', nth: -1, weekday: 5, time: '14:00' }],
    ['chu nhat thu hai hang thang 8h sang', { type: 'weekday', nth: 2, weekday: 0, time: '08:00' }],
    ['mung 31 hang thang 7 gio toi', { type: 'day', day: 31, time: '19:00' }],
    ['hang thang ngay 5 tai nha van hoa 19h30', { type: 'day', day: 5, time: '19:30', place: 'nha van hoa' }],
  ])('reads "%s"', (text, rule) => {
    expect(parseRule(text)).toEqual({ ok: true, rule });
  });

  it.each([
    ['hang thang ngay 5', 'no_time'],
    ['hang thang 19h30', 'no_day'],
    ['hang thang ngay 0 19h30', 'bad_day'],
    ['hang thang ngay 5 19h30 khong ro', 'unknown_text'],
  ])('refuses "%s" (%s)', (text, error) => {
    expect(parseRule(text)).toMatchObject({ ok: false, error });
  });

  it('refuses a place over 200 characters as seen instead of cutting it; 200 are kept whole', () => {
    const place = (n: number) => `${'👍🏽'.repeat(n - 2)}xã`; // n characters, 4n - 6 UTF-16 units
    expect(parseRule(`hang thang ngay 5 19:30 tai ${place(201)}`)).toEqual({
      ok: false,
      error: 'place_too_long',
      length: 201,
    });
    expect(parseRule(`hang thang ngay 5 19:30 tai ${place(200)}`)).toMatchObject({
      ok: true,
      rule: { place: place(200) },
    });
  });

  it('round-trips through JSON and rejects broken JSON', () => {
    const rule: MeetingRule = { type: 'weekday', nth: -1, weekday: 0, time: '08:00', place: 'Hội trường' };
    expect(ruleFromJson(ruleToJson(rule))).toEqual(rule);
    expect(ruleFromJson('{"type":"day","day":40,"time":"19:30"}')).toBeNull();
    expect(ruleFromJson('not json')).toBeNull();
  });
});

describe('occurrences', () => {
  const day31: MeetingRule = { type: 'day', day: 31, time: '19:30' };
  it('clamps a day past the month end to the last day (February, leap years, 30-day months)', () => {
    expect(occurrenceIn(day31, '2027-02', TZ).toISOString()).toBe('2027-02-28T12:30:00.000Z');
    expect(occurrenceIn(day31, '2028-02', TZ).toISOString()).toBe('2028-02-29T12:30:00.000Z');
    expect(occurrenceIn(day31, '2027-04', TZ).toISOString()).toBe('2027-04-30T12:30:00.000Z');
    expect(occurrenceIn(day31, '2026-12', TZ).toISOString()).toBe('2026-12-31T12:30:00.000Z');
    expect(shiftSlot('2026-12', 1)).toBe('2027-01');
  });

  it('finds nth and last weekdays', () => {
    expect(ruleDay({ type: 'weekday', nth: 1, weekday: 1, time: '19:30' }, 2027, 1)).toBe(4);
    expect(ruleDay({ type: 'weekday', nth: -1, weekday: 0, time: '19:30' }, 2027, 2)).toBe(28);
    expect(ruleDay({ type: 'weekday', nth: 4, weekday: 6, time: '19:30' }, 2026, 12)).toBe(26);
  });

  it('always lands in its own month, on the right weekday, at the rule time (property)', () => {
    const rule = fc.oneof(
      fc.record({
        type: fc.constant('day' as const),
        day: fc.integer({ min: 1, max: 31 }),
        time: fc.constant('19:30'),
      }),
      fc.record({
        type: fc.constant('weekday' as const),
        nth: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, -1 as const),
        weekday: fc.integer({ min: 0, max: 6 }),
        time: fc.constant('07:05'),
      }),
    );
    fc.assert(
      fc.property(rule, fc.integer({ min: 2000, max: 2100 }), fc.integer({ min: 1, max: 12 }), (r, y, m) => {
        const slot = `${y}-${String(m).padStart(2, '0')}`;
        const p = localParts(occurrenceIn(r, slot, TZ), TZ);
        expect(p.isoDate.slice(0, 7)).toBe(slot);
        expect(`${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`).toBe(r.time);
        if (r.type === 'weekday') expect(p.weekday).toBe(r.weekday);
        else expect(p.day).toBe(Math.min(r.day, new Date(Date.UTC(y, m, 0)).getUTCDate()));
      }),
    );
  });
});

describe('weekly rules (a standing committee)', () => {
  it('reads a weekday every week, with or without its place', () => {
    expect(parseRule('hang tuan thu hai 8h tai phong hop')).toEqual({
      ok: true,
      rule: { type: 'weekly', weekday: 1, time: '08:00', place: 'phong hop' },
    });
    expect(parseRule('Chủ nhật hằng tuần 7h30')).toEqual({
      ok: true,
      rule: { type: 'weekly', weekday: 0, time: '07:30' },
    });
    expect(parseRule('thu 6 moi tuan luc 14:00')).toEqual({
      ok: true,
      rule: { type: 'weekly', weekday: 5, time: '14:00' },
    });
    expect(parseRule('hang tuan 8h')).toEqual({ ok: false, error: 'no_day' });
  });

  it('places a meeting in its ISO week, across the year end', () => {
    const rule = { type: 'weekly', weekday: 1, time: '08:00' } as const;
    expect(occurrenceIn(rule, '2026-W50', TZ).toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(slotOfDate(rule, '2027-01-01')).toBe('2026-W53');
    expect(slotOfDate(null, '2027-01-01')).toBe('2027-01');
    const sunday = { ...rule, weekday: 0 };
    expect(occurrenceIn(sunday, '2026-W53', TZ).toISOString()).toBe('2027-01-03T01:00:00.000Z');
  });
});
