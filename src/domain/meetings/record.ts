/**
 * The record of a held meeting: its draft, the figures that follow from those given, and the checks
 * every record passes before it is saved, whether typed in one line or answered step by step. The
 * one-line form is read in record-line.ts.
 */
import type { Grade, MeetingKind } from '../../../db/schema';
import { overLimit } from '../../text/length';
import { dayNumber, localParts, splitIsoDate } from '../time/zone';
import { MAX_ATTENDEE, MAX_NOTE, MAX_TOPIC } from './limits';
import { slotOfDate } from './rule';

export interface RecordDraft {
  heldOn?: string;
  present?: number;
  total?: number;
  /** How many were absent, before the reasons are known ("vắng 4"); not stored, total − present is. */
  absent?: number;
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
  | {
      code: 'bad_number';
      field: 'present' | 'total' | 'absent' | 'absentExcused' | 'absentUnexcused';
      text: string;
    }
  | { code: 'bad_grade'; text: string }
  | { code: 'absent_over'; absent: number; excused: number; unexcused: number }
  | { code: 'absent_mismatch'; present: number; absent: number; total: number }
  | { code: 'future'; day: number; month: number; year: number }
  | { code: 'too_old' }
  | { code: 'present_over_total'; present: number; total: number }
  | { code: 'sum_mismatch'; present: number; excused: number; unexcused: number; total: number }
  | { code: 'bad_total'; total: number }
  | { code: 'too_long'; field: 'topic' | 'attendeeText' | 'note'; length: number; max: number };

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

/**
 * The attendance figures that follow from those given: the total from present + absent (or the
 * cell's known size when only the present are given), the absent from total − present, and one kind
 * of absence from the other. Nothing is guessed beyond that.
 */
export function completeAttendance(draft: RecordDraft, memberCount: number | null): RecordDraft {
  const d = { ...draft };
  const has = (n: number | undefined): n is number => n !== undefined;
  if (!has(d.total) && has(d.present)) {
    if (has(d.absent)) d.total = d.present + d.absent;
    else if (has(d.absentExcused) && has(d.absentUnexcused))
      d.total = d.present + d.absentExcused + d.absentUnexcused;
    else if (memberCount) d.total = memberCount;
  }
  if (!has(d.present) && has(d.total) && has(d.absent)) d.present = d.total - d.absent;
  if (!has(d.absent) && has(d.present) && has(d.total) && d.present <= d.total)
    d.absent = d.total - d.present;
  if (has(d.absent)) {
    if (d.absent === 0) {
      d.absentExcused ??= 0;
      d.absentUnexcused ??= 0;
    } else if (has(d.absentExcused) && !has(d.absentUnexcused))
      d.absentUnexcused = Math.max(0, d.absent - d.absentExcused);
    else if (!has(d.absentExcused) && has(d.absentUnexcused))
      d.absentExcused = Math.max(0, d.absent - d.absentUnexcused);
  }
  return d;
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
    if (n > todayN) errors.push({ code: 'future', day: d, month: m, year: y });
    else if (todayN - n > 366) errors.push({ code: 'too_old' });
  }
  // Texts are kept whole or refused whole: a cut one would be saved as if it were what was typed.
  const texts = [
    ['topic', MAX_TOPIC],
    ['attendeeText', MAX_ATTENDEE],
    ['note', MAX_NOTE],
  ] as const;
  for (const [field, max] of texts) {
    const length = overLimit(draft[field], max);
    if (length !== null) errors.push({ code: 'too_long', field, length, max });
  }
  const { present, total, absent, absentExcused: ex, absentUnexcused: unex } = draft;
  if (absent !== undefined && total === undefined && (ex ?? 0) + (unex ?? 0) > absent)
    errors.push({ code: 'absent_over', absent, excused: ex ?? 0, unexcused: unex ?? 0 });
  if (total !== undefined && (total < 1 || total > 2000)) errors.push({ code: 'bad_total', total });
  else if (present !== undefined && total !== undefined) {
    if (present > total) errors.push({ code: 'present_over_total', present, total });
    else if (absent !== undefined && absent !== total - present)
      errors.push({ code: 'absent_mismatch', present, absent, total });
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
