/**
 * The record of a held meeting: the one-line form of `/hop` and the checks every record passes
 * before it is saved, whether typed in one line or answered step by step.
 */
import type { Grade, MeetingKind } from '../../../db/schema';
import { cleanText, fold } from '../../text/normalize';
import { extractDateTime } from '../time/extract';
import { dayNumber, localParts, splitIsoDate } from '../time/zone';
import { slotOfDate } from './rule';

export interface RecordDraft {
  heldOn?: string;
  present?: number;
  total?: number;
  absentExcused?: number;
  absentUnexcused?: number;
  kind?: MeetingKind;
  topic?: string;
  attendeeText?: string;
  attendeePersonId?: string;
  grade?: Grade;
  note?: string;
}

export type RecordProblem =
  | { code: 'no_such_day' }
  | { code: 'bad_month'; text: string }
  | { code: 'unknown'; text: string }
  | { code: 'bad_number'; field: 'present' | 'total' | 'absentExcused' | 'absentUnexcused'; text: string }
  | { code: 'bad_grade'; text: string }
  | { code: 'absent_no_reason'; text: string }
  | { code: 'future' }
  | { code: 'too_old' }
  | { code: 'present_over_total'; present: number; total: number }
  | { code: 'sum_mismatch'; present: number; excused: number; unexcused: number; total: number }
  | { code: 'bad_total'; total: number };

export type RecordWarning = { code: 'total_far'; total: number; memberCount: number };

/** Folded grade words: a meeting's own grade and a supervisor's grade of it use the same scale. */
export const GRADE_WORDS: Record<string, Grade> = {
  tot: 'tot',
  kha: 'kha',
  'trung binh': 'trung_binh',
  tb: 'trung_binh',
  kem: 'kem',
  yeu: 'kem',
};

/** Folded keywords of the one-line form, longest spelling first. */
const KEYWORDS: [string, string][] = [
  ['both', 'thuong ky (?:va|ket hop|ket hop voi|\\+|&) chuyen de|ket hop|ca hai|ca 2'],
  ['unexcused', 'vang (?:khong co|khong|ko|k) (?:ly|li) do|vang kld|vang khong phep|vang ko phep'],
  ['excused', 'vang co (?:ly|li) do|vang cld|vang co phep'],
  ['absent', 'vang mat|vang'],
  ['present', 'co mat|du hop|tham du'],
  ['total', 'tren tong so|tong so|tong cong|tong'],
  ['thematic', 'chuyen de'],
  ['regular', 'thuong ky|dinh ky'],
  ['topic', 'noi dung|chu de'],
  ['grade', 'xep loai|danh gia|loai(?= (?:tot|kha|trung binh|tb|kem|yeu)(?![a-z]))'],
  ['attendee', 'cap tren du|cap tren|cap uy du|dai dien cap tren|dong chi du'],
  ['note', 'ghi chu'],
];
const KEY_RE = new RegExp(
  `(?<![a-z0-9])(?:${KEYWORDS.map(([name, re]) => `(?<${name}>${re})`).join('|')})(?![a-z0-9])`,
  'g',
);

/** Text with the same length as its folded form, so folded positions can cut the user's spelling. */
function aligned(source: string): { folded: string; original: string } {
  const folded = fold(source);
  return { folded, original: folded.length === source.length ? source : folded };
}

const trimPunct = (s: string) => s.replace(/^[\s:,;.\-–]+|[\s,;.\-–]+$/g, '').trim();

function badMonth(text: string): string | null {
  const m = /(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*\d{2,4})?(?!\d)/.exec(text);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  return mo < 1 || mo > 12 || d < 1 || d > 31 ? m[0] : null;
}

/**
 * Reads `5/12 co mat 23/27 vang co ly do 3 chuyen de chuyen doi so xep loai tot` into a draft.
 * What is missing stays undefined (the flow asks for it); what cannot be read is a problem.
 */
