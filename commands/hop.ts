/**
 * `/hop`: record a held meeting. One line fills what it can and whatever is missing is asked in one
 * question; a bare `hop` asks step by step. The kind defaults to "thường kỳ". Everything is read
 * back before saving; a second record for the same month is a correction (a new revision).
 */
import { currentRecord, latestRecord } from '../db/repo/meetings';
import { flowCommand, problemsText } from '../src/bot/flow/command';
import { begin, type FlowSpec, type Step } from '../src/bot/flow/engine';
import type { RecordDraft } from '../src/domain/meetings/record';
import { absencesOpen, absentOf, parseRecordLine } from '../src/domain/meetings/record-line';
import { formatDateInput, localParts } from '../src/domain/time/zone';
import { type Cell, cellChoices, cellInArgs, chosenCell } from '../src/meetings/cells';
import {
  attendeeChoices,
  dateQuestion,
  draftOfRecord,
  dueChoices,
  gradeChoices,
  type HopDraft,
  kindChoices,
  pickAttendee,
  readTyped,
  recordCells,
  recordErrors,
  recordReadBack,
  settle,
  shortDate,
  typedAttendee,
  unitDraft,
  yesterday,
} from '../src/meetings/record-flow';
import { saveRecord } from '../src/meetings/save-record';
import { recordProblem, meetings as t } from '../src/messages/vi/meetings';
import { fold } from '../src/text/normalize';
import { type CommandContext, reply } from './define';

const monthText = (period: string) => `${period.slice(5)}/${period.slice(0, 4)}`;

const steps: Step<HopDraft>[] = [
  {
    id: 'cell',
    input: 'choice',
    pending: (d) => !d.unitId,
    ask: () => t.pickCell,
    choices: async (ctx) => cellChoices(await recordCells(ctx)),
    async choose(ctx, d, value) {
      const cell = chosenCell(await recordCells(ctx), value);
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
    ask: dateQuestion,
    choices: dueChoices,
    choose: (ctx, d, value) => settle(ctx, d, { ...d.record, heldOn: value.slice(2) }),
    read: (ctx, d, text) => readTyped(ctx, d, text, []),
    missing: (_, ctx) => t.missingDate(shortDate(yesterday(ctx))),
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
    choices: kindChoices,
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
    read: (ctx, d, text) => settle(ctx, d, { ...d.record, topic: text.trim() }),
    missing: () => t.missingTopic,
    current: (d) => d.record.topic,
  },
  {
    id: 'attendee',
    input: 'text',
    pending: (d, p) => !p.line && !p.asked.has('attendee') && d.record.attendeeText === undefined,
    ask: () => t.askAttendee,
    choices: attendeeChoices,
    choose: pickAttendee,
    read: typedAttendee,
    edit: t.edits.attendee,
    current: (d) => d.record.attendeeText,
  },
  {
    id: 'grade',
    input: 'choice',
    pending: (d) => !d.record.grade,
    ask: () => t.askGrade,
    inline: true,
    choices: gradeChoices,
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
    read: (ctx, d, text) => settle(ctx, d, { ...d.record, note: text.trim() }),
    edit: t.edits.note,
    current: (d) => d.record.note,
  },
];

const spec: FlowSpec<HopDraft> = {
  kind: 'hop',
  steps,
  async guard(ctx, d) {
    // The person may have lost the role since the flow began.
    if (d.unitId && !(await recordCells(ctx)).some((c) => c.id === d.unitId)) return t.cellGone;
    return null;
  },
  readBack: recordReadBack,
  saveLabel: t.save,
  fix: readTyped,
  check: async (ctx, d) => recordErrors(ctx, d, d.record),
  save: saveRecord,
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
  return begin(spec, ctx, await unitDraft(ctx, cell, draftOfRecord(rec)), { line: true });
}

export default flowCommand(spec, {
  name: 'hop',
  aliases: ['hop', 'meeting', 'bien ban', 'bienban', 'ghi hop', 'hop chi bo', 'hopchibo', 'ghi bien ban'],
  access: ['secretary', 'deputy'],
  summary: 'Ghi biên bản buổi họp chi bộ đã diễn ra (một dòng hoặc từng bước)',
  example: 'hop 5/12 co mat 23/27 vang co ly do 3 vang khong ly do 1 chuyen de chuyen doi so xep loai tot',
  inGroup: 'private',
  async run(ctx) {
    const cells = await recordCells(ctx);
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
    // Every problem of the line in one reply; nothing is kept from a line that could not be read.
    const errors = line.problems.length ? problemsText(line.problems.map(recordProblem)) : null;
    const invalid = errors ?? recordErrors(ctx, draft, draft.record);
    if (invalid) return reply(invalid);
    return begin(spec, ctx, draft, { line: args !== '', lead });
  },
});
