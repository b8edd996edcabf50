/**
 * Finds the date and time inside a longer message ("5/12 19h30 tại nhà văn hóa, chuyên đề ...") and
 * returns what is left, with the user's own spelling and diacritics kept.
 */
import { cleanText, fold } from '../../text/normalize';
import { type DateMatch, type DateOptions, scanDates } from './parse-date';
import { type Clock, scanTimes } from './parse-time';

export interface Extracted {
  date?: string;
  /** A date was written but does not exist (31/2); its text is still removed from `rest`. */
  dateError?: 'no_such_day';
  time?: Clock;
  rest: string;
}

interface FoldedText {
  folded: string;
  /** For each folded code unit, the range of source code units it came from. */
  starts: number[];
  ends: number[];
}

/** Folds code point by code point so that every folded position maps back to the source. */
function foldWithMap(source: string): FoldedText {
  let folded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < source.length; ) {
    const cp = source.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const ch = source.slice(i, i + width);
    const isSpace = /\s/u.test(ch) && ch !== '\uFEFF';
    const f = isSpace ? ' ' : cp < 0x80 ? ch.toLowerCase() : fold(ch);
    if (f === '' && ends.length > 0) {
      // Combining marks and invisible characters belong to the character before them.
      ends[ends.length - 1] = i + width;
    }
    for (let k = 0; k < f.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    folded += f;
    i += width;
  }
  return { folded, starts, ends };
}

/** Joins the text on both sides of a removed part: "ngày 5/12, lúc 19h30, tại" → ", tại" → "," + " tại". */
function joinAtSeam(left: string, right: string): string {
  const a = left.trimEnd();
  const b = right.trimStart();
  if (a === '' || b === '') return a + b;
  if (/[,;:]$/.test(a) && /^[,;:]/.test(b)) return a + b.slice(1);
  return /^[,.;:!?)]/.test(b) ? a + b : `${a} ${b}`;
}

function tidy(pieces: string[]): string {
  const joined = cleanText(pieces.reduce(joinAtSeam, ''))
    .replace(/^[\s,;:.\-–]+/, '')
    .replace(/[\s,;:\-–(]+$/, '');
  return /^[\s\p{P}]*$/u.test(joined) ? '' : joined;
}

function pickDate(dates: DateMatch[]): DateMatch | undefined {
  // A typed date that does not exist still counts, so that the caller can say so.
  const real = dates.filter((d) => d.result.ok || d.result.reason === 'no_such_day');
  return real.find((d) => !d.weak) ?? real[0];
}

/**
 * The first date and the first time in `text`. Ambiguity rules:
 * - a slash date, a date with a year, a spelled-out date or a weekday beats the weak forms
 *   (`5.12`, `5-12`, bare `mai`, `cn`), whatever comes first;
 * - a dotted `10.10` is a time only when some other date was found, or it cannot be a day.month (19.30);
 * - a part of the day before the date ("tối thứ 6 lúc 7h") applies to a time that has none.
 */
export function extractDateTime(text: string, now: Date, tz: string, opts: DateOptions = {}): Extracted {
  const source = String(text).normalize('NFC');
  const { folded, starts, ends } = foldWithMap(source);
  const date = pickDate(scanDates(folded, now, tz, opts));
  const insideDate = (at: number) => date !== undefined && at >= date.start && at < date.end;
  const timeMatch = scanTimes(folded).find((t) => !insideDate(t.start));

  const out: Extracted = { rest: '' };
  const removed: [number, number][] = [];
  if (date) {
    if (date.result.ok) out.date = date.result.date;
    else out.dateError = 'no_such_day';
    // Keep "chiều" of "chiều 14/12" when no time used it: it is still information.
    const from = date.period && !timeMatch ? date.coreStart : date.start;
    removed.push([from, date.end]);
  }
  if (timeMatch) {
    const borrowed = !timeMatch.hasPeriod && date?.period ? timeMatch.withPeriod(date.period) : null;
    out.time = borrowed ?? { hour: timeMatch.hour, minute: timeMatch.minute };
    removed.push([timeMatch.start, timeMatch.end]);
  }
  if (removed.length === 0) return { rest: cleanText(source) };

  const pieces: string[] = [];
  let cursor = 0;
  for (const [a, b] of removed.sort((x, y) => x[0] - y[0])) {
    const from = starts[a] ?? source.length;
    if (from > cursor) pieces.push(source.slice(cursor, from));
    cursor = Math.max(cursor, ends[b - 1] ?? source.length);
  }
  pieces.push(source.slice(cursor));
  out.rest = tidy(pieces);
  return out;
}
