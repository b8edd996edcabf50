/**
 * The month a report is for: typed ("tháng 11", "t11", "11/2026", "tháng trước") or chosen by
 * default. Months are `YYYY-MM` in the deployment's zone.
 */
import { fold } from '../../text/normalize';
import { yearOfMonth } from '../time/yearless';
import { localParts, monthKey, previousMonthKey } from '../time/zone';

export type PeriodResult = { ok: true; period: string } | { ok: false; reason: 'invalid' | 'future' };

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Month words at the start of folded text; `length` is how much of it they take. */
export interface PeriodMatch {
  result: PeriodResult;
  length: number;
}

const HEAD =
  /^(?:bao\s*cao\s+)?(?:(?:cho|cua)\s+)?(?:(?:thang|th|t)\s*\.?\s*(?<m>\d{1,2})(?:\s*(?:\/|-|\.|,|\s|nam)\s*(?<y>\d{4}))?|(?<m2>\d{1,2})\s*[/.-]\s*(?<y2>\d{4})|(?<y3>\d{4})-(?<m3>\d{2})|thang\s+(?<rel>nay|truoc|roi|qua))(?![\p{L}\p{N}/])/u;

function resolve(month: number, year: number | undefined, now: Date, tz: string): PeriodResult {
  if (!Number.isInteger(month) || month < 1 || month > 12) return { ok: false, reason: 'invalid' };
  const current = monthKey(now, tz);
  if (year !== undefined) {
    if (year < 2000 || year > 2999) return { ok: false, reason: 'invalid' };
    const key = `${year}-${pad2(month)}`;
    return key > current ? { ok: false, reason: 'future' } : { ok: true, period: key };
  }
  // Without a year a month means its nearest occurrence, a tie going to the past (the one rule of
  // src/domain/time/yearless.ts): "tháng 12" typed in January is last December, typed in November
  // it is next month, which is refused as future.
  const key = `${yearOfMonth(month, localParts(now, tz), 'past')}-${pad2(month)}`;
  return key > current ? { ok: false, reason: 'future' } : { ok: true, period: key };
}

export function matchPeriod(folded: string, now: Date, tz: string): PeriodMatch | null {
  const m = HEAD.exec(folded);
  if (!m) return null;
  const g = m.groups ?? {};
  let result: PeriodResult;
  if (g.rel) {
    const current = monthKey(now, tz);
    result = { ok: true, period: g.rel === 'nay' ? current : previousMonthKey(current) };
  } else {
    const month = Number(g.m ?? g.m2 ?? g.m3);
    const yearText = g.y ?? g.y2 ?? g.y3;
    result = resolve(month, yearText === undefined ? undefined : Number(yearText), now, tz);
  }
  return { result, length: m[0].length };
}

/** A whole answer that is a month ("11", "tháng 11/2026", "tháng trước"). */
export function parsePeriod(input: string, now: Date, tz: string): PeriodResult {
  const text = fold(input).replace(/^[\s,.:;]+|[\s,.:;]+$/g, '');
  const bare = /^(\d{1,2})$/.exec(text);
  if (bare) return resolve(Number(bare[1]), undefined, now, tz);
  const m = matchPeriod(text, now, tz);
  if (!m || m.length !== text.length) return { ok: false, reason: 'invalid' };
  return m.result;
}

/** A report is late when it is first sent after its month has ended. */
export function isLate(period: string, now: Date, tz: string): boolean {
  return monthKey(now, tz) > period;
}

/**
 * The months to offer when none was typed: this month, and last month first while its report is
 * still missing (on the 1st of December the report most likely meant is November's).
 */
export function offeredPeriods(now: Date, tz: string, lastMonthMissing: boolean): string[] {
  const current = monthKey(now, tz);
  if (lastMonthMissing) return [previousMonthKey(current), current];
  return [current];
}

/** `11/2026` for `2026-11`. */
export function periodLabel(period: string): string {
  const [y, m] = period.split('-');
  return `${Number(m)}/${y}`;
}
