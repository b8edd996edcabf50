/**
 * A unit's meeting rule: monthly on a day of the month ("ngày 5") or an nth weekday ("thứ Hai đầu
 * tiên"), or weekly on a weekday ("thứ Hai hằng tuần", a standing committee); a time and an optional
 * place. Stored as JSON in `units.meeting_rule`. Monthly meetings take month slots (`2026-12`),
 * weekly ones ISO-week slots (`2026-W49`).
 */
import { z } from 'zod';
import { overLimit } from '../../text/length';
import { cleanText, fold } from '../../text/normalize';
import { scanTimes } from '../time/parse-time';
import {
  dayNumber,
  daysInMonth,
  isoFromDayNumber,
  isoWeekKey,
  splitIsoDate,
  weekdayOfDayNumber,
  zonedInstant,
} from '../time/zone';
import { STANDING_COMMITTEE } from '../units/kinds';
import { MAX_PLACE } from './limits';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const MeetingRuleSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('day'),
    /** 1–31; a day past the month's end means the month's last day. */
    day: z.number().int().min(1).max(31),
    time: hhmm,
    place: z.string().max(200).optional(),
  }),
  z.object({
    type: z.literal('weekday'),
    /** 1–4, or -1 for the last one of the month. */
    nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
    /** JS weekday: 0 = Sunday (Chủ nhật), 1 = Monday (thứ Hai). */
    weekday: z.number().int().min(0).max(6),
    time: hhmm,
    place: z.string().max(200).optional(),
  }),
  z.object({
    type: z.literal('weekly'),
    /** JS weekday: 0 = Sunday (Chủ nhật), 1 = Monday (thứ Hai). */
    weekday: z.number().int().min(0).max(6),
    time: hhmm,
    place: z.string().max(200).optional(),
  }),
]);
export type MeetingRule = z.infer<typeof MeetingRuleSchema>;

