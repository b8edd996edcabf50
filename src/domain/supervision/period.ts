/** Quarters as coordinators name them ("quý 4", "q4/2026"), as calendar days and months. */
import { fold } from '../../text/normalize';
import { takePeriod } from '../summaries/period';
import { daysInMonth, isoFromParts, localParts } from '../time/zone';

export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
  /** First and last calendar day, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** The three `YYYY-MM` months (the `period` column of visits and records). */
  months: string[];
}

export function quarterOf(year: number, q: 1 | 2 | 3 | 4): Quarter {
  const first = (q - 1) * 3 + 1;
  const months = [first, first + 1, first + 2].map((m) => `${year}-${String(m).padStart(2, '0')}`);
  return {
    year,
    q,
    from: isoFromParts(year, first, 1),
    to: isoFromParts(year, first + 2, daysInMonth(year, first + 2)),
    months,
  };
}

export function quarterOfDay(isoDate: string): Quarter {
  const [y = 0, m = 1] = isoDate.split('-').map(Number);
  return quarterOf(y, Math.ceil(m / 3) as 1 | 2 | 3 | 4);
}

export function currentQuarter(now: Date, tz: string): Quarter {
  return quarterOfDay(localParts(now, tz).isoDate);
}

/**
 * Finds "quý 4", "quy IV/2026", "q4 2026" in text, read like every period (src/domain/summaries/
 * period.ts: without a year, the latest such quarter that has begun). Returns the rest of
 * the text (folded); a month or a year typed instead is left in the rest.
 */
export function takeQuarter(text: string, now: Date, tz: string): { quarter: Quarter | null; rest: string } {
  const taken = takePeriod(text, now, tz);
  if (!taken.ok || taken.period?.kind !== 'quarter') return { quarter: null, rest: fold(text) };
  return {
    quarter: quarterOf(taken.period.year, Number(taken.period.key.slice(-1)) as 1 | 2 | 3 | 4),
    rest: taken.rest,
  };
}
