/**
 * Dates as Vietnamese users type them, always day before month: 5/12, 05/12/2026, 5.12, 5-12-26,
 * ngày 5 tháng 12 năm 2026, mùng 5, hôm nay, mai, thứ 2 tuần sau, t6, chủ nhật. Runs on folded text.
 */
import { fold } from '../../text/normalize';
import type { DayPeriod } from './parse-time';
import { nearestOccurrence, occurrenceOnSide, type Side } from './yearless';
import { dayNumber, daysInMonth, isoFromDayNumber, localParts } from './zone';

export type Prefer = Side;
export interface DateOptions {
  /**
   * The command's side for an expression without a year, month or week (src/domain/time/yearless.ts):
   * 'past' for a record of something held, 'future' for a schedule. Default 'nearest'.
   */
  prefer?: Prefer;
}
export type DateResult =
  | { ok: true; date: string }
  | { ok: false; reason: 'empty' | 'invalid' | 'no_such_day' };

/** A date found in folded text. `weak` forms (5.12, 5-12, mai, cn) lose to any other date form. */
export interface DateMatch {
  start: number;
  end: number;
  /** Start of the date proper, after a leading part of the day ("chiều 14/12"). */
  coreStart: number;
  period?: DayPeriod;
  weak: boolean;
  result: DateResult;
}

interface Ctx {
  today: number;
  year: number;
  month: number;
  weekday: number;
  prefer: Prefer;
}
type Groups = Record<string, string | undefined>;
interface Rule {
  re: RegExp;
  resolve(g: Groups, c: Ctx): DateResult | null;
  weak?(g: Groups): boolean;
}

const INVALID: DateResult = { ok: false, reason: 'invalid' };
const NO_SUCH_DAY: DateResult = { ok: false, reason: 'no_such_day' };
const START = '(?<![\\p{L}\\p{N}]|\\d[.:/-])';
const END = '(?![\\p{L}\\p{N}]|[.:/-]\\d)';
// "lần thứ 2", "đợt thứ 3" are ordinals, not weekdays
const ORDINAL = '(?<!(?:lan|dot|ky|quy|phan|dieu|lop|khoa|nam|nguoi|buoc|muc|chuong|cau|hang)\\s)';
const PRE = '(?:vao\\s+)?(?:(?<pre>sang|trua|chieu|toi|dem|khuya)\\s+)?(?<core>(?:vao\\s+)?';
const rule = (body: string, prefix = START) => new RegExp(`${prefix}${PRE}${body})${END}`, 'dgu');
const WEEKDAY = 'thu\\s*(?:[2-7]|hai|ba|tu|nam|sau|bay)|t[2-7]|chu\\s*nhat|cn';
// "Thứ Bảy, 05/12/2026" as the bot prints it: the written date decides, the weekday is only decoration
const WEEKDAY_BEFORE = `(?:(?:${WEEKDAY})\\s*,?\\s*)?`;

const ok = (n: number): DateResult => ({ ok: true, date: isoFromDayNumber(n) });
const exists = (y: number, m: number, d: number) => d >= 1 && d <= daysInMonth(y, m);

function dayMonthYear(d: number, m: number, yearText: string | undefined, c: Ctx): DateResult {
  if (m < 1 || m > 12 || d < 1 || d > 31) return INVALID;
  if (yearText !== undefined) {
    const y = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    if (y < 1900 || y > 2999) return INVALID;
    return exists(y, m, d) ? ok(dayNumber(y, m, d)) : NO_SUCH_DAY;
  }
  // Without a year: last, this or next year, the nearest (yearless.ts); the clamp only matters
  // for choosing around 29/2.
  const years = [c.year - 1, c.year, c.year + 1];
  const byDay = new Map(years.map((y) => [dayNumber(y, m, Math.min(d, daysInMonth(y, m))), y]));
  const picked = nearestOccurrence([...byDay.keys()], c.today, c.prefer);
  const y = picked === undefined ? undefined : byDay.get(picked);
  return y !== undefined && exists(y, m, d) ? ok(dayNumber(y, m, d)) : NO_SUCH_DAY;
}

