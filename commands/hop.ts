/**
 * `/hop`: record a held meeting. One line fills what it can and whatever is missing is asked in one
 * question; a bare `hop` asks step by step. The kind defaults to "thường kỳ". Everything is read
 * back before saving; a second record for the same month is a correction (a new revision).
 */
import { and, desc, eq, lte } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import { markProcessed } from '../db/repo/keys';
import {
  activeSupervisors,
  currentRecord,
  latestRecord,
  meetingInSlot,
  peopleByIds,
} from '../db/repo/meetings';
import { unitById } from '../db/repo/units';
import { GRADES, MEETING_KINDS, meetingRecords, meetings } from '../db/schema';
import type { Write } from '../db/types';
import { flowCommand, problemsText } from '../src/bot/flow/command';
import { begin, type FlowSpec, type Reading, type Step } from '../src/bot/flow/engine';
import {
  checkRecord,
  completeAttendance,
  periodOf,
  type RecordDraft,
  type RecordProblem,
} from '../src/domain/meetings/record';
import { type NumberField, parseRecordLine } from '../src/domain/meetings/record-line';
import { isWeekly, ruleFromJson } from '../src/domain/meetings/rule';
import { addLocalDays, formatDateInput, localParts } from '../src/domain/time/zone';
import { type Cell, cellChoices, cellInArgs, chosenCell, meetingUnits } from '../src/meetings/cells';
import { cellPeople, unitMembers } from '../src/meetings/recipients';
import { GRADE_NAMES, KIND_NAMES, meetings as t } from '../src/messages/vi/meetings';
import { fold } from '../src/text/normalize';
import { type CommandContext, reply } from './define';

const RECORDERS = ['secretary', 'deputy'] as const;

interface HopDraft {
  unitId?: string;
  unitName?: string;
  memberCount?: number | null;
  /** The unit meets weekly (a standing committee): one record per ISO week, not per month. */
  weekly?: boolean;
  record: RecordDraft;
}

const monthText = (period: string) => `${period.slice(5)}/${period.slice(0, 4)}`;
/** `12/2026` for a month, `49/2026` for an ISO week. */
const periodText = (period: string) =>
  period.includes('W') ? `${period.slice(6)}/${period.slice(0, 4)}` : monthText(period);

export function problemText(p: RecordProblem): string {
  switch (p.code) {
    case 'no_such_day':
      return t.problemNoSuchDay;
    case 'bad_month':
      return t.problemBadMonth(p.text);
    case 'unknown':
      return t.problemUnknown(p.text);
    case 'bad_number':
      return t.problemNumber(t.fields[p.field] ?? p.field, p.text);
    case 'bad_grade':
      return t.problemGrade(p.text);
    case 'absent_over':
      return t.problemAbsentOver(p.absent, p.excused, p.unexcused);
    case 'absent_mismatch':
      return t.problemAbsentMismatch(p.present, p.absent, p.total);
    case 'future':
      return t.problemFuture;
    case 'too_old':
      return t.problemTooOld;
    case 'present_over_total':
      return t.problemPresentOverTotal(p.present, p.total);
    case 'sum_mismatch':
      return t.problemSumMismatch(p.present, p.excused, p.unexcused, p.total);
    case 'bad_total':
      return t.problemBadTotal(p.total);
  }
}

const check = (ctx: CommandContext, d: HopDraft, record: RecordDraft) =>
  checkRecord(record, { now: ctx.now, tz: ctx.config.TIMEZONE, memberCount: d.memberCount ?? null });

const absentOf = (r: RecordDraft) => r.absent ?? (r.total ?? 0) - (r.present ?? 0);
const absencesOpen = (r: RecordDraft) =>
  r.present !== undefined &&
  r.total !== undefined &&
  absentOf(r) > 0 &&
  (r.absentExcused === undefined || r.absentUnexcused === undefined);

/** The counts a bare number answers, in the order they are asked. */
function expected(r: RecordDraft): NumberField[] {
  if (r.present === undefined) return ['present'];
  if (absencesOpen(r)) return ['absentExcused'];
  return [];
}

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
async function settle(
  ctx: CommandContext,
  d: HopDraft,
  record: RecordDraft,
  note?: string,
): Promise<Reading<HopDraft>> {
  const complete = d.unitId ? completeAttendance(record, d.memberCount ?? null) : record;
  const { errors } = check(ctx, d, complete);
  if (errors.length > 0) return { ok: false, problem: problemsText(errors.map(problemText)) };
  const withAttendee = d.unitId ? await matchAttendee(ctx, d.unitId, complete) : complete;
  return { ok: true, draft: { ...d, record: withAttendee }, note };
}

