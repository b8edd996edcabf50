/**
 * Calendar helpers in a configured IANA zone. The server's own zone is never consulted: instants go
 * through TZDate, and pure calendar arithmetic runs on UTC day numbers.
 */
import { TZDate } from '@date-fns/tz';

export const DEFAULT_TZ = 'Asia/Ho_Chi_Minh';

/** Index = JS weekday (0 = Sunday). Calendar vocabulary shared by formatting and parsing. */
export const WEEKDAYS_VI = [
  'Chủ nhật',
  'Thứ Hai',
  'Thứ Ba',
  'Thứ Tư',
  'Thứ Năm',
  'Thứ Sáu',
  'Thứ Bảy',
] as const;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
  isoDate: string;
}

const DAY_MS = 86_400_000;
const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

export function isoFromParts(year: number, month: number, day: number): string {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/** Days since 1970-01-01 of a calendar date (setUTCFullYear so that years below 100 stay literal). */
export function dayNumber(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
}

export function isoFromDayNumber(n: number): string {
  const d = new Date(n * DAY_MS);
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** 0 = Sunday, for a day number (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

export function splitIsoDate(isoDate: string): [number, number, number] {
  const [y = Number.NaN, m = Number.NaN, d = Number.NaN] = isoDate.split('-').map(Number);
  return [y, m, d];
}

export function localParts(now: Date, tz: string): LocalParts {
  const t = new TZDate(now.getTime(), tz);
  const year = t.getFullYear();
  const month = t.getMonth() + 1;
  const day = t.getDate();
  return {
    year,
    month,
    day,
    hour: t.getHours(),
    minute: t.getMinutes(),
    weekday: t.getDay(),
    isoDate: isoFromParts(year, month, day),
  };
}

/** The instant at which the wall clock in `tz` shows the given local time. */
export function zonedInstant(
  tz: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): Date {
  return new Date(new TZDate(year, month - 1, day, hour, minute, tz).getTime());
}

export function addLocalDays(isoDate: string, n: number): string {
  const [y, m, d] = splitIsoDate(isoDate);
  return isoFromDayNumber(dayNumber(y, m, d) + n);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function quarterOf(month: number): 1 | 2 | 3 | 4 {
  return Math.ceil(month / 3) as 1 | 2 | 3 | 4;
}

export function monthKey(now: Date, tz: string): string {
  const p = localParts(now, tz);
  return `${pad4(p.year)}-${pad2(p.month)}`;
}

function shiftMonthKey(key: string, delta: number): string {
  const [y = Number.NaN, m = Number.NaN] = key.split('-').map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${pad4(Math.floor(index / 12))}-${pad2((index % 12) + 1)}`;
}

export function previousMonthKey(key: string): string {
  return shiftMonthKey(key, -1);
}

export function nextMonthKey(key: string): string {
  return shiftMonthKey(key, 1);
}

/** ISO 8601 week (Monday first; week 1 holds the year's first Thursday), e.g. `2026-W48`. */
export function isoWeekKey(now: Date, tz: string): string {
  const p = localParts(now, tz);
  const n = dayNumber(p.year, p.month, p.day);
  const thursday = n - ((p.weekday + 6) % 7) + 3;
  const weekYear = new Date(thursday * DAY_MS).getUTCFullYear();
  const week = Math.floor((thursday - dayNumber(weekYear, 1, 1)) / 7) + 1;
  return `${pad4(weekYear)}-W${pad2(week)}`;
}

/** `dd/mm/yyyy`: the form users type, so that printed dates parse back with parseDateVi. */
export function formatDateInput(isoDate: string): string {
  const [y, m, d] = splitIsoDate(isoDate);
  return `${pad2(d)}/${pad2(m)}/${pad4(y)}`;
}

/** `Thứ Bảy, 05/12/2026` */
export function formatDateVi(date: Date, tz: string): string {
  const p = localParts(date, tz);
  return `${WEEKDAYS_VI[p.weekday]}, ${formatDateInput(p.isoDate)}`;
}

/** `19:30` (24-hour clock, as written in Vietnam). */
export function formatTimeVi(date: Date, tz: string): string {
  const p = localParts(date, tz);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** `19:30 Thứ Bảy, 05/12/2026` */
export function formatDateTimeVi(date: Date, tz: string): string {
  return `${formatTimeVi(date, tz)} ${formatDateVi(date, tz)}`;
}