export function ruleFromJson(json: string | null | undefined): MeetingRule | null {
  if (!json) return null;
  try {
    const parsed = MeetingRuleSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function ruleToJson(rule: MeetingRule): string {
  return JSON.stringify(MeetingRuleSchema.parse(rule));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM` of a year and month. */
export function slotOf(year: number, month: number): string {
  return `${year}-${pad2(month)}`;
}

export function splitSlot(slot: string): [number, number] {
  const [y = Number.NaN, m = Number.NaN] = slot.split('-').map(Number);
  return [y, m];
}

export function shiftSlot(slot: string, delta: number): string {
  const [y, m] = splitSlot(slot);
  const index = y * 12 + (m - 1) + delta;
  return slotOf(Math.floor(index / 12), (index % 12) + 1);
}

export type MonthlyRule = Exclude<MeetingRule, { type: 'weekly' }>;

export const isWeekly = (rule: MeetingRule | null | undefined): boolean => rule?.type === 'weekly';

/**
 * Weekly meetings are for standing committees; a cell (and every other unit) meets monthly, as the
 * party charter says (Art. 24.2), and its summaries count months. Null when the rule fits the kind.
 */
export function weeklyRuleProblem(rule: MeetingRule | null | undefined, kind: string): 'monthly_unit' | null {
  return isWeekly(rule) && kind !== STANDING_COMMITTEE ? 'monthly_unit' : null;
}

const WEEK_SLOT = /^(\d{4})-W(\d{2})$/;

/** Day number of the Monday that starts ISO week `YYYY-Www`. */
export function weekMonday(slot: string): number {
  const [, y = 'NaN', w = 'NaN'] = WEEK_SLOT.exec(slot) ?? [];
  const jan4 = dayNumber(Number(y), 1, 4);
  const week1Monday = jan4 - ((weekdayOfDayNumber(jan4) + 6) % 7);
  return week1Monday + (Number(w) - 1) * 7;
}

/** The ISO week `delta` weeks after `slot`. */
export function shiftWeek(slot: string, delta: number): string {
  const iso = isoFromDayNumber(weekMonday(slot) + delta * 7);
  const [y, m, d] = splitIsoDate(iso);
  return isoWeekKey(new Date(Date.UTC(y, m - 1, d, 12)), 'UTC');
}

/** The slot a meeting on `isoDate` belongs to under the rule: its ISO week for weekly rules, else its month. */
export function slotOfDate(rule: MeetingRule | null | undefined, isoDate: string): string {
  if (!isWeekly(rule)) return isoDate.slice(0, 7);
  const [y, m, d] = splitIsoDate(isoDate);
  return isoWeekKey(new Date(Date.UTC(y, m - 1, d, 12)), 'UTC');
}

/** The day of the month the rule gives in that month (clamped to the month's last day). */
export function ruleDay(rule: MonthlyRule, year: number, month: number): number {
  const last = daysInMonth(year, month);
  if (rule.type === 'day') return Math.min(rule.day, last);
  if (rule.nth === -1) {
    const lastWd = weekdayOfDayNumber(dayNumber(year, month, last));
    return last - ((lastWd - rule.weekday + 7) % 7);
  }
  const firstWd = weekdayOfDayNumber(dayNumber(year, month, 1));
  return 1 + ((rule.weekday - firstWd + 7) % 7) + (rule.nth - 1) * 7;
}

/** The instant of the rule's meeting in `slot` (`YYYY-MM`, or `YYYY-Www` for weekly rules), in zone `tz`. */
export function occurrenceIn(rule: MeetingRule, slot: string, tz: string): Date {
  const [hh = 0, mm = 0] = rule.time.split(':').map(Number);
  if (rule.type === 'weekly') {
    const [y, m, d] = splitIsoDate(isoFromDayNumber(weekMonday(slot) + ((rule.weekday + 6) % 7)));
    return zonedInstant(tz, y, m, d, hh, mm);
  }
  const [y, m] = splitSlot(slot);
  return zonedInstant(tz, y, m, ruleDay(rule, y, m), hh, mm);
}

export type RuleParse =
  | { ok: true; rule: MeetingRule }
  | { ok: false; error: 'no_day' | 'no_time' | 'bad_day' | 'unknown_text'; detail?: string }
  /** The place is over MAX_PLACE characters (`length` of them): refused, never cut. */
  | { ok: false; error: 'place_too_long'; length: number; detail?: undefined };

const WEEKDAYS: Record<string, number> = {
  hai: 1,
  '2': 1,
  ba: 2,
  '3': 2,
  tu: 3,
  '4': 3,
  nam: 4,
  '5': 4,
  sau: 5,
  '6': 5,
  bay: 6,
  '7': 6,
};
const ORDINALS: Record<string, 1 | 2 | 3 | 4 | -1> = {
  'dau tien': 1,
  dau: 1,
  'thu nhat': 1,
  'thu hai': 2,
  'thu 2': 2,
  'thu ba': 3,
  'thu 3': 3,
  'thu tu': 4,
  'thu 4': 4,
  'cuoi cung': -1,
  cuoi: -1,
};

/**
 * Reads a typed rule: `hang thang ngay 5 19:30 tai nha van hoa`, `thu hai dau tien 19h30`,
 * `chu nhat cuoi cung hang thang 8h sang`, `hang tuan thu hai 8h tai phong hop`. Case and diacritics do not matter; the place keeps the
 * user's spelling.
 */
export function parseRule(input: string): RuleParse {
  const source = cleanText(input);
  const folded = fold(source);
  // fold keeps one character per character for Vietnamese text; when it does not, keep folded text.
  const original = folded.length === source.length ? source : folded;
  let rest = folded;
  const blank = (from: number, to: number) => {
    rest = rest.slice(0, from) + ' '.repeat(to - from) + rest.slice(to);
  };

  let place: string | undefined;
  const at = /(?:^|[\s,])(tai|o)\s+/.exec(rest);
  if (at) {
    const start = at.index + at[0].length;
    // The place runs to the end, but a time written after it ("tai nha van hoa 19h30") is not place.
    const timeAfter = scanTimes(rest).find((t) => t.start >= start);
    const end = timeAfter ? timeAfter.start : rest.length;
    place =
      original
        .slice(start, end)
        .replace(/[\s,;.]+$/, '')
        .trim() || undefined;
    blank(at.index, end);
  }

  const time = scanTimes(rest).find((t) => !t.couldBeDate) ?? scanTimes(rest)[0];
  if (!time) return { ok: false, error: 'no_time' };
  blank(time.start, time.end);
  const clock = `${pad2(time.hour)}:${pad2(time.minute)}`;

  let rule: MeetingRule | null = null;
  const weekly = /\b(?:hang|moi)\s+tuan\b/.exec(rest);
  const weekdayRe = /(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|(chu\s*nhat|cn))(?![a-z0-9])/;
  const wdw = weekly ? weekdayRe.exec(rest) : null;
  const wd =
    /(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|(chu\s*nhat|cn))(?:\s+(?:tuan\s+)?(dau tien|dau|thu nhat|thu hai|thu ba|thu tu|thu [2-4]|cuoi cung|cuoi))/.exec(
      rest,
    );
  if (weekly) {
    if (!wdw) return { ok: false, error: 'no_day' };
    rule = { type: 'weekly', weekday: wdw[2] ? 0 : (WEEKDAYS[wdw[1]!] ?? 1), time: clock };
    blank(weekly.index, weekly.index + weekly[0].length);
    blank(wdw.index, wdw.index + wdw[0].length);
  } else if (wd) {
    const weekday = wd[2] ? 0 : (WEEKDAYS[wd[1]!] ?? 1);
    const nth = ORDINALS[wd[3]!.replace(/\s+/g, ' ')]!;
    rule = { type: 'weekday', nth, weekday, time: clock };
    blank(wd.index, wd.index + wd[0].length);
  } else {
    const day = /(?:ngay|mung|mong)\s+(\d{1,2})(?!\d)/.exec(rest);
    if (!day) return { ok: false, error: 'no_day' };
    const n = Number(day[1]);
    if (n < 1 || n > 31) return { ok: false, error: 'bad_day', detail: day[1] };
    rule = { type: 'day', day: n, time: clock };
    blank(day.index, day.index + day[0].length);
  }

  const leftover = rest
    .replace(/\b(hang|moi)\s+thang\b/g, ' ')
    .replace(/\b(luc|vao|hop|sinh hoat|chi bo|thuong vu|ban thuong vu|dang uy)\b/g, ' ')
    .replace(/[\s,;.:]+/g, ' ')
    .trim();
  if (leftover) return { ok: false, error: 'unknown_text', detail: leftover };
  const long = overLimit(place, MAX_PLACE);
  if (long !== null) return { ok: false, error: 'place_too_long', length: long };
  if (place) rule.place = place;
  return { ok: true, rule };
}