/** Day `d` of the month `offset` months from now, or undefined when that month is too short. */
function inMonth(d: number, offset: number, c: Ctx): number | undefined {
  const index = c.year * 12 + c.month - 1 + offset;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return exists(y, m, d) ? dayNumber(y, m, d) : undefined;
}

function dayOfMonth(d: number, offset: number, c: Ctx): DateResult {
  if (d < 1 || d > 31) return INVALID;
  const n = inMonth(d, offset, c);
  return n === undefined ? NO_SUCH_DAY : ok(n);
}

/** "mùng 5": the 5th of a nearby month, picked by preference among months where it exists. */
function dayOnly(d: number, c: Ctx): DateResult {
  if (d < 1 || d > 31) return INVALID;
  const candidates = [-2, -1, 0, 1, 2].flatMap((k) => inMonth(d, k, c) ?? []);
  const picked = occurrenceOnSide(candidates, c.today, c.prefer);
  return picked === undefined ? NO_SUCH_DAY : ok(picked);
}

/** thứ 2 (thứ hai) is Monday: JS weekday 1. */
const WEEKDAY_NUMBER: Record<string, number> = { hai: 1, ba: 2, tu: 3, nam: 4, sau: 5, bay: 6 };
for (let n = 2; n <= 7; n++) WEEKDAY_NUMBER[n] = n - 1;
const WEEK_SHIFT: Record<string, number> = { nay: 0, sau: 7, toi: 7, nua: 14, truoc: -7, roi: -7, qua: -7 };
/** "thứ 5 vừa rồi", "thứ 5 trước": the last one before today; "thứ 5 sắp tới": the next one after (not
 * "thứ 5 tới", which folds like "thứ 5 tối", an evening). */
const LAST_WORDS = new Set(['vua roi', 'vua qua', 'roi', 'truoc', 'qua']);
const RELATIVE: Record<string, number> = { nay: 0, qua: -1, kia: -2, mai: 1, 'ngay kia': 2 };

function weekdayDate(target: number, week: string | undefined, c: Ctx, near?: string): DateResult {
  if (near !== undefined) {
    const last = LAST_WORDS.has(near.replace(/\s+/g, ' '));
    const back = (c.weekday - target + 7) % 7 || 7;
    const ahead = (target - c.weekday + 7) % 7 || 7;
    return ok(last ? c.today - back : c.today + ahead);
  }
  if (week !== undefined) {
    const monday = c.today - ((c.weekday + 6) % 7);
    return ok(monday + ((target + 6) % 7) + (WEEK_SHIFT[week.split(/\s+/).pop() ?? ''] ?? 0));
  }
  const ahead = c.today + ((target - c.weekday + 7) % 7);
  const behind = c.today - ((c.weekday - target + 7) % 7);
  return ok(occurrenceOnSide([behind, ahead], c.today, c.prefer) ?? c.today);
}

