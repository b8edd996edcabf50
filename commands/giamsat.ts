/**
 * `/giamsat`: a supervisor records a visit to a cell meeting, in one line (`giamsat KP3 5/12 ghi
 * chú: … xếp loại khá`, the cell also by name: `giam sat dong tam hom qua …`) or step by step, read
 * back before saving, with an optional shared location on Telegram afterwards. `giamsat xem` and
 * `giamsat phamvi` are in visit-views.ts.
 */
import type { RoleAt } from '../db/repo/people';
import { allUnits, type Unit, unitById } from '../db/repo/units';
import type { Grade } from '../db/schema';
import { flowCommand } from '../src/bot/flow/command';
import { begin, type FlowSpec, type Reading, type Step } from '../src/bot/flow/engine';
import { canAccess } from '../src/bot/scope';
import { findUnitInScope } from '../src/bot/unit-lookup';
import { nameKeys, unitAtStart } from '../src/bot/unit-words';
import {
  cellsOf,
  isAssigned,
  unassignedQuestion,
  wasEverAssigned,
} from '../src/domain/supervision/assignments';
import {
  MAX_VISIT_NOTES,
  parseGradeWord,
  parseNotes,
  parseVisitDetails,
  parseVisitLine,
} from '../src/domain/supervision/parse';
import {
  insertVisit,
  meetingForVisit,
  setVisitLocation,
  visitMatchLine,
  visitOn,
} from '../src/domain/supervision/visits';
import { parseDateVi } from '../src/domain/time/parse-date';
import { formatDateInput, localParts } from '../src/domain/time/zone';
import { shortDate, yesterday } from '../src/meetings/record-flow';
import { supervision as t } from '../src/messages/vi';
import { overLimit } from '../src/text/length';
import { fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, type FlowInput, reply } from './define';
import { cellLabel, coverage, mine } from './visit-views';

interface VisitDraft {
  unitId?: string;
  date?: string;
  notes?: string | null;
  grade?: Grade | null;
}

const today = (ctx: CommandContext) => localParts(ctx.now, ctx.config.TIMEZONE).isoDate;

/** Units the supervisor may name: the assigned cells and any unit in their scope. */
async function visible(ctx: CommandContext): Promise<Unit[]> {
  const roles: RoleAt[] = ctx.person!.roles;
  const assigned = new Set((await cellsOf(ctx.db, ctx.person!.id, today(ctx))).map((c) => c.unitId));
  return (await allUnits(ctx.db)).filter((u) => assigned.has(u.id) || canAccess(roles, u.path));
}

/** A cell by its code, if the supervisor may see it (in scope, or assigned to it at some time). */
const byCode = (ctx: CommandContext, code: string) =>
  findUnitInScope(ctx.db, code, ctx.person!.roles, undefined, (u) =>
    wasEverAssigned(ctx.db, ctx.person!.id, u.id),
  );

/** The cell, the day and no visit yet: what must hold before anything is saved. */
async function checkVisit(ctx: CommandContext, d: VisitDraft): Promise<string | null> {
  const long = overLimit(d.notes ?? undefined, MAX_VISIT_NOTES);
  if (long !== null) return t.notesTooLong(long, MAX_VISIT_NOTES);
  if (!d.unitId) return null;
  const unit = await unitById(ctx.db, d.unitId);
  if (!unit) return t.notSaved;
  if (!d.date) return null;
  // The scope before the day: a cell out of reach is refused whatever the date.
  const assigned = await isAssigned(ctx.db, ctx.person!.id, unit.id, d.date);
  if (!assigned && !canAccess(ctx.person!.roles, unit.path)) return t.visitOutOfScope(unit.name);
  if (d.date > today(ctx)) return t.futureDate(formatDateInput(d.date));
  if (await visitOn(ctx.db, ctx.person!.id, unit.id, d.date))
    return t.alreadyVisited(cellLabel(unit), formatDateInput(d.date));
  return null;
}

async function settle(ctx: CommandContext, d: VisitDraft): Promise<Reading<VisitDraft>> {
  const problem = await checkVisit(ctx, d);
  return problem ? { ok: false, problem } : { ok: true, draft: d };
}

/** Notes and grade typed as an answer or a correction: "Khá", "nội dung tốt, xếp loại khá". */
function notesOf(text: string): Pick<VisitDraft, 'notes' | 'grade'> {
  const grade = parseGradeWord(text);
  const parsed = grade ? { grade } : parseNotes(text);
  return { notes: parsed.notes ?? null, grade: parsed.grade ?? null };
}

