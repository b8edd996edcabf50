/**
 * When report reminders are due, and for which month. Pure: the scheduler job reads the data and
 * asks these functions; nothing here looks at a clock of its own.
 */
import {
  addLocalDays,
  daysInMonth,
  localParts,
  monthKey,
  previousMonthKey,
  zonedInstant,
} from '../time/zone';

export type ReminderKind = 'first' | 'last';

export interface Holiday {
  from: string;
  to: string;
}

/** `YYYY-MM-DD` strings compare in calendar order. */
export function isHoliday(isoDate: string, holidays: readonly Holiday[]): boolean {
  return holidays.some((h) => isoDate >= h.from && isoDate <= h.to);
}

export interface ReminderSlot {
  period: string;
  kind: ReminderKind;
  /** After this the reminder is pointless (the month is over; the escalation takes over). */
  expiresAt: Date;
}

const minutes = (hhmm: string) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * The reminder due now for this month's report, if any: from the reminder day (at `sendFrom`, local)
 * the first one, on the month's last day the last one instead. Before `sendFrom` nothing is due yet,
 * so that a report sent early in the morning is not followed by a reminder planned at midnight.
 */
export function reminderSlot(
  now: Date,
  tz: string,
  reminderDay: number,
  sendFrom: string,
  holidays: readonly Holiday[] = [],
): ReminderSlot | null {
  const p = localParts(now, tz);
  if (p.hour * 60 + p.minute < minutes(sendFrom)) return null;
  // On a holiday (Tết) nothing is chased; the first working day after it picks the reminder up.
  if (isHoliday(p.isoDate, holidays)) return null;
  const last = daysInMonth(p.year, p.month);
  const nextFirst = addLocalDays(`${p.isoDate.slice(0, 8)}${String(last).padStart(2, '0')}`, 1);
  const [y, m, d] = nextFirst.split('-').map(Number) as [number, number, number];
  const expiresAt = zonedInstant(tz, y, m, d);
  if (p.day === last) return { period: monthKey(now, tz), kind: 'last', expiresAt };
  if (p.day >= reminderDay) return { period: monthKey(now, tz), kind: 'first', expiresAt };
  return null;
}

/**
 * The month whose missing reports are escalated now: last month, once `days` days of this month
 * have passed (REPORT_ESCALATION_DAYS after the last day), for the rest of this month.
 */
export function escalationPeriod(
  now: Date,
  tz: string,
  days: number,
  sendFrom: string,
  holidays: readonly Holiday[] = [],
): string | null {
  const p = localParts(now, tz);
  if (isHoliday(p.isoDate, holidays)) return null;
  if (p.day < days || (p.day === days && p.hour * 60 + p.minute < minutes(sendFrom))) return null;
  return previousMonthKey(monthKey(now, tz));
}

/** The first moment at or after `now` outside the quiet hours (`21:00`–`06:30`, local). */
export function outsideQuietHours(now: Date, tz: string, quiet: { start: string; end: string }): Date {
  const p = localParts(now, tz);
  const m = p.hour * 60 + p.minute;
  const start = minutes(quiet.start);
  const end = minutes(quiet.end);
  const wraps = start > end;
  const inQuiet = wraps ? m >= start || m < end : m >= start && m < end;
  if (!inQuiet) return now;
  const day = wraps && m >= start ? addLocalDays(p.isoDate, 1) : p.isoDate;
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return zonedInstant(tz, y, mo, d, Math.floor(end / 60), end % 60);
}

export function reminderKey(unitId: string, period: string, personId: string, kind: string): string {
  return `report:${unitId}:${period}:${personId}:${kind}`;
}

/** The nearest ancestor (by path, nearest first) that has coordinators, for each cell. */
export function nearestWith(path: string, unitId: string, has: (id: string) => boolean): string | null {
  const ids = path.split('/').filter(Boolean);
  for (let i = ids.length - 1; i >= 0; i--) {
    const id = ids[i]!;
    if (id !== unitId && has(id)) return id;
  }
  return null;
}