/** New counts without their absences replace the old breakdown instead of contradicting it. */
function merge(old: RecordDraft, typed: RecordDraft): RecordDraft {
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

/**
 * Typed text read as fragments of the one-line form; nothing readable is no answer at all. A bare
 * count answers the question asked (`expect`), or at the read-back whatever is still missing.
 */
async function readTyped(
  ctx: CommandContext,
  d: HopDraft,
  text: string,
  expect: NumberField[] = expected(d.record),
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
    return { ok: false, problem: problemsText(line.problems.map(problemText)), unanswered };
  }
  return settle(ctx, d, merge(d.record, line.draft), note);
}

async function unitDraft(ctx: CommandContext, cell: Cell, record: RecordDraft): Promise<HopDraft> {
  const unit = await unitById(ctx.db, cell.id);
  let memberCount = unit?.memberCount ?? null;
  // A committee's size when none is stored: the people holding a role in it.
  if (memberCount === null && unit && unit.kind !== 'cell') {
    const today = localParts(ctx.now, ctx.config.TIMEZONE).isoDate;
    const who = (await cellPeople(ctx.db, [unit.id], ctx.now, today)).get(unit.id)!;
    memberCount = unitMembers(who).length || null;
  }
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
  const due = await ctx.db
    .select()
    .from(meetings)
    .where(
      and(
        eq(meetings.unitId, unitId),
        eq(meetings.status, 'scheduled'),
        lte(meetings.scheduledAt, ctx.now.getTime()),
      ),
    )
    .orderBy(desc(meetings.scheduledAt))
    .limit(1)
    .get();
  return due ? localParts(new Date(due.scheduledAt), ctx.config.TIMEZONE).isoDate : null;
}

const short = (iso: string) => formatDateInput(iso).slice(0, 5);
const myCells = (ctx: CommandContext) => meetingUnits(ctx.db, ctx.person!.roles, RECORDERS);
const GRADE_TYPED: Record<string, string[]> = {
  tot: ['tot'],
  kha: ['kha'],
  trung_binh: ['trung binh', 'tb'],
  kem: ['kem', 'yeu'],
};
const typedGrades = (g: string) =>
  GRADE_TYPED[g]!.flatMap((w) => [w, `xep loai ${w}`, `xl ${w}`, `loai ${w}`, `dat loai ${w}`]);

