/**
 * The meeting record being entered (`/hop`): its draft with the cell it is for, and how typed answers
 * change it. Every change passes the record's checks and completes what follows from it (the total
 * from the cell's size, one kind of absence from the other); nothing else is guessed.
 */
import type { CommandContext } from '../../commands/define';
import {
  activeSupervisors,
  currentRecord,
  lastDueMeeting,
  type MeetingRecord,
  peopleByIds,
} from '../../db/repo/meetings';
import { unitById } from '../../db/repo/units';
import { GRADES, type Grade, MEETING_KINDS } from '../../db/schema';
import type { Choice } from '../bot/flow/choices';
import { problemsText } from '../bot/flow/command';
import type { ReadBack, Reading } from '../bot/flow/engine';
import { knownMemberCount } from '../domain/meetings/member-count';
import { checkRecord, completeAttendance, periodOf, type RecordDraft } from '../domain/meetings/record';
import {
  expectedCounts,
  mergeRecord,
  type NumberField,
  parseRecordLine,
} from '../domain/meetings/record-line';
import { isWeekly, ruleFromJson } from '../domain/meetings/rule';
import { addLocalDays, formatDateInput, localParts } from '../domain/time/zone';
import { GRADE_NAMES, KIND_NAMES, recordProblem, meetings as t } from '../messages/vi/meetings';
import { fold } from '../text/normalize';
import { type Cell, meetingUnits } from './cells';
import { periodText } from './save-record';

export interface HopDraft {
  unitId?: string;
  unitName?: string;
  memberCount?: number | null;
  /** The unit meets weekly (a standing committee): one record per ISO week, not per month. */
  weekly?: boolean;
  record: RecordDraft;
}

export const checkDraft = (ctx: CommandContext, d: HopDraft, record: RecordDraft) =>
  checkRecord(record, { now: ctx.now, tz: ctx.config.TIMEZONE, memberCount: d.memberCount ?? null });

async function supervisorsOf(ctx: CommandContext, unitId: string) {
  const today = localParts(ctx.now, ctx.config.TIMEZONE).isoDate;
  const ids = (await activeSupervisors(ctx.db, [unitId], today)).get(unitId) ?? [];
  return peopleByIds(ctx.db, ids);
}

/** "đ/c Dũng" typed for the upper-level attendee becomes the assigned supervisor when the name fits. */
async function matchAttendee(ctx: CommandContext, unitId: string, r: RecordDraft): Promise<RecordDraft> {
  if (!r.attendeeText || r.attendeePersonId) return r;
  const typed = fold(r.attendeeText).replace(/^(dong chi|d\/c|dc)\s+/, '');
  const hit = (await supervisorsOf(ctx, unitId)).find((p) => {
    const name = fold(p.name);
    return typed.length >= 3 && (name.includes(typed) || typed.includes(name.replace(/\s*\(.*\)$/, '')));
  });
  return hit ? { ...r, attendeePersonId: hit.id, attendeeText: hit.name } : r;
}

/** Applies a change only if the record still passes every check; completes what follows from it. */
export async function settle(
  ctx: CommandContext,
  d: HopDraft,
  record: RecordDraft,
  note?: string,
): Promise<Reading<HopDraft>> {
  const complete = d.unitId ? completeAttendance(record, d.memberCount ?? null) : record;
  const { errors } = checkDraft(ctx, d, complete);
  if (errors.length > 0) return { ok: false, problem: problemsText(errors.map(recordProblem)) };
  const withAttendee = d.unitId ? await matchAttendee(ctx, d.unitId, complete) : complete;
  return { ok: true, draft: { ...d, record: withAttendee }, note };
}

/**
 * Typed text read as fragments of the one-line form; nothing readable is no answer at all. A bare
 * count answers the question asked (`expect`), or at the read-back whatever is still missing.
 */
export async function readTyped(
  ctx: CommandContext,
  d: HopDraft,
  text: string,
  expect: NumberField[] = expectedCounts(d.record),
): Promise<Reading<HopDraft>> {
  const line = parseRecordLine(text, ctx.now, ctx.config.TIMEZONE, { expect, known: d.record });
  // Nothing read: the step's own hint says how to answer (or it was a command typed there).
  if (
    Object.keys(line.draft).length === 0 &&
    line.hints.length === 0 &&
    line.problems.every((p) => p.code === 'unknown')
  )
    return null;
  const note = line.hints.map((h) => t.memberGrade(h.text))[0];
  if (line.problems.length > 0) {
    const unanswered = line.problems.every((p) => p.code === 'unknown');
    return { ok: false, problem: problemsText(line.problems.map(recordProblem)), unanswered };
  }
  return settle(ctx, d, mergeRecord(d.record, line.draft), note);
}

export async function unitDraft(ctx: CommandContext, cell: Cell, record: RecordDraft): Promise<HopDraft> {
  const unit = await unitById(ctx.db, cell.id);
  // Only a known figure (the import's, or the last recorded total) completes or questions a total.
  const memberCount = unit ? await knownMemberCount(ctx.db, unit) : null;
  const d: HopDraft = {
    unitId: cell.id,
    unitName: cell.name,
    memberCount,
    weekly: isWeekly(ruleFromJson(unit?.meetingRule)),
    record,
  };
  return { ...d, record: await matchAttendee(ctx, cell.id, completeAttendance(record, memberCount)) };
}

