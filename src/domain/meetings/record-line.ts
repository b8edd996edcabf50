/**
 * Reading a held meeting as people type it, in one line or as the answer to a question:
 * `5/12 co mat 23/27 vang co ly do 3 chuyen de chuyen doi so xep loai tot`, `du 23 vang 4`,
 * `23/27 dv, vắng 3 (2 có lý do)`, `3 co ly do, tot`, `sh thuong ky xl kha`. Keywords are found in
 * the folded text; numbers may come after their keyword or just before it; a count may carry a unit
 * word (`dv`, `đ/c`, `người`); a bare `23/27` is the attendance and a bare grade word the grade.
 * What is missing stays undefined (the flow asks for it); what cannot be read is a problem.
 */
import type { MeetingKind } from '../../../db/schema';
import { cleanText, fold } from '../../text/normalize';
import { extractDateTime } from '../time/extract';
import { GRADE_WORDS, type RecordDraft, type RecordProblem } from './record';

/** Not a problem, but said: the person wrote something we deliberately did not take. */
export type RecordHint = { code: 'member_grade'; text: string };

export interface RecordLine {
  draft: RecordDraft;
  problems: RecordProblem[];
  hints: RecordHint[];
}

export type NumberField = 'present' | 'total' | 'absentExcused' | 'absentUnexcused' | 'absent';

/** Folded keywords, longest spelling first within each; the order of the groups settles overlaps. */
const KEYWORDS: [string, string][] = [
  [
    'both',
    '(?:(?:sh|sinh hoat|hop) )?(?:thuong ky (?:va|ket hop|ket hop voi|\\+|&) chuyen de|ket hop|ca hai|ca 2)',
  ],
  ['unexcused', '(?:vang )?(?:khong co|khong|ko|k) (?:ly|li) do|(?:vang )?kld|(?:vang )?(?:khong|ko) phep'],
  ['excused', '(?:vang )?co (?:ly|li) do|(?:vang )?cld|(?:vang )?co phep'],
  ['absent', 'vang mat|vang'],
  // "dự" only before a count: "dự án", "dự kiến" in a topic stay words.
  ['present', 'co mat|du hop|tham du|du(?= ?:? ?\\d)'],
  ['total', 'tren tong so|tong so|tong cong|tong'],
  ['thematic', '(?:(?:sh|sinh hoat) )?chuyen de'],
  ['regular', '(?:(?:sh|sinh hoat) )?(?:thuong ky|dinh ky)'],
  ['topic', 'noi dung|chu de'],
  ['grade', 'xep loai|tu danh gia|danh gia|dat loai|xl|loai(?= (?:tot|kha|trung binh|tb|kem|yeu)(?![a-z]))'],
  ['attendee', 'cap tren du hop|cap tren du|cap tren|cap uy du|dai dien cap tren|dong chi du'],
  ['note', 'ghi chu'],
];
const KEY_RE = new RegExp(
  `(?<![a-z0-9])(?:${KEYWORDS.map(([name, re]) => `(?<${name}>${re})`).join('|')})(?![a-z0-9])`,
  'g',
);

const UNIT = '(?:\\s*(?:dang vien|dv|nguoi|ng|d/c|dong chi|dc)(?![a-z]))?';
const NUM = new RegExp(`^\\s*[:=]?\\s*(\\d{1,4})${UNIT}(?![\\d/])`);
const PAIR = new RegExp(`^\\s*[:=]?\\s*(\\d{1,4})\\s*(?:/|tren)\\s*(\\d{1,4})${UNIT}(?!\\d)`);
const GRADE_WORD = /^\s*[:=]?\s*(trung binh|tot|kha|tb|kem|yeu)(?![a-z])/;
/** "hoàn thành tốt nhiệm vụ" rates a member, not a meeting: never taken for the meeting's grade. */
const MEMBER_GRADE = /^\s*[:=]?\s*(?:hoan thanh(?: xuat sac| tot)?|khong hoan thanh) nhiem vu/;
const ALL = /^\s*(?:deu|tat ca|ca|het)(?![a-z])/;
const NOBODY = /^\s*(?:khong ai|khong co ai|khong)(?![a-z])/;
const SEPARATORS = /^[\s,;:.()\-–+&]+/;
/** A part of the day left by the date ("tối 5/12"): no information for a record. */
const DAY_PART = /^(?:buoi\s+)?(?:sang|trua|chieu|toi|dem)(?![a-z])/;
const pairFits = (m: RegExpExecArray) => Number(m[1]) <= Number(m[2]);

const KIND_OF: Record<string, MeetingKind> = { both: 'both', thematic: 'thematic', regular: 'regular' };

const trimPunct = (s: string) => s.replace(/^[\s:,;.\-–()]+|[\s,;.\-–()]+$/g, '').trim();

function badMonth(text: string): string | null {
  const m = /(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*\d{2,4})?(?!\d)/.exec(text);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  return mo < 1 || mo > 12 || d < 1 || d > 31 ? m[0] : null;
}