const steps: Step<VisitDraft>[] = [
  {
    id: 'cell',
    input: 'choice',
    pending: (d) => !d.unitId,
    ask: () => t.askCell,
    choices: async (ctx) =>
      (await cellsOf(ctx.db, ctx.person!.id, today(ctx))).map((c) => ({
        value: `u:${c.unitId}`,
        label: cellLabel(c),
        words: [fold(c.code), ...nameKeys(c)],
      })),
    choose: (ctx, d, value) => settle(ctx, { ...d, unitId: value.slice(2) }),
    async read(ctx, d, text) {
      const named = unitAtStart(await visible(ctx), text);
      if (named?.units.length === 1) return settle(ctx, { ...d, unitId: named.units[0]!.id });
      const word = text.trim().split(' ')[0] ?? '';
      const found = await byCode(ctx, word);
      if (found.unit) return settle(ctx, { ...d, unitId: found.unit.id });
      return {
        ok: false,
        problem: t.unitUnknown(word.toUpperCase(), found.hints.join(', ')),
        unanswered: true,
      };
    },
  },
  {
    id: 'date',
    input: 'value',
    pending: (d) => !d.date,
    ask: (ctx) => t.askDate(shortDate(yesterday(ctx))),
    hint: t.needDate,
    read(ctx, d, text) {
      const r = parseDateVi(text, ctx.now, ctx.config.TIMEZONE, { prefer: 'past' });
      if (r.ok) return settle(ctx, { ...d, date: r.date });
      if (r.reason === 'no_such_day') return { ok: false, problem: t.noSuchDay };
      return null;
    },
    edit: t.edits.date,
  },
  {
    id: 'notes',
    input: 'text',
    pending: (d, p) => d.notes === undefined && d.grade === undefined && !p.asked.has('notes'),
    ask: () => t.askNotes,
    choices: () => [{ value: 'n:skip', label: t.skip, words: ['bo qua', 'boqua', 'khong', 'ko', 'skip'] }],
    choose: (_, d) => ({ ok: true, draft: { ...d, notes: null, grade: null } }),
    read: (ctx, d, text) => settle(ctx, { ...d, ...notesOf(text) }),
    edit: t.edits.notes,
    current: (d) => [d.notes, d.grade ? t.gradeName(d.grade) : null].filter(Boolean).join('; ') || undefined,
  },
];

async function save(ctx: CommandContext, d: VisitDraft): Promise<CommandResult> {
  const { db, now, config, person, newId } = ctx;
  const tz = config.TIMEZONE;
  const unit = (await unitById(db, d.unitId!))!;
  const assigned = await isAssigned(db, person!.id, unit.id, d.date!);
  const match = await meetingForVisit(db, unit.id, d.date!, tz);
  const id = newId();
  const write = insertVisit(
    db,
    {
      id,
      personId: person!.id,
      unitId: unit.id,
      visitedOn: d.date!,
      meetingId: match?.meetingId ?? null,
      notes: d.notes ?? null,
      grade: d.grade ?? null,
      unassigned: !assigned,
      latitude: null,
      longitude: null,
    },
    now,
  );
  const lines = [t.visitSaved(cellLabel(unit), formatDateInput(d.date!)), visitMatchLine(match, tz)];
  if (d.notes) lines.push(t.savedNotes(d.notes));
  if (d.grade) lines.push(t.savedGrade(t.gradeName(d.grade)));
  if (!assigned) lines.push(t.flaggedUnassigned);
  // Only Telegram lets a person share a location in the chat; elsewhere the flow ends here.
  if (ctx.msg.platform !== 'telegram')
    return { replies: [{ text: lines.join('\n') }], writes: [write], flow: null };
  lines.push(t.askLocation);
  return {
    replies: [{ text: lines.join('\n') }],
    writes: [write],
    flow: { kind: 'giamsat', step: 'location', data: { visitId: id } },
  };
}

