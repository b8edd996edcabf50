import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';
import {
  deliveryTime,
  firstCursor,
  isQuiet,
  nudgeAt,
  reminderKey,
  reminderPlan,
  reminderStep,
} from '../../../src/domain/meetings/reminders';

const config = loadConfig({ HOLIDAYS: '2027-02-05..2027-02-13' });
const at = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const plan = (event: string) =>
  reminderPlan(at(event), config).map((r) => `${r.kind} ${r.dueAt.toISOString()}`);

describe('reminder plan', () => {
  it('puts day reminders at 07:00, hour reminders before the event, the question the morning after', () => {
    expect(plan('2026-12-05 19:30')).toEqual([
      'd3 2026-12-02T00:00:00.000Z',
      'd1 2026-12-04T00:00:00.000Z',
      'h2 2026-12-05T10:30:00.000Z',
      'after 2026-12-06T00:00:00.000Z',
    ]);
  });

  it('moves a reminder out of quiet hours, earlier when later would be too late', () => {
    // 07:30 meeting: 2 hours before is 05:30 (quiet) → 06:30.
    expect(plan('2027-03-28 07:30')).toContain('h2 2027-03-27T23:30:00.000Z');
    // 06:40 meeting: 06:30 would do; 06:20 meeting: 06:30 is too late → 20:59 the evening before.
    expect(plan('2027-03-28 06:20')).toContain('h2 2027-03-27T13:59:00.000Z');
    expect(isQuiet(at('2027-03-27 21:00'), config)).toBe(true);
    expect(isQuiet(at('2027-03-27 20:59'), config)).toBe(false);
  });

  it('moves day reminders off holidays; two landing together keep the nearer one', () => {
    // Meeting on 15/2 after Tết (5–13/2): 3 days before (12/2) → 14/2; 1 day before is 14/2 already.
    expect(plan('2027-02-15 19:30')).toEqual([
      'd1 2027-02-14T00:00:00.000Z',
      'h2 2027-02-15T10:30:00.000Z',
      'after 2027-02-16T00:00:00.000Z',
    ]);
    // Meeting on the first day of Tết: reminders fall back before the holiday.
    expect(plan('2027-02-05 19:30')).toEqual([
      'd3 2027-02-02T00:00:00.000Z',
      'd1 2027-02-04T00:00:00.000Z',
      'h2 2027-02-05T10:30:00.000Z',
      'after 2027-02-14T00:00:00.000Z',
    ]);
  });
});

describe('reminder cursor', () => {
  const event = at('2026-12-05 19:30');
  it('sends what is due once and moves to the next item', () => {
    const s = reminderStep(event, at('2026-12-02 07:00'), at('2026-12-02 07:00'), config);
    expect(s.send.map((r) => r.kind)).toEqual(['d3']);
    expect(s.next).toEqual(at('2026-12-04 07:00'));
  });

  it('after a gap sends only the latest still-useful reminder and drops stale ones', () => {
    const s = reminderStep(event, at('2026-12-02 07:00'), at('2026-12-05 18:00'), config);
    expect(s.send.map((r) => r.kind)).toEqual(['h2']);
    expect(s.skipped.map((r) => r.kind)).toEqual(['d3', 'd1']);
    const late = reminderStep(event, at('2026-12-02 07:00'), at('2026-12-08 09:00'), config);
    expect(late.send.map((r) => r.kind)).toEqual(['after']);
    expect(late.next).toBeNull();
    const tooLate = reminderStep(event, at('2026-12-02 07:00'), at('2026-12-20 09:00'), config);
    expect(tooLate.send).toEqual([]);
  });

  it('leaves out a late catch-up when the next reminder is only hours away', () => {
    const late = reminderStep(event, at('2026-12-02 07:00'), at('2026-12-03 23:00'), config);
    expect(late.send).toEqual([]);
    expect(late.next).toEqual(at('2026-12-04 07:00'));
    const onTime = reminderStep(event, at('2026-12-02 07:00'), at('2026-12-02 07:05'), config);
    expect(onTime.send.map((r) => r.kind)).toEqual(['d3']);
  });

  it('starts a meeting set today at the next item, not at reminders already past', () => {
    expect(firstCursor(event, at('2026-12-03 10:00'), config)).toEqual(at('2026-12-04 07:00'));
  });

  it('holds a message due at night until the quiet hours end, unless that is too late', () => {
    expect(deliveryTime(at('2026-12-03 23:00'), at('2026-12-05 19:30'), config)).toEqual(
      at('2026-12-04 06:30'),
    );
    expect(deliveryTime(at('2026-12-05 05:00'), at('2026-12-05 06:00'), config)).toBeNull();
    expect(deliveryTime(at('2026-12-03 12:00'), event, config)).toEqual(at('2026-12-03 12:00'));
  });

  it('keys reminders by meeting, person and kind; nudges on the 20th off holidays', () => {
    expect(reminderKey('m1', 'p1', 'd3')).toBe('meeting:m1:p1:d3');
    expect(nudgeAt('2026-12', config)).toEqual(at('2026-12-20 07:00'));
    expect(nudgeAt('2027-02', loadConfig({ HOLIDAYS: '2027-02-20..2027-02-21' }))).toEqual(
      at('2027-02-22 07:00'),
    );
  });
});