/** The meeting that was due most recently: the likely answer to "which day?". */
async function dueDate(ctx: CommandContext, unitId: string): Promise<string | null> {
  const due = await lastDueMeeting(ctx.db, unitId, ctx.now);
  return due ? localParts(new Date(due.scheduledAt), ctx.config.TIMEZONE).isoDate : null;
}

export const RECORDERS = ['secretary', 'deputy'] as const;

/** The units whose meetings the person records. */
export const recordCells = (ctx: CommandContext) => meetingUnits(ctx.db, ctx.person!.roles, RECORDERS);

/** The record's problems in one text, or null when it passes every check. */
export function recordErrors(ctx: CommandContext, d: HopDraft, record: RecordDraft): string | null {
  const { errors } = checkDraft(ctx, d, record);
  return errors.length > 0 ? problemsText(errors.map(recordProblem)) : null;
}

/** A saved record as a draft to correct. */
export function draftOfRecord(rec: MeetingRecord): RecordDraft {
  return {
    heldOn: rec.heldOn,
    present: rec.present,
    total: rec.total,
    absentExcused: rec.absentExcused,
    absentUnexcused: rec.absentUnexcused,
    kind: rec.kind,
    topic: rec.topic ?? undefined,
    attendeeText: rec.attendeeText ?? undefined,
    attendeePersonId: rec.attendeePersonId ?? undefined,
    grade: rec.grade ?? undefined,
    note: rec.note ?? undefined,
  };
}

/** The read-back: the record, a far total questioned, and whether it replaces a saved one. */
export async function recordReadBack(ctx: CommandContext, d: HopDraft): Promise<ReadBack> {
  const r = d.record;
  const period = periodOf(r.heldOn!, d.weekly);
  const existing = await currentRecord(ctx.db, d.unitId!, period);
  const { warnings } = checkDraft(ctx, d, r);
  const lines = [
    t.readBack({
      cell: d.unitName!,
      date: formatDateInput(r.heldOn!),
      present: r.present!,
      total: r.total!,
      excused: r.absentExcused!,
      unexcused: r.absentUnexcused!,
      kind: r.kind ?? 'regular',
      topic: r.topic,
      attendee: r.attendeeText,
      grade: r.grade!,
      note: r.note,
    }),
    ...warnings.map((w) => t.totalFar(w.total, w.memberCount)),
    ...(existing
      ? [(d.weekly ? t.correctionOfWeek : t.correctionOf)(periodText(period), existing.revision)]
      : []),
  ];
  return { text: lines.join('\n'), hint: t.confirmHint };
}

const GRADE_TYPED: Record<Grade, string[]> = {
  tot: ['tot'],
  kha: ['kha'],
  trung_binh: ['trung binh', 'tb'],
  kem: ['kem', 'yeu'],
};

/** The four grades as choices, picked also by "khá", "xl tốt", "xếp loại trung bình". */
export const gradeChoices = (): Choice[] =>
  GRADES.map((g) => ({
    value: `g:${g}`,
    label: GRADE_NAMES[g],
    words: GRADE_TYPED[g].flatMap((w) => [w, `xep loai ${w}`, `xl ${w}`, `loai ${w}`, `dat loai ${w}`]),
  }));

export const kindChoices = (): Choice[] =>
  MEETING_KINDS.map((k) => ({ value: `k:${k}`, label: KIND_NAMES[k], words: [fold(KIND_NAMES[k])] }));

export const shortDate = (iso: string) => formatDateInput(iso).slice(0, 5);
export const yesterday = (ctx: CommandContext) =>
  addLocalDays(localParts(ctx.now, ctx.config.TIMEZONE).isoDate, -1);

/** "Which day?", with a day that can be answered as its example (the one due, else yesterday). */
export async function dateQuestion(ctx: CommandContext, d: HopDraft): Promise<string> {
  const due = d.unitId ? await dueDate(ctx, d.unitId) : null;
  return t.askDate(d.unitName ?? '', shortDate(due ?? yesterday(ctx)));
}

/** The meeting that was due, as a button. */
export async function dueChoices(ctx: CommandContext, d: HopDraft): Promise<Choice[]> {
  const due = d.unitId ? await dueDate(ctx, d.unitId) : null;
  return due ? [{ value: `d:${due}`, label: t.scheduledDate(shortDate(due)) }] : [];
}

/** The cell's assigned supervisors, and "nobody". */
export async function attendeeChoices(ctx: CommandContext, d: HopDraft): Promise<Choice[]> {
  const sups = d.unitId ? await supervisorsOf(ctx, d.unitId) : [];
  return [
    ...sups.map((p) => ({ value: `a:${p.id}`, label: p.name })),
    { value: 'a:none', label: t.noAttendee, words: ['khong', 'khong co', 'ko', 'khong ai'] },
  ];
}

export async function pickAttendee(
  ctx: CommandContext,
  d: HopDraft,
  value: string,
): Promise<Reading<HopDraft>> {
  const record = { ...d.record };
  delete record.attendeePersonId;
  delete record.attendeeText;
  if (value !== 'a:none') {
    const p = (await supervisorsOf(ctx, d.unitId!)).find((s) => s.id === value.slice(2));
    if (!p) return null;
    record.attendeePersonId = p.id;
    record.attendeeText = p.name;
  }
  return settle(ctx, d, record);
}

/** A typed name: kept as written, linked to the assigned supervisor when it is theirs. */
export function typedAttendee(ctx: CommandContext, d: HopDraft, text: string): Promise<Reading<HopDraft>> {
  const record = { ...d.record, attendeeText: text.trim() };
  delete record.attendeePersonId;
  return settle(ctx, d, record);
}