const spec: FlowSpec<VisitDraft> = {
  kind: 'giamsat',
  steps,
  async readBack(ctx, d) {
    const unit = (await unitById(ctx.db, d.unitId!))!;
    const tz = ctx.config.TIMEZONE;
    const assigned = await isAssigned(ctx.db, ctx.person!.id, unit.id, d.date!);
    const lines = [
      t.readBack(cellLabel(unit), formatDateInput(d.date!)),
      visitMatchLine(await meetingForVisit(ctx.db, unit.id, d.date!, tz), tz),
      t.savedNotes(d.notes || t.none),
      t.savedGrade(d.grade ? t.gradeName(d.grade) : t.none),
    ];
    // Outside one's assignments: said with the reason (not yet, no longer, never) before saving.
    if (!assigned)
      lines.push(
        await unassignedQuestion(ctx.db, ctx.person!.id, { id: unit.id, label: cellLabel(unit) }, d.date!),
      );
    return { text: lines.join('\n'), hint: t.confirmHint };
  },
  saveLabel: t.save,
  async fix(ctx, d, text) {
    const v = parseVisitDetails(text, ctx.now, ctx.config.TIMEZONE);
    if (v.dateError) return { ok: false, problem: t.noSuchDay };
    // New notes only when named as such: any other words at the read-back may be a command.
    const notes = /^(?:nhan xet|ghi chu)\b/.test(fold(text)) ? v.notes : undefined;
    if (!v.date && !v.grade && notes === undefined) return null;
    const next: VisitDraft = { ...d };
    if (v.date) next.date = v.date;
    if (v.grade) next.grade = v.grade;
    if (notes !== undefined) next.notes = notes;
    return settle(ctx, next);
  },
  check: checkVisit,
  save,
  entered: (d) => !!(d.unitId || d.date || d.notes || d.grade),
  texts: { kept: t.visitKept, resumed: t.visitResumed, replaced: t.visitReplaced },
};

/** After the visit is saved (Telegram): a shared place is kept with it; anything else ends it. */
async function afterSave(ctx: CommandContext, input: FlowInput) {
  const visitId = String(ctx.flow!.data.visitId ?? '');
  if (input.kind === 'location')
    return {
      replies: [{ text: t.locationSaved }],
      writes: [setVisitLocation(ctx.db, visitId, input.latitude, input.longitude)],
      flow: null,
    };
  const skipped: CommandResult = { replies: [{ text: t.locationSkipped }], flow: null };
  if (input.kind === 'text' && /^(xong|khong|ko|bo qua|thoi|ok|khong gui|huy)$/.test(fold(input.text)))
    return skipped;
  // Perhaps another command: the pipeline runs it if it is one.
  return { unanswered: skipped };
}

async function start(ctx: CommandContext): Promise<CommandResult> {
  const units = await visible(ctx);
  const named = unitAtStart(units, ctx.args);
  let d: VisitDraft = {};
  let rest = ctx.args;
  if (named) {
    // Several cells of that name: the cell is asked, the rest of the line kept.
    if (named.units.length === 1) d.unitId = named.units[0]!.id;
    rest = named.rest;
  } else {
    const code = parseVisitLine(ctx.args, ctx.now, ctx.config.TIMEZONE).code;
    if (code) {
      // A cell outside one's scope and assignments reads as unknown, never by its name.
      const found = await byCode(ctx, code);
      if (!found.unit) return reply(t.unitUnknown(code, found.hints.join(', ')));
      d.unitId = found.unit.id;
      rest = ctx.args.trim().replace(/^\S+\s*/, '');
    }
  }
  const v = parseVisitDetails(rest, ctx.now, ctx.config.TIMEZONE);
  if (v.dateError) return reply(t.noSuchDay);
  if (v.date) d.date = v.date;
  if (v.notes !== undefined || v.grade !== undefined)
    d = { ...d, notes: v.notes ?? null, grade: v.grade ?? null };
  const problem = await checkVisit(ctx, d);
  if (problem) return { replies: [{ text: problem }], flow: null };
  return begin(spec, ctx, d, { line: ctx.args.trim() !== '' });
}

export default flowCommand(spec, {
  name: 'giamsat',
  aliases: ['giamsat', 'giam sat', 'visit', 'gs', 'giam sat chi bo', 'du sinh hoat'],
  access: ['supervisor', 'committee', 'coordinator'],
  summary: 'Ghi lần dự sinh hoạt chi bộ; xem chi bộ mình theo dõi',
  example: 'giamsat KP3 5/12 ghi chú: nội dung tốt xếp loại khá',
  inGroup: 'private',
  extra: { step: 'location', expects: 'choice', resume: afterSave },
  async run(ctx) {
    const words = ctx.args.split(' ');
    const first = fold(words[0] ?? '');
    const rest = words.slice(1).join(' ');
    if (first === 'xem') return mine(ctx);
    if (first === 'phamvi') return coverage(ctx, rest);
    if (first === 'pham' && fold(words[1] ?? '') === 'vi') return coverage(ctx, words.slice(2).join(' '));
    if (first === 'huongdan' || first === '?') return reply(t.visitUsage);
    return start(ctx);
  },
});
