/** REMINDER_SPREAD_MINUTES: each unit's day reminders at its own minute after REMINDER_TIME. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';
import { reminderPlan, spreadOffsetMs } from '../../../src/domain/meetings/reminders';

const config = (spread: string) => loadConfig({ DEMO_DATA: '0', REMINDER_SPREAD_MINUTES: spread });
const local = (s: string) => new Date(`${s}+07:00`);
const hhmm = (d: Date) =>
  d.toLocaleTimeString('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' });

describe('spreading day reminders', () => {
  it('gives each unit a whole minute within the spread, the same every time, and none without a spread', () => {
    const c = config('60');
    const minutes = Array.from({ length: 2_000 }, (_, i) => spreadOffsetMs(`U${i}`, c) / 60_000);
    for (const m of minutes) {
      expect(Number.isInteger(m)).toBe(true);
      expect(m).toBeGreaterThanOrEqual(0);
      expect(m).toBeLessThan(60);
    }
    expect(spreadOffsetMs('U7', c)).toBe(spreadOffsetMs('U7', config('60')));
    // 2,000 cells over an hour: no minute gets more than a few times its share (33).
    const perMinute = new Map<number, number>();
    for (const m of minutes) perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
    expect(perMinute.size).toBe(60);
    expect(Math.max(...perMinute.values())).toBeLessThan(70);
    expect(spreadOffsetMs('U7', config('0'))).toBe(0);
  });

  it('moves the reminders given at REMINDER_TIME and the morning-after question, not the hours-before one', () => {
    const c = config('60');
    const plan = reminderPlan(local('2026-12-05T19:30:00'), c, 23 * 60_000);
    expect(plan.map((r) => `${r.kind} ${hhmm(r.dueAt)}`)).toEqual([
      'd3 07:23',
      'd1 07:23',
      'h2 17:30',
      'after 07:23',
    ]);
  });
});
