/** Quarters as coordinators name them ("quý 4", "q4/2026"), as calendar days and months. */
import { fold } from '../../text/normalize';
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

const QUARTER = /(?:^|\s)(?:quy|q)\s*([1-4])(?:\s*(?:\/|-|\s|nam\s+)\s*(\d{4}))?(?=\s|$)/;

/**
 * Finds "quý 4", "quy 4/2026", "q4 2026" in text. Without a year: the latest such quarter that has
 * started (quý 4 asked in February means last year's). Returns the rest of the text (folded).
 */
export function takeQuarter(text: string, now: Date, tz: string): { quarter: Quarter | null; rest: string } {
  const folded = fold(text);
  const m = QUARTER.exec(folded);
  if (!m) return { quarter: null, rest: folded };
  const q = Number(m[1]) as 1 | 2 | 3 | 4;
  const today = localParts(now, tz);
  let year = m[2] ? Number(m[2]) : today.year;
  if (!m[2] && quarterOf(year, q).from > today.isoDate) year -= 1;
  const rest = `${folded.slice(0, m.index)} ${folded.slice(m.index + m[0].length)}`
    .trim()
    .replace(/\s+/g, ' ');
  return { quarter: quarterOf(year, q), rest };
}