const RULES: Rule[] = [
  {
    re: rule(
      `${WEEKDAY_BEFORE}(?:(?:ngay|mung|mong)\\s+)?(?<d>\\d{1,2})\\s+thang\\s+` +
        '(?:(?<m>\\d{1,2})(?:\\s*,?\\s*(?:nam\\s+)?(?<y>\\d{4}))?|(?<rel>nay|sau|toi|truoc))',
    ),
    resolve: (g, c) =>
      g.rel === undefined
        ? dayMonthYear(Number(g.d), Number(g.m), g.y, c)
        : dayOfMonth(Number(g.d), g.rel === 'nay' ? 0 : g.rel === 'truoc' ? -1 : 1, c),
  },
  {
    re: rule(
      `${WEEKDAY_BEFORE}(?:ngay\\s+)?(?<d>\\d{1,2})(?<s1>\\s*\\/\\s*|[.-])(?<m>\\d{1,2})` +
        '(?:(?<s2>\\s*\\/\\s*|[.-])(?<y>\\d{4}|\\d{2}))?',
    ),
    resolve: (g, c) =>
      g.s2 !== undefined && g.s2.trim() !== g.s1?.trim()
        ? INVALID
        : dayMonthYear(Number(g.d), Number(g.m), g.y, c),
    weak: (g) => g.y === undefined && g.s1 !== undefined && g.s1.trim() !== '/',
  },
  { re: rule('(?:ngay|mung|mong)\\s+(?<d>\\d{1,2})'), resolve: (g, c) => dayOnly(Number(g.d), c) },
  {
    re: rule(
      '(?:hom|bua)\\s+(?<r1>nay|qua|kia)|h(?<r2>nay|qua)|(?<r3>ngay\\s+kia)|(?:ngay\\s+)?(?<r4>mai)|(?<r5>nay|qua)',
    ),
    // "nay"/"qua" alone are ordinary words; they are dates only after a part of the day ("tối nay")
    resolve: (g, c) => {
      const word = (g.r1 ?? g.r2 ?? g.r3 ?? g.r4 ?? (g.pre ? g.r5 : undefined))?.replace(/\s+/g, ' ');
      return word === undefined ? null : ok(c.today + (RELATIVE[word] ?? 0));
    },
    weak: (g) => g.r4 !== undefined && g.pre === undefined,
  },
  {
    re: rule(
      '(?:thu\\s*(?<wn>[2-7]|hai|ba|tu|nam|sau|bay)|t(?<wt>[2-7])|(?<cn>chu\\s*nhat|cn))' +
        '(?:\\s+(?:(?:cua\\s+)?tuan\\s+(?<wk>sau\\s+nua|sau|toi|nay|truoc|roi|qua)|(?<wk2>nay)' +
        '|(?<near>vua\\s+roi|vua\\s+qua|sap\\s+toi|roi|truoc|qua)))?',
      START + ORDINAL,
    ),
    resolve: (g, c) =>
      weekdayDate(g.cn ? 0 : (WEEKDAY_NUMBER[g.wn ?? g.wt ?? ''] ?? 0), g.wk ?? g.wk2, c, g.near),
    weak: (g) => g.cn === 'cn',
  },
];

/** Every date expression in folded text, sorted by start (longest first on ties). */
export function scanDates(folded: string, now: Date, tz: string, opts: DateOptions = {}): DateMatch[] {
  const p = localParts(now, tz);
  const c: Ctx = {
    today: dayNumber(p.year, p.month, p.day),
    year: p.year,
    month: p.month,
    weekday: p.weekday,
    prefer: opts.prefer ?? 'nearest',
  };
  const found: DateMatch[] = [];
  for (const r of RULES) {
    for (const match of folded.matchAll(r.re)) {
      const g: Groups = match.groups ?? {};
      const result = r.resolve(g, c);
      if (!result) continue;
      found.push({
        start: match.index,
        end: match.index + match[0].length,
        coreStart: match.indices?.groups?.core?.[0] ?? match.index,
        period: g.pre as DayPeriod | undefined,
        weak: r.weak?.(g) ?? false,
        result,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

const EDGE_PUNCTUATION = /^[\s,.;:!?]+|[\s,.;:!?]+$/g;

/** A whole message that is a date, e.g. the answer to "Họp ngày nào?". Never throws. */
export function parseDateVi(input: string, now: Date, tz: string, opts: DateOptions = {}): DateResult {
  const text = fold(String(input)).replace(EDGE_PUNCTUATION, '');
  if (text === '') return { ok: false, reason: 'empty' };
  const whole = scanDates(text, now, tz, opts).find((m) => m.start === 0 && m.end === text.length);
  return whole?.result ?? INVALID;
}