export interface LineOptions {
  /** Fields a bare count fills, in order, when the text answers a question about them ("3", "3 tot"). */
  expect?: readonly NumberField[];
  /** What is already known (a fragment "đều có lý do" needs the number absent). */
  known?: RecordDraft;
}

/** The folded text and the text itself, of equal length (else the folded one twice). */
function both(text: string): { f: string; o: string } {
  const o = cleanText(text);
  const f = fold(o);
  return { f, o: f.length === o.length ? o : f };
}

export function parseRecordLine(input: string, now: Date, tz: string, opts: LineOptions = {}): RecordLine {
  const { f: folded, o: original } = both(input);
  const out: RecordLine = { draft: {}, problems: [], hints: [] };
  const draft = out.draft;
  const known = opts.known ?? {};
  const expect = [...(opts.expect ?? [])];
  const absentNow = () => draft.absent ?? known.absent;
  const marks: { name: string; start: number; end: number }[] = [];
  for (const m of folded.matchAll(KEY_RE)) {
    const name = Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined)?.[0];
    if (!name) continue;
    marks.push({ name, start: m.index, end: m.index + m[0].length });
    if (name === 'note') break;
  }
  const typedPresent = marks.some((m) => m.name === 'present');
  /** A count (or "đều") left just before a keyword that has none after it ("3 có lý do"). */
  let carry: { value: number | 'all'; text: string } | null = null;
  const unknown = (text: string) => {
    const t = trimPunct(text);
    if (t) out.problems.push({ code: 'unknown', text: t.slice(0, 40) });
  };
  const flushCarry = () => {
    if (carry) unknown(carry.text);
    carry = null;
  };
  /** The next field a bare count answers, if the text answers a question. */
  const expected = () => {
    while (expect.length > 0 && draft[expect[0]!] !== undefined) expect.shift();
    return expect.shift();
  };

  /** What is not a keyword's value: a date, a bare 23/27, a grade word, a count for what follows. */
  const loose = (text: string, next: string | undefined) => {
    let { f, o } = both(text);
    // Answering how many came, "5/5" is a count, not the fifth of May (the day is known by then).
    const counting = expect.length > 0 && known.heldOn !== undefined;
    if (!draft.heldOn && f && !counting) {
      // A record is of something held: a date without its year is the nearest, a tie to the past.
      const ex = extractDateTime(o, now, tz, { prefer: 'past' });
      if (ex.date) draft.heldOn = ex.date;
      else if (ex.dateError === 'no_such_day') out.problems.push({ code: 'no_such_day' });
      if (ex.date || ex.dateError) ({ f, o } = both(ex.rest));
    }
    const cut = (n: number) => {
      f = f.slice(n);
      o = o.slice(n);
    };
    const rest = (n: number) => f.slice(n).replace(SEPARATORS, '') === '';
    for (;;) {
      const sep = SEPARATORS.exec(f);
      if (sep) cut(sep[0].length);
      if (!f) return;
      const dayPart = DAY_PART.exec(f);
      if (dayPart && draft.heldOn) {
        cut(dayPart[0].length);
        continue;
      }
      const member = MEMBER_GRADE.exec(f);
      const pair = PAIR.exec(f);
      const grade = GRADE_WORD.exec(f);
      const num = NUM.exec(f);
      const all = ALL.exec(f);
      const nobody = NOBODY.exec(f);
      if (member) {
        out.hints.push({ code: 'member_grade', text: trimPunct(o.slice(0, member[0].length)) });
        cut(member[0].length);
      } else if (
        pair &&
        draft.present === undefined &&
        !typedPresent &&
        (pairFits(pair) || expect[0] === 'present')
      ) {
        // A bare 23/27 is the attendance, unless "có mặt" says it elsewhere (then 5/13 is a bad date)
        // or it cannot be one (35/12 is a day that does not exist).
        draft.present = Number(pair[1]);
        draft.total = Number(pair[2]);
        cut(pair[0].length);
      } else if (grade && !draft.grade) {
        draft.grade = GRADE_WORDS[grade[1]!];
        cut(grade[0].length);
      } else if (num && next && rest(num[0].length)) {
        carry = { value: Number(num[1]), text: o.slice(0, num[0].length) };
        cut(num[0].length);
      } else if (num && expect.length > 0) {
        const field = expected();
        if (field) draft[field] = Number(num[1]);
        else unknown(o.slice(0, num[0].length));
        cut(num[0].length);
      } else if (all && next && rest(all[0].length)) {
        carry = { value: 'all', text: o.slice(0, all[0].length) };
        cut(all[0].length);
      } else if (all && expect.length > 0 && absentNow() !== undefined) {
        // "tất cả" answering how many of the absent had a reason.
        const field = expected();
        if (field) draft[field] = absentNow();
        cut(all[0].length);
      } else if (nobody && (next === 'absent' || expect.length > 0) && rest(nobody[0].length)) {
        // "không ai vắng", or "không" answering how many were absent with a reason.
        if (next === 'absent') carry = { value: 0, text: o.slice(0, nobody[0].length) };
        else {
          const field = expected();
          if (field) draft[field] = 0;
        }
        cut(nobody[0].length);
      } else {
        const bad = badMonth(f);
        if (bad) out.problems.push({ code: 'bad_month', text: bad });
        else unknown(o);
        return;
      }
    }
  };

  /** A keyword's count: after it, just before it, or all the absent ("vắng 4 đều có lý do"). */
  const setCount = (field: NumberField, f: string, o: string): string | null => {
    const c = carry as { value: number | 'all'; text: string } | null;
    const m = NUM.exec(f);
    // "3 có lý do 1 không lý do": a count just before the keyword is its own; the one after is the next's.
    if (m && typeof c?.value !== 'number') {
      flushCarry();
      draft[field] = Number(m[1]);
      return o.slice(m[0].length);
    }
    carry = null;
    const breakdown = field === 'absentExcused' || field === 'absentUnexcused';
    if (c && typeof c.value === 'number') draft[field] = c.value;
    else if (breakdown && absentNow() !== undefined && (!c || c.value === 'all')) draft[field] = absentNow();
    else {
      if (c) unknown(c.text);
      out.problems.push({ code: 'bad_number', field, text: trimPunct(o).slice(0, 30) });
      return null;
    }
    return o;
  };

  /** A keyword whose value is the text up to the next keyword, as typed. */
  /** Kept whole: a text over its limit is refused by checkRecord, never cut here. */
  const takeText = (field: 'topic' | 'attendeeText' | 'note', text: string) => {
    flushCarry();
    const value = trimPunct(text);
    if (value) draft[field] = value;
  };

  const head = marks[0]?.start ?? folded.length;
  loose(original.slice(0, head), marks[0]?.name);

  for (let i = 0; i < marks.length; i++) {
    const { name, end } = marks[i]!;
    const next = marks[i + 1]?.name;
    const stop = name === 'note' ? folded.length : (marks[i + 1]?.start ?? folded.length);
    const f = folded.slice(end, stop);
    const o = original.slice(end, stop);
    let left: string | null = '';
    switch (name) {
      case 'present': {
        const m = PAIR.exec(f);
        if (m) {
          flushCarry();
          draft.present = Number(m[1]);
          draft.total = Number(m[2]);
          left = o.slice(m[0].length);
        } else left = setCount('present', f, o);
        break;
      }
      case 'total':
        left = setCount('total', f, o);
        break;
      case 'absent':
        left = setCount('absent', f, o);
        break;
      case 'excused':
        left = setCount('absentExcused', f, o);
        break;
      case 'unexcused':
        left = setCount('absentUnexcused', f, o);
        break;
      case 'both':
      case 'thematic':
      case 'regular': {
        const kind = KIND_OF[name]!;
        draft.kind =
          draft.kind && draft.kind !== kind && draft.kind !== 'both' && kind !== 'both' ? 'both' : kind;
        takeText('topic', o);
        break;
      }
      case 'topic':
        takeText('topic', o);
        break;
      case 'grade': {
        flushCarry();
        const g = GRADE_WORD.exec(f);
        const member = MEMBER_GRADE.exec(f);
        if (g) {
          draft.grade = GRADE_WORDS[g[1]!];
          left = o.slice(g[0].length);
        } else if (member) {
          out.hints.push({ code: 'member_grade', text: trimPunct(o.slice(0, member[0].length)) });
          left = o.slice(member[0].length);
        } else out.problems.push({ code: 'bad_grade', text: trimPunct(o).slice(0, 20) });
        break;
      }
      case 'attendee':
        takeText('attendeeText', o.replace(/^\s*(?:dự|du)\b/i, ''));
        break;
      case 'note':
        takeText('note', o);
        break;
    }
    if (left) loose(left, next);
  }
  flushCarry();
  return out;
}

