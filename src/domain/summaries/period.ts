/**
 * The period a summary covers: a month, a quarter or a year, as people type it ("11/2026",
 * "tháng này", "tháng trước", "quý 4", "quý IV/2026", "Q4/2026", "năm 2026", "cả năm", "năm ngoái") or as the CLI takes it
 * (`2026-11`, `2026-Q4`, `2026`). Months are `YYYY-MM` in the deployment's zone.
 */
import { fold } from '../../text/normalize';
import { yearOfMonth, yearOfQuarter } from '../time/yearless';
import { daysInMonth, isoFromParts, localParts, monthKey, previousMonthKey } from '../time/zone';

export interface Period {
  kind: 'month' | 'quarter' | 'year';
  /** `2026-11`, `2026-Q4`, `2026`: stable, used in keys and file names. */
  key: string;
  year: number;
  /** The `YYYY-MM` months covered, in order. */
  months: string[];
  /** First and last calendar day. */
  from: string;
  to: string;
  /** Months in which a thematic meeting counts: the quarter up to the month, or the period itself. */
  thematicMonths: string[];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function monthPeriod(year: number, month: number): Period {
  const key = `${year}-${pad2(month)}`;
  const first = (Math.ceil(month / 3) - 1) * 3 + 1;
  const thematicMonths: string[] = [];
  for (let m = first; m <= month; m++) thematicMonths.push(`${year}-${pad2(m)}`);
  return {
    kind: 'month',
    key,
    year,
    months: [key],
    from: isoFromParts(year, month, 1),
    to: isoFromParts(year, month, daysInMonth(year, month)),
    thematicMonths,
  };
}

export function quarterPeriod(year: number, q: number): Period {
  const first = (q - 1) * 3 + 1;
  const months = [first, first + 1, first + 2].map((m) => `${year}-${pad2(m)}`);
  return {
    kind: 'quarter',
    key: `${year}-Q${q}`,
    year,
    months,
    from: isoFromParts(year, first, 1),
    to: isoFromParts(year, first + 2, daysInMonth(year, first + 2)),
    thematicMonths: months,
  };
}

export function yearPeriod(year: number): Period {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${pad2(i + 1)}`);
  return {
    kind: 'year',
    key: String(year),
    year,
    months,
    from: isoFromParts(year, 1, 1),
    to: isoFromParts(year, 12, 31),
    thematicMonths: months,
  };
}

/** The quarter of a month period, or the period itself. */
export function quarterNumber(month: string): number {
  return Math.ceil(Number(month.slice(5, 7)) / 3);
}

export function currentMonthPeriod(now: Date, tz: string): Period {
  const p = localParts(now, tz);
  return monthPeriod(p.year, p.month);
}

export function previousMonthPeriod(now: Date, tz: string): Period {
  const key = previousMonthKey(monthKey(now, tz));
  return monthPeriod(Number(key.slice(0, 4)), Number(key.slice(5, 7)));
}

/** `2026-11`, `2026-Q4`, `2026` (the CLI's and the stored keys' form). */
export function periodFromKey(key: string): Period | null {
  const k = key.trim().toUpperCase();
  let m = /^(\d{4})-(\d{2})$/.exec(k);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? monthPeriod(Number(m[1]), month) : null;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(k);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})$/.exec(k);
  if (m) return yearPeriod(Number(m[1]));
  return null;
}

export type TakePeriod =
  | { ok: true; period: Period | null; rest: string }
  | { ok: false; reason: 'invalid'; rest: string };

// Each pattern runs on folded text; the first that matches wins. Years are 4 digits, 2000–2999,
// or "năm nay" / "năm ngoái"; quarters 1–4 or I–IV.
const YEAR = '(2\\d{3})';
const YEAR_WORDS = '(nay|ngoai|truoc|qua)';
const Q = '([1-4]|iv|iii|ii|i)';
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
const quarterNumberOf = (text: string) => ROMAN[text] ?? Number(text);
/** The year a word names: this year, or the one before. */
const yearWord = (word: string, now: Date, tz: string) => localParts(now, tz).year - (word === 'nay' ? 0 : 1);

const PATTERNS: { re: RegExp; make(m: RegExpExecArray, now: Date, tz: string): Period | null }[] = [
  { re: /(?:^|\s)thang\s+(nay|truoc|roi|qua)(?=\s|$)/, make: (m, now, tz) => relative(m[1]!, now, tz) },
  {
    re: new RegExp(
      `(?:^|\\s)(?:quy\\s*${Q}|q\\s*([1-4]))(?:\\s*(?:/|-|\\s|nam\\s+)\\s*(?:${YEAR}|(?<=nam\\s+)${YEAR_WORDS}))?(?=\\s|$)`,
    ),
    make: (m, now, tz) =>
      quarterWithoutYear(
        quarterNumberOf(m[1] ?? m[2]!),
        m[3] ?? (m[4] ? String(yearWord(m[4], now, tz)) : undefined),
        now,
        tz,
      ),
  },
  {
    re: new RegExp(`(?:^|\\s)${YEAR}-q([1-4])(?=\\s|$)`),
    make: (m) => quarterPeriod(Number(m[1]), Number(m[2])),
  },
  { re: /(?:^|\s)quy\s+(nay|truoc)(?=\s|$)/, make: (m, now, tz) => relativeQuarter(m[1]!, now, tz) },
  {
    re: new RegExp(
      `(?:^|\\s)(?:thang|th|t)\\s*\\.?\\s*(\\d{1,2})(?:\\s*(?:/|-|\\.|\\s|nam\\s+)\\s*(?:${YEAR}|(?<=nam\\s+)${YEAR_WORDS}))?(?=\\s|$)`,
    ),
    make: (m, now, tz) =>
      monthWithoutYear(Number(m[1]), m[2] ?? (m[3] ? String(yearWord(m[3], now, tz)) : undefined), now, tz),
  },
  {
    re: new RegExp(`(?:^|\\s)(?:ca\\s+)?nam\\s+(?:${YEAR_WORDS}|${YEAR})(?=\\s|$)`),
    make: (m, now, tz) => yearPeriod(m[2] ? Number(m[2]) : yearWord(m[1]!, now, tz)),
  },
  {
    re: new RegExp(`(?:^|\\s)ca\\s+nam(?:\\s+${YEAR})?(?=\\s|$)`),
    make: (m, now, tz) => yearPeriod(m[1] ? Number(m[1]) : localParts(now, tz).year),
  },
  {
    re: new RegExp(`(?:^|\\s)(\\d{1,2})\\s*[/.-]\\s*${YEAR}(?=\\s|$)`),
    make: (m) => validMonth(Number(m[2]), Number(m[1])),
  },
  {
    re: new RegExp(`(?:^|\\s)${YEAR}-(\\d{2})(?=\\s|$)`),
    make: (m) => validMonth(Number(m[1]), Number(m[2])),
  },
  { re: new RegExp(`(?:^|\\s)${YEAR}(?=\\s|$)`), make: (m) => yearPeriod(Number(m[1])) },
];

function validMonth(year: number, month: number): Period | null {
  return month >= 1 && month <= 12 ? monthPeriod(year, month) : null;
}

function relative(word: string, now: Date, tz: string): Period {
  return word === 'nay' ? currentMonthPeriod(now, tz) : previousMonthPeriod(now, tz);
}

function relativeQuarter(word: string, now: Date, tz: string): Period {
  const p = localParts(now, tz);
  const q = Math.ceil(p.month / 3);
  if (word === 'nay') return quarterPeriod(p.year, q);
  return q === 1 ? quarterPeriod(p.year - 1, 4) : quarterPeriod(p.year, q - 1);
}

/**
 * Without a year, the latest such quarter that has begun (src/domain/time/yearless.ts): "quý 4"
 * asked in February is last year's, "quý 1" asked in December this year's.
 */
function quarterWithoutYear(q: number, year: string | undefined, now: Date, tz: string): Period {
  if (year) return quarterPeriod(Number(year), q);
  return quarterPeriod(yearOfQuarter(q, localParts(now, tz), 'begun'), q);
}

/** Without a year, the latest such month that has begun (the same rule). */
function monthWithoutYear(month: number, year: string | undefined, now: Date, tz: string): Period | null {
  if (year) return validMonth(Number(year), month);
  if (month < 1 || month > 12) return null;
  return validMonth(yearOfMonth(month, localParts(now, tz), 'begun'), month);
}

/**
 * Finds a period anywhere in `text` and returns the rest (folded) as the unit the person meant.
 * No period words: `period` is null (the caller picks this month).
 */
export function takePeriod(text: string, now: Date, tz: string): TakePeriod {
  const folded = fold(text);
  for (const { re, make } of PATTERNS) {
    const m = re.exec(folded);
    if (!m) continue;
    const rest = `${folded.slice(0, m.index)} ${folded.slice(m.index + m[0].length)}`
      .replace(/\s+/g, ' ')
      .trim();
    const period = make(m, now, tz);
    return period ? { ok: true, period, rest } : { ok: false, reason: 'invalid', rest };
  }
  return { ok: true, period: null, rest: folded };
}

/** The same period a year earlier. */
export function yearBefore(p: Period): Period {
  if (p.kind === 'year') return yearPeriod(p.year - 1);
  if (p.kind === 'quarter') return quarterPeriod(p.year - 1, Number(p.key.slice(-1)));
  return monthPeriod(p.year - 1, Number(p.key.slice(5, 7)));
}

/** The period just before: last month, last quarter, last year. */
export function previousPeriod(p: Period): Period {
  if (p.kind === 'year') return yearPeriod(p.year - 1);
  if (p.kind === 'quarter') {
    const q = Number(p.key.slice(-1));
    return q === 1 ? quarterPeriod(p.year - 1, 4) : quarterPeriod(p.year, q - 1);
  }
  const prev = previousMonthKey(p.key);
  return monthPeriod(Number(prev.slice(0, 4)), Number(prev.slice(5, 7)));
}
