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
    ['quý 1', '2026-Q1'],
    ['nam 2026', '2026'],
    ['thang 5', '2026-05'],
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
