import { describe, expect, it } from 'vitest';
import { periodFromKey, takePeriod } from '../../../src/domain/summaries/period';

const now = new Date('2026-12-02T03:00:00Z');
const key = (text: string) => {
  const r = takePeriod(text, now, 'Asia/Ho_Chi_Minh');
  return r.ok ? { key: r.period?.key ?? null, rest: r.rest } : 'invalid';
};

describe('takePeriod', () => {
  it.each([
    ['11/2026', '2026-11'],
    ['thang nay', '2026-12'],
    ['tháng trước', '2026-11'],
    ['quy 4', '2026-Q4'],
    ['Q4/2026', '2026-Q4'],
    // Without a year, the latest that has begun (asked on 2 December): this year's first quarter and May.
    ['quý 1', '2026-Q1'],
    ['quy 3', '2026-Q3'],
    ['nam 2026', '2026'],
    ['thang 5', '2026-05'],
    ['thang 6', '2026-06'],
    ['quý IV/2026', '2026-Q4'],
    ['quy iv', '2026-Q4'],
    ['quý II năm 2025', '2025-Q2'],
    ['cả năm', '2026'],
    ['ca nam 2025', '2025'],
    ['năm ngoái', '2025'],
    ['năm nay', '2026'],
    ['tháng 12 năm ngoái', '2025-12'],
    ['tháng này', '2026-12'],
    ['2026-11', '2026-11'],
  ])('reads %s as %s', (text, expected) => {
    expect(key(text)).toEqual({ key: expected, rest: '' });
  });

  it('leaves the unit name as the rest', () => {
    expect(key('xa Quan Son quy 4')).toEqual({ key: '2026-Q4', rest: 'xa quan son' });
    expect(key('XQS')).toEqual({ key: null, rest: 'xqs' });
  });

  it('refuses a month that does not exist', () => {
    expect(key('13/2026')).toBe('invalid');
  });

  it('reads the CLI keys', () => {
    expect(periodFromKey('2026-Q4')?.months).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(periodFromKey('2026')?.months).toHaveLength(12);
    expect(periodFromKey('2026-13')).toBeNull();
  });
});