export function parseRecordLine(
  input: string,
  now: Date,
  tz: string,
): { draft: RecordDraft; problems: RecordProblem[] } {
  const { folded, original } = aligned(cleanText(input));
  const draft: RecordDraft = {};
  const problems: RecordProblem[] = [];
  const marks: { name: string; start: number; end: number }[] = [];
  for (const m of folded.matchAll(KEY_RE)) {
    const name = Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined)?.[0];
    if (!name) continue;
    marks.push({ name, start: m.index, end: m.index + m[0].length });
    if (name === 'note') break;
  }

  const takeDate = (f: string, o: string): string => {
    if (!f.trim()) return '';
    const bad = badMonth(f);
    const ex = extractDateTime(o, now, tz, { prefer: 'past' });
    if (ex.date && !draft.heldOn) draft.heldOn = ex.date;
    else if (ex.dateError === 'no_such_day') problems.push({ code: 'no_such_day' });
    else if (bad) {
      problems.push({ code: 'bad_month', text: bad });
      return '';
    }
    return ex.date || ex.dateError ? ex.rest : o;
  };
  const num = (field: 'present' | 'total' | 'absentExcused' | 'absentUnexcused', f: string, o: string) => {
    const m = /^\s*:?\s*(\d{1,4})(?:\s*(?:dang vien|dv|nguoi|d\/c|dong chi))?(?![\d/])/.exec(f);
    if (!m) {
      problems.push({ code: 'bad_number', field, text: trimPunct(o).slice(0, 30) });
      return '';
    }
    draft[field] = Number(m[1]);
    return o.slice(m[0].length);
  };

  const head = marks[0]?.start ?? folded.length;
  const headLeft = trimPunct(takeDate(folded.slice(0, head), original.slice(0, head)));
  if (headLeft) problems.push({ code: 'unknown', text: headLeft.slice(0, 40) });

  for (let i = 0; i < marks.length; i++) {
    const { name, end } = marks[i]!;
    const stop = name === 'note' ? folded.length : (marks[i + 1]?.start ?? folded.length);
    const f = folded.slice(end, stop);
    const o = original.slice(end, stop);
    let left = '';
    switch (name) {
      case 'present': {
        const m = /^\s*:?\s*(\d{1,4})\s*(?:\/|tren)\s*(\d{1,4})(?!\d)/.exec(f);
        if (m) {
          draft.present = Number(m[1]);
          draft.total = Number(m[2]);
          left = o.slice(m[0].length);
        } else left = num('present', f, o);
        break;
      }
      case 'total':
        left = num('total', f, o);
        break;
      case 'excused':
        left = num('absentExcused', f, o);
        break;
      case 'unexcused':
        left = num('absentUnexcused', f, o);
        break;
      case 'absent':
        problems.push({ code: 'absent_no_reason', text: trimPunct(o).slice(0, 20) });
        left = '';
        break;
      case 'both':
      case 'thematic':
      case 'regular': {
        const kind: MeetingKind = name === 'both' ? 'both' : name === 'thematic' ? 'thematic' : 'regular';
        draft.kind =
          draft.kind && draft.kind !== kind && draft.kind !== 'both' && kind !== 'both' ? 'both' : kind;
        const topic = trimPunct(o);
        if (topic) draft.topic = topic.slice(0, 200);
        break;
      }
      case 'topic': {
        const topic = trimPunct(o);
        if (topic) draft.topic = topic.slice(0, 200);
        break;
      }
      case 'grade': {
        const g = /^\s*:?\s*(trung binh|tot|kha|tb|kem|yeu)(?![a-z])/.exec(f);
        if (!g) problems.push({ code: 'bad_grade', text: trimPunct(o).slice(0, 20) });
        else {
          draft.grade = GRADE_WORDS[g[1]!];
          left = o.slice(g[0].length);
        }
        break;
      }
      case 'attendee': {
        const who = trimPunct(o.replace(/^\s*(?:dự|du)\b/i, ''));
        if (who) draft.attendeeText = who.slice(0, 100);
        break;
      }
      case 'note': {
        const note = trimPunct(o);
        if (note) draft.note = note.slice(0, 500);
        break;
      }
    }
    const leftFolded = fold(left);
    const rest = trimPunct(leftFolded ? takeDate(leftFolded, left) : '');
    if (rest) problems.push({ code: 'unknown', text: rest.slice(0, 40) });
  }
  if (draft.present !== undefined && draft.total !== undefined) fillAbsences(draft);
  return { draft, problems };
}

/** When only one kind of absence is known, the other is what is left of the total. */
export function fillAbsences(draft: RecordDraft): void {
  const { present, total } = draft;
  if (present === undefined || total === undefined) return;
  const missing = total - present;
  if (draft.absentExcused === undefined && draft.absentUnexcused !== undefined)
    draft.absentExcused = Math.max(0, missing - draft.absentUnexcused);
  else if (draft.absentUnexcused === undefined && draft.absentExcused !== undefined)
    draft.absentUnexcused = Math.max(0, missing - draft.absentExcused);
  else if (draft.absentExcused === undefined && draft.absentUnexcused === undefined && missing === 0) {
    draft.absentExcused = 0;
    draft.absentUnexcused = 0;
  }
}

export interface RecordCheck {
  now: Date;
  tz: string;
  /** A known figure only (member-count.ts), or null: then the total is never questioned. */
  memberCount: number | null;
}

/** How far a typed total may be from the known size before we ask the person to look again. */
export function totalIsFar(total: number, memberCount: number): boolean {
  return Math.abs(total - memberCount) > Math.max(3, Math.round(memberCount * 0.2));
}

/** Errors block saving; warnings are shown in the read-back. */
export function checkRecord(
  draft: RecordDraft,
  c: RecordCheck,
): { errors: RecordProblem[]; warnings: RecordWarning[] } {
  const errors: RecordProblem[] = [];
  const warnings: RecordWarning[] = [];
  if (draft.heldOn) {
    const today = localParts(c.now, c.tz);
    const todayN = dayNumber(today.year, today.month, today.day);
    const [y, m, d] = splitIsoDate(draft.heldOn);
    const n = dayNumber(y, m, d);
    if (n > todayN) errors.push({ code: 'future' });
    else if (todayN - n > 366) errors.push({ code: 'too_old' });
  }
  const { present, total } = draft;
  if (total !== undefined && (total < 1 || total > 2000)) errors.push({ code: 'bad_total', total });
  else if (present !== undefined && total !== undefined) {
    if (present > total) errors.push({ code: 'present_over_total', present, total });
    else if (draft.absentExcused !== undefined && draft.absentUnexcused !== undefined) {
      const sum = present + draft.absentExcused + draft.absentUnexcused;
      if (sum !== total)
        errors.push({
          code: 'sum_mismatch',
          present,
          excused: draft.absentExcused,
          unexcused: draft.absentUnexcused,
          total,
        });
    }
    if (c.memberCount && totalIsFar(total, c.memberCount))
      warnings.push({ code: 'total_far', total, memberCount: c.memberCount });
  }
  return { errors, warnings };
}

/**
 * The period a record is kept under: `YYYY-MM` of a `YYYY-MM-DD`, or its ISO week (`YYYY-Www`) for
 * a unit that meets weekly (a standing committee), so each week's meeting has its own record and
 * summaries, which read months of cells only, never count them.
 */
export function periodOf(isoDate: string, weekly = false): string {
  return slotOfDate(weekly ? WEEKLY : null, isoDate);
}

const WEEKLY = { type: 'weekly', weekday: 1, time: '00:00' } as const;
