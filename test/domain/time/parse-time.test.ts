import { describe, expect, it } from 'vitest';
import { applyPeriod, parseTimeVi } from '../../../src/domain/time/parse-time';

describe('parseTimeVi', () => {
  it.each([
    ['19h30', 19, 30],
    ['19H30', 19, 30],
    ['  19h30  ', 19, 30],
    ['19h', 19, 0],
    ['19 h', 19, 0],
    ['19h 30', 19, 30],
    ['19h30p', 19, 30],
    ["19h30'", 19, 30],
    ['19:30', 19, 30],
    ['19 : 30', 19, 30],
    ['19:30:00', 19, 30],
    ['07:05', 7, 5],
    ['0:00', 0, 0],
    ['23:59', 23, 59],
    ['19 giờ 30', 19, 30],
    ['19 GIỜ 30 PHÚT', 19, 30],
    ['19 gio 30 phut', 19, 30],
    ['19 giờ', 19, 0],
    ['7g30', 7, 30],
    ['7g', 7, 0],
    ['7 giờ tối', 19, 0],
    ['7h tối', 19, 0],
    ['7h toi', 19, 0],
    ['7 tối', 19, 0],
    ['tối 7h', 19, 0],
    ['tối 7h30', 19, 30],
    ['7:30 tối', 19, 30],
    ['7 giờ 30 tối', 19, 30],
    ['8 giờ sáng', 8, 0],
    ['8h sang', 8, 0],
    ['2 giờ chiều', 14, 0],
    ['2h chieu', 14, 0],
    ['14h chiều', 14, 0],
    ['5 giờ chiều', 17, 0],
    ['12 giờ trưa', 12, 0],
    ['1 giờ trưa', 13, 0],
    ['11 giờ tối', 23, 0],
    ['12 giờ đêm', 0, 0],
    ['1 giờ đêm', 1, 0],
    ['7 rưỡi', 7, 30],
    ['7 giờ rưỡi tối', 19, 30],
    ['7h ruoi', 7, 30],
    ['7 giờ kém 15', 6, 45],
    ['8h kém 10 tối', 19, 50],
    ['lúc 19h30', 19, 30],
    ['vào lúc 19h30.', 19, 30],
    ['19.30', 19, 30],
    ['7.45', 7, 45],
    ['8.00', 8, 0],
    ['0.05', 0, 5],
    ['10.10 sáng', 10, 10],
    ['7.30 tối', 19, 30],
  ])('reads %j as %i:%i', (input, hour, minute) => {
    expect(parseTimeVi(input)).toEqual({ ok: true, hour, minute });
  });

  it.each([
    '',
    '  ',
    'abc',
    '19',
    '7',
    '24h',
    '25h',
    '24:00',
    '19h60',
    '19:5',
    '19h sáng',
    '3 giờ tối',
    '7h kém 0',
    'lúc',
    '5/12',
    '5.12',
    '10.10',
    '19h30 abc',
    'giờ 30',
    '123h',
    '19.30.2026',
  ])('refuses %j', (input) => {
    expect(parseTimeVi(input)).toEqual({ ok: false });
  });
});

describe('applyPeriod', () => {
  it.each([
    [7, 'sang', 7],
    [12, 'trua', 12],
    [2, 'trua', 14],
    [2, 'chieu', 14],
    [17, 'chieu', 17],
    [7, 'toi', 19],
    [20, 'toi', 20],
    [12, 'toi', 0],
    [10, 'dem', 22],
    [2, 'dem', 2],
    [11, 'khuya', 23],
    [15, undefined, 15],
  ] as const)('puts %i %s at %i', (hour, period, expected) => {
    expect(applyPeriod(hour, period)).toBe(expected);
  });

  it.each([
    [19, 'sang'],
    [20, 'chieu'],
    [2, 'toi'],
    [15, 'dem'],
    [24, undefined],
  ] as const)('rejects %i %s', (hour, period) => {
    expect(applyPeriod(hour, period)).toBeNull();
  });
});