const steps: Step<HopDraft>[] = [
  {
    id: 'cell',
    input: 'choice',
    pending: (d) => !d.unitId,
    ask: () => t.pickCell,
    choices: async (ctx) => cellChoices(await myCells(ctx)),
    async choose(ctx, d, value) {
      const cell = chosenCell(await myCells(ctx), value);
      if (!cell) return null;
      const next = await unitDraft(ctx, cell, d.record);
      return settle(ctx, next, next.record);
    },
  },
  {
    id: 'date',
    input: 'value',
    pending: (d) => !d.record.heldOn,
    hint: t.needDateAnswer,
    async ask(ctx, d) {
      const due = d.unitId ? await dueDate(ctx, d.unitId) : null;
      const yesterday = addLocalDays(localParts(ctx.now, ctx.config.TIMEZONE).isoDate, -1);
      return t.askDate(d.unitName ?? '', short(due ?? yesterday));
    },
    async choices(ctx, d) {
      const due = d.unitId ? await dueDate(ctx, d.unitId) : null;
      return due ? [{ value: `d:${due}`, label: t.scheduledDate(short(due)) }] : [];
    },
    choose: (ctx, d, value) => settle(ctx, d, { ...d.record, heldOn: value.slice(2) }),
    read: (ctx, d, text) => readTyped(ctx, d, text, []),
    missing: (_, ctx) =>
      t.missingDate(short(addLocalDays(localParts(ctx.now, ctx.config.TIMEZONE).isoDate, -1))),
    edit: t.edits.date,
    current: (d) => (d.record.heldOn ? formatDateInput(d.record.heldOn) : undefined),
  },
  {
    id: 'attendance',
    input: 'value',
    pending: (d) => d.record.present === undefined || d.record.total === undefined,
    hint: t.needAttendance,
    ask: (_, d) => t.askAttendance(d.memberCount ?? null),
    read: readTyped,
    missing: () => t.missingAttendance,
    edit: t.edits.attendance,
    current: (d) => (d.record.present !== undefined ? `${d.record.present}/${d.record.total}` : undefined),
  },
  {
    id: 'excused',
    input: 'value',
    pending: (d) => absencesOpen(d.record),
    hint: t.needNumber,
    ask: (_, d) => t.askExcused(absentOf(d.record)),
    read: readTyped,
    missing: (d) => t.missingExcused(absentOf(d.record)),
    edit: t.edits.excused,
    current: (d) => (d.record.absentExcused !== undefined ? String(d.record.absentExcused) : undefined),
  },
  {
    // Never asked (a meeting is "thường kỳ" unless said otherwise): offered in the read-back's edit list.
    id: 'kind',
    input: 'choice',
    pending: () => false,
    ask: () => t.askKind,
    choices: () =>
      MEETING_KINDS.map((k) => ({ value: `k:${k}`, label: KIND_NAMES[k], words: [fold(KIND_NAMES[k])] })),
    choose: (ctx, d, value) => {
      const kind = value.slice(2) as RecordDraft['kind'];
      const record: RecordDraft = { ...d.record, kind };
      if (kind === 'regular') delete record.topic;
      return settle(ctx, d, record);
    },
    read: readTyped,
    edit: t.edits.kind,
  },
  {
    id: 'topic',
    input: 'text',
    pending: (d) => !!d.record.kind && d.record.kind !== 'regular' && !d.record.topic,
    ask: () => t.askTopic,
    read: (ctx, d, text) => settle(ctx, d, { ...d.record, topic: text.trim().slice(0, 200) }),
    missing: () => t.missingTopic,
    current: (d) => d.record.topic,
  },
  {
    id: 'attendee',
    input: 'text',
    pending: (d, p) => !p.line && !p.asked.has('attendee') && d.record.attendeeText === undefined,
    ask: () => t.askAttendee,
    async choices(ctx, d) {
      const sups = d.unitId ? await supervisorsOf(ctx, d.unitId) : [];
      return [
        ...sups.map((p) => ({ value: `a:${p.id}`, label: p.name })),
        { value: 'a:none', label: t.noAttendee, words: ['khong', 'khong co', 'ko', 'khong ai'] },
      ];
    },
    async choose(ctx, d, value) {
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
    },
    read: (ctx, d, text) => {
      const record = { ...d.record, attendeeText: text.trim().slice(0, 100) };
      delete record.attendeePersonId;
      return settle(ctx, d, record);
    },
    edit: t.edits.attendee,
    current: (d) => d.record.attendeeText,
  },
  {
    id: 'grade',
    input: 'choice',
    pending: (d) => !d.record.grade,
    ask: () => t.askGrade,
    inline: true,
    choices: () => GRADES.map((g) => ({ value: `g:${g}`, label: GRADE_NAMES[g], words: typedGrades(g) })),
    choose: (ctx, d, value) => settle(ctx, d, { ...d.record, grade: value.slice(2) as RecordDraft['grade'] }),
    read: readTyped,
    missing: () => t.missingGrade,
    edit: t.edits.grade,
  },
  {
    id: 'note',
    input: 'text',
    pending: (d, p) => !p.line && !p.asked.has('note') && d.record.note === undefined,
    ask: () => t.askNote,
    choices: () => [
      { value: 'n:skip', label: t.skip, words: ['bo qua', 'boqua', 'khong', 'ko', 'khong co', 'skip'] },
    ],
    choose: (_, d) => ({ ok: true, draft: d }),
    read: (ctx, d, text) => settle(ctx, d, { ...d.record, note: text.trim().slice(0, 500) }),
    edit: t.edits.note,
    current: (d) => d.record.note,
  },
];

async function save(ctx: CommandContext, d: HopDraft) {
  const { db, now, newId, person } = ctx;
  const r = d.record;
  const unitId = d.unitId!;
  const period = periodOf(r.heldOn!, d.weekly);
  const existing = await currentRecord(db, unitId, period);
  const revision = (existing?.revision ?? 0) + 1;
  const meeting = await meetingInSlot(db, unitId, period);
  const id = newId();
  const writes: Write[] = [
    // Two confirmations at the same moment must not both become revision N.
    markProcessed(db, `meeting-record:${unitId}:${period}:${revision}`, now),
    db
      .update(meetingRecords)
      .set({ isCurrent: false })
      .where(
        and(
          eq(meetingRecords.unitId, unitId),
          eq(meetingRecords.period, period),
          eq(meetingRecords.isCurrent, true),
        ),
      ),
    db.insert(meetingRecords).values({
      id,
      meetingId: meeting?.id ?? null,
      unitId,
      period,
      heldOn: r.heldOn!,
      present: r.present!,
      total: r.total!,
      absentExcused: r.absentExcused!,
      absentUnexcused: r.absentUnexcused!,
      kind: r.kind ?? 'regular',
      topic: r.topic ?? null,
      attendeeText: r.attendeeText ?? null,
      attendeePersonId: r.attendeePersonId ?? null,
      grade: r.grade ?? null,
      note: r.note ?? null,
      revision,
      isCurrent: true,
      recordedBy: person!.id,
      recordedAt: now.getTime(),
    }),
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: revision > 1 ? 'correct_meeting_record' : 'record_meeting',
        entity: 'meeting_record',
        entityId: id,
        detail: { unitId, period, revision },
      },
      now,
    ),
  ];
  // A recorded meeting needs no more reminders, nor the "did it take place?" question.
  if (meeting)
    writes.push(
      db
        .update(meetings)
        .set({ status: 'held', nextReminderAt: null, updatedAt: now.getTime() })
        .where(eq(meetings.id, meeting.id)),
    );
  const saved = d.weekly ? t.savedWeek : t.saved;
  return { replies: [{ text: saved(d.unitName!, periodText(period), revision) }], writes, flow: null };
}

