/**
 * The one rule for a date or a period typed without its year (or without its month, or its week),
 * used by every parser: meeting records, visits, report months, summaries, schedules.
 *
 * - A day across a year ("20/12"): the occurrence nearest to today. On a tie, the
 *   command's side: the past for a record of something held, the future for a schedule. The year is
 *   never moved silently to the far side: "20/12" typed on 1 December is 20/12 this year, which a
 *   record then refuses as not yet held (saying to type the year), instead of last year's.
 * - A month or a quarter ("tháng 11", "quý 4"): the nearest, as a day; but for a summary (`begun`),
 *   the latest that has begun (see yearOfSlot).
 * - Within a week or a month ("thứ 5", "mùng 5"): the occurrence on the command's side (the last
 *   Thursday for a record, the coming one for a schedule); the nearest when the command has no side.
 *
 * Candidates are numbers on one scale (day numbers, month or quarter indices).
 */

/**
 * past: a record of something held; future: a schedule; nearest: neither; begun (months and
 * quarters only): a period asked for what it already holds, such as a summary.
 */
export type Side = 'past' | 'future' | 'nearest' | 'begun';

/** The candidate nearest to `today`; a tie goes to `side` (to the future when there is none). */
export function nearestOccurrence(candidates: number[], today: number, side: Side): number | undefined {
  let best: number | undefined;
  for (const n of candidates) {
    if (best === undefined) {
      best = n;
      continue;
    }
    const d = Math.abs(n - today);
    const b = Math.abs(best - today);
    if (d < b || (d === b && (side === 'past' ? n < best : n > best))) best = n;
  }
  return best;
}

/** Within a short cycle: the latest candidate on or before today (past), the earliest on or after (future). */
export function occurrenceOnSide(candidates: number[], today: number, side: Side): number | undefined {
  const sorted = [...candidates].sort((a, b) => a - b);
  if (side === 'future') return sorted.find((n) => n >= today);
  if (side === 'past') return sorted.filter((n) => n <= today).pop();
  return nearestOccurrence(sorted, today, 'future');
}

/**
 * The year of slot `slot` (a month 1–12 or a quarter 1–4: `perYear` 12 or 4). A month or a quarter
 * asked for what it holds (`begun`: a summary, a coverage) is the latest occurrence that has begun:
 * "tháng 5" asked in December is this May, "quý 2" asked in February last year's — never one that
 * has not begun, which would hold nothing; the answer names the year. A month being reported (`past`)
 * stays the nearest, so "tháng 12" sent in November is refused as not over rather than filed as a
 * year-old report.
 */
function yearOfSlot(
  slot: number,
  perYear: 12 | 4,
  current: { year: number; month: number },
  side: Side,
): number {
  const index = (year: number, n: number) => year * perYear + n - 1;
  const now = index(current.year, perYear === 12 ? current.month : Math.ceil(current.month / 3));
  const years = [current.year - 1, current.year, current.year + 1];
  const candidates = years.map((y) => index(y, slot));
  const picked =
    side === 'begun' ? occurrenceOnSide(candidates, now, 'past') : nearestOccurrence(candidates, now, side);
  return Math.floor(picked! / perYear);
}

/** The year of month `month` (1–12) by the rule. */
export const yearOfMonth = (month: number, current: { year: number; month: number }, side: Side) =>
  yearOfSlot(month, 12, current, side);

/** The year of quarter `q` (1–4) by the rule. */
export const yearOfQuarter = (q: number, current: { year: number; month: number }, side: Side) =>
  yearOfSlot(q, 4, current, side);