/** How many were absent, as far as the record says. */
export const absentOf = (r: RecordDraft) => r.absent ?? (r.total ?? 0) - (r.present ?? 0);
export const absencesOpen = (r: RecordDraft) =>
  r.present !== undefined &&
  r.total !== undefined &&
  absentOf(r) > 0 &&
  (r.absentExcused === undefined || r.absentUnexcused === undefined);

/** The counts a bare number answers, in the order they are asked. */
export function expectedCounts(r: RecordDraft): NumberField[] {
  if (r.present === undefined) return ['present'];
  if (absencesOpen(r)) return ['absentExcused'];
  return [];
}

export /** New counts without their absences replace the old breakdown instead of contradicting it. */
function mergeRecord(old: RecordDraft, typed: RecordDraft): RecordDraft {
  const merged = { ...old, ...typed };
  const countsChanged = typed.present !== undefined || typed.total !== undefined;
  const breakdownTyped =
    typed.absent !== undefined || typed.absentExcused !== undefined || typed.absentUnexcused !== undefined;
  if (countsChanged && !breakdownTyped) {
    delete merged.absent;
    delete merged.absentExcused;
    delete merged.absentUnexcused;
  }
  if (typed.kind === 'regular' && typed.topic === undefined) delete merged.topic;
  return merged;
}
