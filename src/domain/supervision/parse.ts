/**
 * Reading what coordinators and supervisors type: "Nguyen Van A KP3 KP5 tu 1/1/2027 den 31/12/2027"
 * and "KP3 5/12 ghi chu: ... xep loai kha". Pure: the caller says which words are unit codes.
 */
import type { Grade } from '../../../db/schema';
import { cleanText, fold } from '../../text/normalize';
import { GRADE_WORDS } from '../meetings/record';
import { extractDateTime } from '../time/extract';
import { type DateResult, parseDateVi } from '../time/parse-date';

export interface AssignLine {
  name: string;
  codes: string[];
  from?: DateResult;
  until?: DateResult;
}

/**
 * The longest visit notes kept: a page, as long as a notice. Longer ones were stored whole while the
 * read-back (at most 4 messages) showed only their start.
 */
export const MAX_VISIT_NOTES = 1500;

const DATE_START = /^(\d|ngay$|hom$|mai$|mung$|nay$)/;

/** `isCode`: whether a word names a unit; words with digits are taken as codes even when unknown. */
export function parseAssignLine(
  args: string,
  now: Date,
  tz: string,
  isCode: (word: string) => boolean,
): AssignLine {
  const words = cleanText(args)
    .replace(/[,;]/g, ' ')
    .split(' ')
    .filter((w) => w !== '');
  // "từ"/"đến" are keywords only before a date: "Nguyễn Văn Tú" keeps its name.
  const keyword = (i: number, k: string) =>
    fold(words[i] ?? '') === k && DATE_START.test(fold(words[i + 1] ?? ''));
  let fromAt = -1;
  let untilAt = -1;
  words.forEach((_, i) => {
    if (fromAt < 0 && keyword(i, 'tu')) fromAt = i;
    else if (untilAt < 0 && keyword(i, 'den')) untilAt = i;
  });
  const cut = [fromAt, untilAt].filter((i) => i >= 0);
  const headEnd = cut.length ? Math.min(...cut) : words.length;
  const head = words.slice(0, headEnd);
  const tail = (start: number) => {
    if (start < 0) return undefined;
    const end = [fromAt, untilAt, words.length].filter((i) => i > start).sort((a, b) => a - b)[0];
    return words.slice(start + 1, end).join(' ');
  };
  let split = head.length;
  while (split > 0 && (isCode(head[split - 1]!) || /\d/.test(head[split - 1]!))) split--;
  const fromText = tail(fromAt);
  const untilText = tail(untilAt);
  return {
    name: head.slice(0, split).join(' '),
    codes: [...new Set(head.slice(split).map((c) => c.toUpperCase()))],
    from: fromText === undefined ? undefined : parseDateVi(fromText, now, tz),
    until: untilText === undefined ? undefined : parseDateVi(untilText, now, tz),
  };
}

export interface VisitLine {
  code?: string;
  date?: string;
  dateError?: 'no_such_day';
  notes?: string;
  grade?: Grade;
}

const GRADE =
  /(?:^|[\s,.;:])(?:xep\s*loai|xl|dat\s*loai|danh\s*gia)\s*:?\s*(tot|kha|trung\s+binh|tb|kem|yeu)(?=$|[\s,.;:!])/;
const NOTES = /(?:^|[\s,.;])(?:ghi\s*chu|nhan\s*xet)\s*:?\s*/;

/** A grade word alone ("khá", "trung binh"), for the step-by-step answer. */
export function parseGradeWord(text: string): Grade | undefined {
  const f = fold(text)
    .replace(/^(?:xep\s*loai|xl|dat\s*loai|danh\s*gia)\s*:?\s*/, '')
    .replace(/[\s.!]+$/, '');
  return GRADE_WORDS[f.replace(/\s+/g, ' ')];
}

/** Notes and grade from free text; notes keep the user's diacritics. */
export function parseNotes(text: string): { notes?: string; grade?: Grade } {
  let source = cleanText(text);
  let folded = fold(source);
  // fold keeps one character per NFC character; if not, fall back to the folded text.
  if (folded.length !== source.length) source = folded;
  let grade: Grade | undefined;
  const g = GRADE.exec(folded);
  if (g) {
    grade = GRADE_WORDS[g[1]!.replace(/\s+/g, ' ')];
    const start = g.index + (g[0].length - g[0].trimStart().length);
    source = source.slice(0, start) + source.slice(g.index + g[0].length);
    folded = folded.slice(0, start) + folded.slice(g.index + g[0].length);
  }
  const n = NOTES.exec(folded);
  if (n) source = source.slice(n.index + n[0].length);
  const notes = source.replace(/^[\s,.;:\-–]+|[\s,;:\-–]+$/g, '').trim();
  return { notes: notes || undefined, grade };
}

/** Date, notes and grade of a visit: "5/12 ghi chú: ... xếp loại khá" (the cell already taken off). */
export function parseVisitDetails(text: string, now: Date, tz: string): Omit<VisitLine, 'code'> {
  const clean = cleanText(text);
  if (!clean) return {};
  const folded = fold(clean);
  const n = NOTES.exec(folded);
  const before = n && folded.length === clean.length ? clean.slice(0, n.index) : clean;
  const after = n && folded.length === clean.length ? clean.slice(n.index) : '';
  const dt = extractDateTime(before, now, tz, { prefer: 'past' });
  const rest = `${dt.rest} ${after}`.trim();
  // A grade word alone after the cell and the day ("giamsat KP3 5/12 khá") is the grade.
  const bare = parseGradeWord(rest);
  const out: Omit<VisitLine, 'code'> = bare ? { grade: bare } : parseNotes(rest);
  if (dt.date) out.date = dt.date;
  if (dt.dateError) out.dateError = dt.dateError;
  return out;
}

/** "KP3 5/12 ghi chú: ... xếp loại khá": a first word shaped like a unit code (KP3, XQS) is the cell. */
export function parseVisitLine(args: string, now: Date, tz: string): VisitLine {
  const text = cleanText(args);
  if (!text) return {};
  const first = (text.split(' ')[0] ?? '').replace(/[,.:;]+$/, '');
  const isCode = /^[a-z]{1,6}\d{0,4}[a-z0-9]*$/i.test(first) && /\d|^[A-Z]{2,6}$/.test(first);
  if (!isCode) return parseVisitDetails(text, now, tz);
  return { code: first.toUpperCase(), ...parseVisitDetails(text.slice(first.length), now, tz) };
}
