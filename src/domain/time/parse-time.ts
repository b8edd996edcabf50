/**
 * Clock times as Vietnamese users type them: 19h30, 19:30, 19 giờ 30 phút, 7g30, 7 giờ tối, chiều 2h,
 * 7 rưỡi, 7 giờ kém 15. Everything runs on folded text (lower case, no diacritics), 24-hour clock.
 */
import { fold } from '../../text/normalize';

export type DayPeriod = 'sang' | 'trua' | 'chieu' | 'toi' | 'dem' | 'khuya';
export type TimeResult = { ok: true; hour: number; minute: number } | { ok: false };
export interface Clock {
  hour: number;
  minute: number;
}

/** A time found in folded text. */
export interface TimeMatch extends Clock {
  start: number;
  end: number;
  /** `10.10` without a part of the day: it reads as a day.month too. `19.30` does not. */
  couldBeDate: boolean;
  hasPeriod: boolean;
  /** Re-resolves the same digits under a part of the day found elsewhere ("tối thứ Sáu lúc 7h"). */
  withPeriod(period: DayPeriod): Clock | null;
}

const P = '(?:sang|trua|chieu|toi|dem|khuya)';
const START = '(?<![\\p{L}\\p{N}]|\\d[.:/-])';
const END = '(?![\\p{L}\\p{N}]|[.:]\\d)';
const PRE = `(?:vao\\s+)?(?:(?<pre>${P})\\s+)?(?:vao\\s+)?(?:luc\\s+)?`;
const POST = `(?:\\s+(?<post>${P}))?`;
const MIN_UNIT = "(?:\\s*(?:phut|ph|p|'))?";

const RULES: { re: RegExp; dotted: boolean }[] = [
  {
    // 19h30, 19 giờ 30 phút, 7g30, 7 giờ tối, 7h kém 15, 7 giờ rưỡi, 7 rưỡi
    re: new RegExp(
      `${START}${PRE}(?<h>\\d{1,2})\\s*(?:(?:gio|g|h)(?:\\s*(?<m>\\d{1,2})${MIN_UNIT}|\\s*(?<half>ruoi)` +
        `|\\s*kem\\s*(?<kem>\\d{1,2})${MIN_UNIT})?|(?<half2>ruoi))${POST}${END}`,
      'gu',
    ),
    dotted: false,
  },
  // 19:30, 19:30:00, 7:30 tối
  {
    re: new RegExp(`${START}${PRE}(?<h>\\d{1,2})\\s*:\\s*(?<m>\\d{2})(?::\\d{2})?h?${POST}${END}`, 'gu'),
    dotted: false,
  },
  // 19.30 (ambiguous with day.month; see extract)
  { re: new RegExp(`${START}${PRE}(?<h>\\d{1,2})\\.(?<m>\\d{2})h?${POST}${END}`, 'gu'), dotted: true },
  // 7 tối, 8 sáng: a bare number only counts with a part of the day after it
  { re: new RegExp(`${START}${PRE}(?<h>\\d{1,2})\\s+(?<post>${P})${END}`, 'gu'), dotted: false },
];

/** Moves a 12-hour style hour into the 24-hour clock; null when the pair makes no sense (19 giờ sáng). */
export function applyPeriod(hour: number, period: DayPeriod | undefined): number | null {
  const within = (lo: number, hi: number) => hour >= lo && hour <= hi;
  switch (period) {
    case undefined:
      return within(0, 23) ? hour : null;
    case 'sang':
      return within(0, 12) ? hour : null;
    case 'trua':
      return within(10, 14) ? hour : within(1, 2) ? hour + 12 : null;
    case 'chieu':
      return within(12, 18) ? hour : within(1, 11) ? hour + 12 : null;
    case 'toi':
      return within(16, 23) ? hour : within(4, 11) ? hour + 12 : hour === 12 ? 0 : null;
    case 'dem':
      return within(20, 23) || within(0, 5) ? hour : within(8, 11) ? hour + 12 : hour === 12 ? 0 : null;
    case 'khuya':
      return within(22, 23) || within(0, 4) ? hour : within(10, 11) ? hour + 12 : hour === 12 ? 0 : null;
  }
}

function resolve(h: number, m: number, kem: number, period: DayPeriod | undefined): Clock | null {
  const hour = applyPeriod(h, period);
  if (hour === null || m > 59 || kem > 59) return null;
  if (kem === 0) return { hour, minute: m };
  // "7 giờ kém 15" = 15 minutes before seven
  const total = (hour * 60 - kem + 1440) % 1440;
  return { hour: Math.floor(total / 60), minute: total % 60 };
}

/** All time expressions in folded text, sorted by start (longest first on ties). */
export function scanTimes(folded: string): TimeMatch[] {
  const found: TimeMatch[] = [];
  for (const rule of RULES) {
    for (const match of folded.matchAll(rule.re)) {
      const g = match.groups ?? {};
      const pre = g.pre as DayPeriod | undefined;
      const post = g.post as DayPeriod | undefined;
      if (pre && post && pre !== post) continue;
      const h = Number(g.h);
      const m = g.half || g.half2 ? 30 : Number(g.m ?? 0);
      const kem = g.kem === undefined ? 0 : Number(g.kem);
      if (g.kem !== undefined && kem === 0) continue;
      const period = post ?? pre;
      const clock = resolve(h, m, kem, period);
      if (!clock) continue;
      found.push({
        ...clock,
        start: match.index,
        end: match.index + match[0].length,
        couldBeDate: rule.dotted && period === undefined && h >= 1 && h <= 31 && m >= 1 && m <= 12,
        hasPeriod: period !== undefined,
        withPeriod: (p) => (period ? clock : resolve(h, m, kem, p)),
      });
    }
  }
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}

const EDGE_PUNCTUATION = /^[\s,.;:!?]+|[\s,.;!?]+$/g;

/**
 * A whole message that is a time. A dotted `H.MM` counts only when it cannot be a day.month
 * (`19.30`, `7.45`, `8.00`, `10.10 sáng`); `5.12` or `10.10` alone are dates, so they are refused here.
 */
export function parseTimeVi(input: string): TimeResult {
  const text = fold(String(input)).replace(EDGE_PUNCTUATION, '');
  const whole = scanTimes(text).find((t) => t.start === 0 && t.end === text.length && !t.couldBeDate);
  return whole ? { ok: true, hour: whole.hour, minute: whole.minute } : { ok: false };
}
