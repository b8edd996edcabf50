/**
 * What is expected of a cell: the one definition behind the summaries, the laggard lists, the chart,
 * the Excel file, the digests and the report reminders.
 *
 * - A unit owes only if it is a cell (src/domain/units/kinds.ts) that is not merged away.
 * - It owes, for every month in which it exists (valid_from … valid_to) from the month it came into
 *   chibo (`created_at`, in the deployment's zone; a cell imported on 20 November owes November, not
 *   October), one meeting and one monthly report.
 * - Both are due by the month's last day. Until then the month is "đang diễn ra": what is done
 *   counts, what is not is "chưa đến hạn", never "missing". A thematic meeting is owed once a
 *   quarter, due by the quarter's last day.
 *
 * The summaries apply the same rule in SQL (`expectedIn` below, used by query.ts); the reminders in
 * TypeScript (`owesIn`). test/domain/summaries/expected.test.ts checks that the two agree.
 */
import { type SQL, sql } from 'drizzle-orm';
import { daysInMonth, isoFromParts, localParts, monthKey, nextMonthKey, zonedInstant } from '../time/zone';
import { isCell } from '../units/kinds';

/** `now` and the zone: everything "expected" depends on the day it is asked. */
export interface AsOf {
  now: Date;
  tz: string;
}

/** Until this day of a month, a summary asked without a period is about the month just ended. */
export const JUST_ENDED_DAYS = 7;

export interface OwingUnit {
  kind: string;
  createdAt: number;
  validFrom: string | null;
  validTo: string | null;
  mergedIntoId?: string | null;
}

const split = (month: string) => month.split('-').map(Number) as [number, number];

/** The last day a month's meeting and report are due by (`YYYY-MM-DD`). */
export function dueDate(month: string): string {
  const [y, m] = split(month);
  return isoFromParts(y, m, daysInMonth(y, m));
}

/** The instant the month is over in zone `tz`: its meeting and report are late from here. */
export function monthOver(month: string, tz: string): number {
  const [y, m] = split(nextMonthKey(month));
  return zonedInstant(tz, y, m, 1).getTime();
}

/** Whether a month's meeting and report are past their due date. */
export function isDue(month: string, at: AsOf): boolean {
  return month < monthKey(at.now, at.tz);
}

/** The last month of the month's quarter. */
export function quarterEnd(month: string): string {
  const [y, m] = split(month);
  return `${y}-${String(Math.ceil(m / 3) * 3).padStart(2, '0')}`;
}

/** Whether the thematic meeting of the month's quarter is past its due date. */
export function isQuarterDue(month: string, at: AsOf): boolean {
  return isDue(quarterEnd(month), at);
}

/** Whether the unit exists in that month and was already in chibo then (the cell part of the rule aside). */
export function existsIn(unit: OwingUnit, month: string, tz: string): boolean {
  return (
    (unit.validFrom === null || unit.validFrom <= dueDate(month)) &&
    (unit.validTo === null || unit.validTo >= `${month}-01`) &&
    unit.createdAt < monthOver(month, tz)
  );
}

/** Whether the unit owes a meeting and a report for `month` (the reminders' question). */
export function owesIn(unit: OwingUnit, month: string, tz: string): boolean {
  return isCell(unit.kind) && !unit.mergedIntoId && existsIn(unit, month, tz);
}

/**
 * The same rule as `existsIn`, in SQL, for a unit alias `u` and a months row `m` with columns
 * `s` (first day), `e` (last day) and `ce` (the instant the month is over, ms).
 */
export function expectedIn(u: string, m: string): SQL {
  return sql.raw(
    `((${u}.valid_from is null or ${u}.valid_from <= ${m}.e) and (${u}.valid_to is null or ${u}.valid_to >= ${m}.s) and ${u}.created_at < ${m}.ce)`,
  );
}

/**
 * The month a summary asked without a period is about: during the first JUST_ENDED_DAYS days of a
 * month the one just ended (it is the one that is due, and late reports are still coming in),
 * later the current one.
 */
export function defaultMonth(at: AsOf): { month: string; justEnded: boolean } {
  const p = localParts(at.now, at.tz);
  const current = monthKey(at.now, at.tz);
  if (p.day > JUST_ENDED_DAYS) return { month: current, justEnded: false };
  const [y, m] = split(current);
  return { month: m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`, justEnded: true };
}

/** Where a period stands on `today`: not begun, under way (some months not yet due), or all due. */
export function periodStatus(period: { from: string; to: string }, today: string): 'future' | 'open' | 'due' {
  if (today < period.from) return 'future';
  return today <= period.to ? 'open' : 'due';
}