const spec: FlowSpec<HopDraft> = {
  kind: 'hop',
  steps,
  async guard(ctx, d) {
    // The person may have lost the role since the flow began.
    if (d.unitId && !(await myCells(ctx)).some((c) => c.id === d.unitId)) return t.cellGone;
    return null;
  },
  async readBack(ctx, d) {
    const r = d.record;
    const period = periodOf(r.heldOn!, d.weekly);
    const existing = await currentRecord(ctx.db, d.unitId!, period);
    const { warnings } = check(ctx, d, r);
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
  },
  saveLabel: t.save,
  fix: readTyped,
  async check(ctx, d) {
    const { errors } = check(ctx, d, d.record);
    return errors.length > 0 ? problemsText(errors.map(problemText)) : null;
  },
  save,
  entered: (d) => Object.keys(d.record).length > 0,
  isEntry(ctx, args) {
    if (/^sua\b/.test(fold(args))) return true;
    const line = parseRecordLine(args, ctx.now, ctx.config.TIMEZONE);
    return line.problems.length === 0 && Object.keys(line.draft).length >= 2;
  },
  texts: { kept: t.hopKept, resumed: t.hopResumed, replaced: t.hopReplaced },
};

/** `hop sua [11/2026]`: the current record of that month (or the latest) read back for changes. */
async function startFix(ctx: CommandContext, cell: Cell, rest: string) {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(rest);
  if (rest.trim() && !m) return reply(t.badFixMonth);
  const period = m ? `${m[2]}-${m[1]!.padStart(2, '0')}` : null;
  const rec = period ? await currentRecord(ctx.db, cell.id, period) : await latestRecord(ctx.db, cell.id);
  if (!rec)
    return reply(
      t.noRecordToFix(
        period ? monthText(period) : localParts(ctx.now, ctx.config.TIMEZONE).isoDate.slice(5, 7),
      ),
    );
  const record: RecordDraft = {
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
  return begin(spec, ctx, await unitDraft(ctx, cell, record), { line: true });
}

export default flowCommand(spec, {
  name: 'hop',
  aliases: ['hop', 'meeting', 'bien ban', 'bienban', 'ghi hop', 'hop chi bo', 'hopchibo', 'ghi bien ban'],
  access: ['secretary', 'deputy'],
  summary: 'Ghi biên bản buổi họp chi bộ đã diễn ra (một dòng hoặc từng bước)',
  example: 'hop 5/12 co mat 23/27 vang co ly do 3 vang khong ly do 1 chuyen de chuyen doi so xep loai tot',
  inGroup: 'private',
  async run(ctx) {
    const cells = await myCells(ctx);
    if (cells.length === 0) return reply(t.hopNoCells);
    const named = cellInArgs(cells, ctx.args);
    const args = named.args.trim();
    const cell = named.cells.length === 1 ? named.cells[0] : undefined;
    if (/^sua\b/.test(fold(args))) {
      if (!cell) return reply(t.pickCellForFix(cells.map((c) => c.code).join(', ')));
      return startFix(ctx, cell, args.replace(/^\S+\s*/, ''));
    }
    const line = parseRecordLine(args, ctx.now, ctx.config.TIMEZONE);
    const lead = line.hints.map((h) => t.memberGrade(h.text));
    let draft: HopDraft = { record: line.draft };
    if (cell) draft = await unitDraft(ctx, cell, line.draft);
    const errors = [...line.problems, ...check(ctx, draft, draft.record).errors];
    // Every problem of the line in one reply; nothing is kept from a line that could not be read.
    if (errors.length > 0) return reply(problemsText(errors.map(problemText)));
    return begin(spec, ctx, draft, { line: args !== '', lead });
  },
});
