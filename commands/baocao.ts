/**
 * `baocao`: the monthly status report. Sending (one message or step by step), viewing, correcting
 * (`baocao sua`) and sending back (`baocao tralai`, coordinators). A half-written report is the
 * flow's data, so it survives restarts; nothing reaches the reports table before the read-back is
 * confirmed.
 */
import { inArray } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import type { RoleAt } from '../db/repo/people';
import { holdersOf } from '../db/repo/people';
import {
  draftOf,
  latestReport,
  type Report,
  reportFor,
  returnReport,
  revisionsOf,
  saveReport,
} from '../db/repo/reports';
import { unitByCode, unitById } from '../db/repo/units';
import { people, type Role } from '../db/schema';
import { ask, column } from '../src/bot/flow-kit';
import { canAccess } from '../src/bot/scope';
import { findUnitInScope } from '../src/bot/unit-lookup';
import type { Button } from '../src/channels/types';
import { applyAnswer, mayBeNone } from '../src/domain/reports/answers';
import {
  FIELD_MAX,
  isEmptyDraft,
  missingRequired,
  type ReportDraft,
  SECTIONS,
  type Section,
  validateDraft,
} from '../src/domain/reports/draft';
import { matchHeading } from '../src/domain/reports/fields';
import { parseReport } from '../src/domain/reports/parse';
import { isLate, matchPeriod, offeredPeriods, parsePeriod, periodLabel } from '../src/domain/reports/period';
import { align, slice, tidyValue } from '../src/domain/reports/text';
import {
  formatDateInput,
  formatTimeVi,
  localParts,
  monthKey,
  previousMonthKey,
} from '../src/domain/time/zone';
import { common, reportBody, reports, SECTION_NAMES } from '../src/messages/vi';
import { cleanText, fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, defineCommand, type FlowInput, reply } from './define';

const KIND = 'baocao';
const SENDERS: readonly Role[] = ['secretary', 'deputy'];

type Step = 'unit' | 'period' | Section | 'confirm' | 'pick';

/** The draft kept in the flows table between messages. */
interface Data {
  intent: 'send' | 'fix';
  unitId?: string;
  period?: string;
  draft: ReportDraft;
  /** Sections still to ask, in order. */
  queue: Section[];
  /** True once the month and cell are fixed and the existing report (if any) was merged in. */
  started?: boolean;
  /** Whether the person typed any section (one-message form or `baocao sua ... kiennghi 3/3`). */
  typed?: boolean;
  /** Sections typed but unreadable in the one-message form: asked again first. */
  redo?: Section[];
}

const DATA = {
  send: 'bc:send',
  edit: 'bc:edit',
  cancel: 'bc:cancel',
  none: 'bc:none',
  unit: 'bc:unit:',
  period: 'bc:period:',
  field: 'bc:field:',
} as const;

function myCells(roles: RoleAt[]): RoleAt[] {
  const seen = new Set<string>();
  return roles.filter((r) => SENDERS.includes(r.role) && !seen.has(r.unitId) && seen.add(r.unitId));
}

function when(t: number, tz: string): string {
  const d = new Date(t);
  return `${formatTimeVi(d, tz)} ${formatDateInput(localParts(d, tz).isoDate)}`;
}

function save(data: Data, step: Step, text: string, buttons: Button[][] = [], before: string[] = []) {
  return ask(KIND, step, data as unknown as Record<string, unknown>, text, buttons, before);
}

// ---------------------------------------------------------------- steps

async function askUnit(ctx: CommandContext, data: Data, before: string[]): Promise<CommandResult> {
  const cells = myCells(ctx.person!.roles);
  const buttons = column(
    cells.map((c) => ({ label: `${c.unitName} (${c.unitCode})`, data: DATA.unit + c.unitId })),
  );
  return save(data, 'unit', reports.chooseUnit, buttons, before);
}

function askSection(data: Data, section: Section, before: string[]): CommandResult {
  const lines = [...before];
  const current = sectionValue(data.draft, section);
  if (current && data.started) lines.push(reports.currentValue(current));
  // No button on the petitions question: a typed "0" or "3" must stay a count, not a menu number.
  const buttons =
    mayBeNone(section) && section !== 'petitions' ? [[{ label: reports.buttons.none, data: DATA.none }]] : [];
  return save(data, section, reports.questions[section], buttons, lines);
}

function sectionValue(d: ReportDraft, s: Section): string | undefined {
  if (s !== 'petitions') return d[s];
  if (d.petitionsRaised === undefined || d.petitionsResolved === undefined) return undefined;
  return `${d.petitionsRaised}/${d.petitionsResolved}${d.petitionsText ? ` ${d.petitionsText}` : ''}`;
}

async function confirm(ctx: CommandContext, data: Data, before: string[]): Promise<CommandResult> {
  const unit = await unitById(ctx.db, data.unitId!);
  const existing = await reportFor(ctx.db, data.unitId!, data.period!);
  const label = periodLabel(data.period!);
  const lines = [...before, reports.readBack(unit?.name ?? '', label, reportBody(data.draft))];
  if (existing) lines.push(reports.correctionNote(existing.revision + 1));
  else if (isLate(data.period!, ctx.now, ctx.config.TIMEZONE)) lines.push(reports.lateNote(label));
  const buttons = column([
    { label: reports.buttons.send, data: DATA.send },
    { label: reports.buttons.edit, data: DATA.edit },
    { label: reports.buttons.cancel, data: DATA.cancel },
  ]);
  return save(data, 'confirm', reports.confirmAsk, buttons, lines);
}

function askPick(data: Data, before: string[]): CommandResult {
  const buttons = column(SECTIONS.map((s) => ({ label: SECTION_NAMES[s], data: DATA.field + s })));
  return save(data, 'pick', reports.pickSection, buttons, before);
}

async function next(ctx: CommandContext, data: Data, before: string[]): Promise<CommandResult> {
  const section = data.queue[0];
  if (section) return askSection(data, section, before);
  return confirm(ctx, data, before);
}

/** Fills in what is still open (cell, month), then merges the saved report and starts asking. */
async function advance(ctx: CommandContext, data: Data, before: string[]): Promise<CommandResult> {
  const { db, now } = ctx;
  const tz = ctx.config.TIMEZONE;
  if (!data.unitId) return askUnit(ctx, data, before);
  if (!data.period) {
    if (data.intent === 'fix') {
      const latest = await latestReport(db, data.unitId);
      const unit = await unitById(db, data.unitId);
      if (!latest) return { ...reply(reports.noReportAtAll(unit?.name ?? '')), flow: null };
      data.period = latest.period;
    } else {
      const previous = await reportFor(db, data.unitId, previousMonthKey(monthKey(now, tz)));
      const offered = offeredPeriods(now, tz, !previous || previous.status === 'returned');
      if (offered.length === 1) data.period = offered[0];
      else {
        const buttons = column(
          offered.map((p, i) => ({
            label: i === 0 ? reports.buttons.missing(periodLabel(p)) : reports.buttons.period(periodLabel(p)),
            data: DATA.period + p,
          })),
        );
        return save(data, 'period', reports.choosePeriod, buttons, before);
      }
    }
  }
  if (!data.started) return begin(ctx, data, before);
  return next(ctx, data, before);
}

async function begin(ctx: CommandContext, data: Data, before: string[]): Promise<CommandResult> {
  const unit = await unitById(ctx.db, data.unitId!);
  const existing = await reportFor(ctx.db, data.unitId!, data.period!);
  const label = periodLabel(data.period!);
  if (data.intent === 'fix' && !existing) return { ...reply(reports.noReportToFix(label)), flow: null };
  const lines = [...before, reports.start(unit?.name ?? '', label)];
  if (existing?.status === 'returned' && existing.returnedNote)
    lines.push(reports.returnedNote(existing.returnedNote));
  const errored = data.redo ?? [];
  delete data.redo;
  data.started = true;

  if (existing) {
    const typed = data.draft;
    data.draft = { ...draftOf(existing), ...typed };
    if (typed.petitionsRaised !== undefined && typed.petitionsText === undefined)
      delete data.draft.petitionsText;
    if (!data.typed && errored.length === 0) {
      lines.push(reportBody(data.draft), reports.sentExistingPick(label));
      return askPick(data, lines);
    }
  } else if (isLate(data.period!, ctx.now, ctx.config.TIMEZONE)) lines.push(reports.lateNote(label));

  const queue = data.typed || existing ? [...errored, ...missingRequired(data.draft)] : [...SECTIONS];
  data.queue = [...new Set(queue)];
  return next(ctx, data, lines);
}

async function submit(ctx: CommandContext, data: Data): Promise<CommandResult> {
  const { db, now, person, newId } = ctx;
  const tz = ctx.config.TIMEZONE;
  if (!myCells(person!.roles).some((c) => c.unitId === data.unitId)) {
    const unit = await unitById(db, data.unitId!);
    return { ...reply(reports.notMyCell(unit?.name ?? '')), flow: null };
  }
  const invalid = validateDraft(data.draft)[0];
  if (invalid) {
    data.queue = [invalid.section];
    return next(ctx, data, [reports.fieldError(invalid.section, invalid.error)]);
  }
  if (isEmptyDraft(data.draft)) return save(data, 'confirm', reports.empty, [], []);
  const missing = missingRequired(data.draft);
  if (missing.length > 0) {
    data.queue = missing;
    return next(ctx, data, []);
  }
  const unit = await unitById(db, data.unitId!);
  const existing = await reportFor(db, data.unitId!, data.period!);
  const late = existing ? existing.late : isLate(data.period!, now, tz);
  const label = periodLabel(data.period!);
  const writes = saveReport(
    db,
    {
      existing,
      id: newId(),
      revisionId: newId(),
      unitId: data.unitId!,
      period: data.period!,
      draft: data.draft,
      by: person!.id,
      late,
    },
    now,
  );
  const revision = (existing?.revision ?? 0) + 1;
  writes.push(
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: existing ? 'correct_report' : 'submit_report',
        entity: 'report',
        entityId: existing?.id ?? null,
        detail: { unit: unit?.code, period: data.period, revision },
      },
      now,
    ),
  );
  const texts = [existing ? reports.savedCorrection(label, revision) : reports.saved(label, late)];
  const notify = [];
  if (existing?.status === 'returned' && existing.returnedBy) {
    texts.push(reports.savedResent(label));
    notify.push({
      personId: existing.returnedBy,
      message: { text: reports.resentToCoordinator(unit?.name ?? '', unit?.code ?? '', label, revision) },
    });
  }
  return { replies: [{ text: texts.join('\n') }], writes, flow: null, notify };
}

// ---------------------------------------------------------------- entry points

async function startSend(ctx: CommandContext, args: string, intent: Data['intent']): Promise<CommandResult> {
  const tz = ctx.config.TIMEZONE;
  const cells = myCells(ctx.person!.roles);
  if (cells.length === 0) return reply(reports.notSender);
  const parsed = args ? parseReport(args, ctx.now, tz) : null;
  if (parsed && !parsed.anySection && parsed.unknown.length > 0) return reply(reports.nothingRead);
  if (parsed?.period && !parsed.period.ok)
    return reply(
      parsed.period.reason === 'future' ? reports.periodFuture : reports.periodInvalid(args.slice(0, 20)),
    );
  if (parsed?.anySection && isEmptyDraft(parsed.draft) && parsed.errors.every((e) => e.error === 'empty'))
    return reply(reports.empty);
  const data: Data = { intent, draft: parsed?.draft ?? {}, queue: [], typed: parsed?.anySection ?? false };
  if (parsed?.period?.ok) data.period = parsed.period.period;
  // Problems are said at once, before any question about the cell or the month.
  const before: string[] = [];
  if (parsed?.errors.length) {
    data.redo = parsed.errors.map((e) => e.section);
    before.push(...parsed.errors.map((e) => reports.fieldError(e.section, e.error)));
  }
  if (parsed?.unknown.length) before.push(reports.unknownParts(parsed.unknown));
  if (parsed?.unitWord) {
    const unit = await unitByCode(ctx.db, parsed.unitWord);
    const mine = unit && cells.some((c) => c.unitId === unit.id);
    // A cell the person cannot even see is unknown to them, not "not yours" (which would name it).
    if (!unit || (!mine && !canAccess(ctx.person!.roles, unit.path)))
      return reply(reports.unitUnknown(parsed.unitWord));
    if (!mine) return reply(reports.notMyCell(unit.name));
    data.unitId = unit.id;
  } else if (cells.length === 1) data.unitId = cells[0]!.unitId;
  return advance(ctx, data, before);
}

async function resumePrompt(ctx: CommandContext): Promise<CommandResult> {
  const data = ctx.flow!.data as unknown as Data;
  const lead = data.period ? [reports.resumeDraft(periodLabel(data.period))] : [];
  return reask(ctx, data, ctx.flow!.step as Step, lead);
}

async function reask(ctx: CommandContext, data: Data, step: Step, before: string[]): Promise<CommandResult> {
  if (step === 'confirm') return confirm(ctx, data, before);
  if (step === 'pick') return askPick(data, before);
  if (step === 'unit' || step === 'period') {
    if (step === 'unit') delete data.unitId;
    else delete data.period;
    return advance(ctx, data, before);
  }
  return askSection(data, step, before);
}

async function view(ctx: CommandContext, rest: string): Promise<CommandResult> {
  const { db, person, now } = ctx;
  const tz = ctx.config.TIMEZONE;
  // "baocao xem 11/2026" names a month; "baocao xem KP3 11/2026" a cell first.
  const whole = rest ? parsePeriod(rest, now, tz) : null;
  let named: Awaited<ReturnType<typeof unitByCode>>;
  let periodText = rest;
  if (rest && whole && !whole.ok && whole.reason === 'invalid') {
    const first = rest.split(' ')[0]!;
    const found = await findUnitInScope(db, first, person!.roles);
    named = found.unit ?? undefined;
    if (!named) {
      const hints = found.hints ?? [];
      return reply(
        `${reports.unitUnknown(first)}${hints.length ? ` (${hints.join(', ')})` : ''}`,
        reports.viewUsage,
      );
    }
    periodText = rest.slice(first.length).trim();
  }
  let period: string | undefined;
  if (periodText) {
    const p = parsePeriod(periodText, now, tz);
    if (!p.ok)
      return reply(
        p.reason === 'future' ? reports.periodFuture : reports.periodInvalid(periodText.slice(0, 20)),
      );
    period = p.period;
  }
  let unitIds: string[];
  if (named) {
    unitIds = [named.id];
  } else {
    const cells = myCells(person!.roles);
    if (cells.length === 0) return reply(reports.viewUsage);
    unitIds = cells.map((c) => c.unitId);
  }
  const texts: string[] = [];
  for (const id of unitIds) {
    const unit = await unitById(db, id);
    const name = unit?.name ?? '';
    const report = period ? await reportFor(db, id, period) : await latestReport(db, id);
    if (!report) {
      texts.push(period ? reports.viewNone(name, periodLabel(period)) : reports.noReportAtAll(name));
      continue;
    }
    texts.push(await renderReport(ctx, name, report, tz));
  }
  return { replies: texts.map((text) => ({ text })) };
}

async function renderReport(ctx: CommandContext, unitName: string, r: Report, tz: string): Promise<string> {
  const revs = await revisionsOf(ctx.db, r.id);
  const ids = [...new Set([...revs.map((x) => x.by), r.returnedBy].filter((x): x is string => !!x))];
  const names = new Map(
    ids.length
      ? (
          await ctx.db
            .select({ id: people.id, name: people.name })
            .from(people)
            .where(inArray(people.id, ids))
            .all()
        ).map((p) => [p.id, p.name])
      : [],
  );
  const lines = [reports.viewHeader(unitName, periodLabel(r.period))];
  lines.push(
    r.status === 'returned'
      ? reports.viewStatusReturned(
          r.returnedNote ?? '',
          names.get(r.returnedBy ?? '') ?? '?',
          when(r.returnedAt ?? 0, tz),
        )
      : reports.viewStatusSubmitted(r.late),
  );
  lines.push(reportBody(draftOf(r)));
  for (const x of revs) lines.push(reports.viewRevision(x.revision, when(x.at, tz), names.get(x.by) ?? '?'));
  return lines.join('\n');
}

async function sendBack(ctx: CommandContext, rest: string): Promise<CommandResult> {
  const { db, person, now, newId } = ctx;
  const tz = ctx.config.TIMEZONE;
  const code = rest.split(' ')[0] ?? '';
  if (!code) return reply(reports.returnUsage);
  // Visible through any role: a committee member is told the coordinators do this; anyone else
  // is told the code is unknown, as for a code that does not exist.
  const { unit, hints } = await findUnitInScope(db, code, person!.roles);
  if (!unit) return reply(`${reports.unitUnknown(code)}${hints.length ? ` (${hints.join(', ')})` : ''}`);
  if (!canAccess(person!.roles, unit.path, ['coordinator']))
    return reply(reports.returnNotAllowed(unit.name));
  const after = align(rest.slice(code.length).trim());
  const m = matchPeriod(after.folded, now, tz);
  if (!m) return reply(reports.returnUsage);
  if (!m.result.ok) return reply(m.result.reason === 'future' ? reports.periodFuture : reports.returnUsage);
  const period = m.result.period;
  const label = periodLabel(period);
  const note = tidyValue(cleanText(slice(after, m.length)));
  if (!note) return reply(reports.returnNoNote);
  if (note.length > FIELD_MAX) return reply(reports.returnNoteTooLong);
  const report = await reportFor(db, unit.id, period);
  if (!report) return reply(reports.returnNothing(unit.name, label));
  if (report.status === 'returned') return reply(reports.returnAlready(unit.name, label));
  const secretaries = await holdersOf(db, unit.id, ['secretary', 'deputy'], now);
  const to = new Set(secretaries.map((p) => p.id));
  to.add(report.submittedBy);
  to.delete(person!.id);
  return {
    replies: [{ text: reports.returnDone(unit.name, label, to.size) }],
    writes: [
      returnReport(db, report, note, person!.id, now),
      audit(
        db,
        newId(),
        {
          actorPersonId: person!.id,
          via: 'bot',
          action: 'return_report',
          entity: 'report',
          entityId: report.id,
          detail: { unit: unit.code, period, note },
        },
        now,
      ),
    ],
    notify: [...to].map((personId) => ({
      personId,
      message: { text: reports.returnedToSecretary(unit.name, label, note, person!.name) },
    })),
  };
}

/** Sub-command words, folded: `xem`, `sua`, `tralai` / `tra lai`. */
function subcommand(args: string): { sub: 'view' | 'fix' | 'return' | null; rest: string } {
  const words = args.split(' ');
  const w0 = fold(words[0] ?? '');
  const w01 = `${w0} ${fold(words[1] ?? '')}`;
  if (['xem', 'view', 'show'].includes(w0)) return { sub: 'view', rest: words.slice(1).join(' ') };
  if (['sua', 'edit', 'correct', 'fix'].includes(w0)) return { sub: 'fix', rest: words.slice(1).join(' ') };
  if (['tralai', 'return', 'traloi'].includes(w0)) return { sub: 'return', rest: words.slice(1).join(' ') };
  if (w01 === 'tra lai') return { sub: 'return', rest: words.slice(2).join(' ') };
  return { sub: null, rest: args };
}

const YES = new Set(['gui', 'gui di', 'ok', 'dong y', 'co', 'yes', 'send', 'gui bao cao']);
const EDIT = new Set(['sua', 'sua mot muc', 'edit']);

export default defineCommand({
  name: 'baocao',
  aliases: ['baocao', 'bao cao', 'report'],
  access: ['secretary', 'deputy', 'coordinator', 'committee', 'supervisor'],
  summary: 'Gửi, xem hoặc sửa báo cáo tháng của chi bộ',
  example: 'baocao thang 11: anninh ổn định; sanxuat lúa đạt; kiennghi 3/2 đường xuống cấp; dexuat hỗ trợ',
  inGroup: 'private',
  async run(ctx) {
    const args = ctx.args.trim();
    const { sub, rest } = subcommand(args);
    if (sub === 'view') return view(ctx, rest.trim());
    if (sub === 'return') return sendBack(ctx, rest.trim());
    if (sub === 'fix') return startSend(ctx, rest.trim(), 'fix');
    if (!args && ctx.flow?.kind === KIND) return resumePrompt(ctx);
    return startSend(ctx, args, 'send');
  },
  async resume(ctx, input: FlowInput) {
    const flow = ctx.flow!;
    const data = flow.data as unknown as Data;
    const step = flow.step as Step;
    const choice = input.kind === 'choice' ? input.value : null;
    const text = input.kind === 'text' ? cleanText(input.text) : null;
    if (choice === DATA.cancel) return { replies: [{ text: common.cancelled }], flow: null };
    const tz = ctx.config.TIMEZONE;

    if (step === 'unit') {
      const cells = myCells(ctx.person!.roles);
      const picked = choice?.startsWith(DATA.unit)
        ? cells.find((c) => DATA.unit + c.unitId === choice)
        : text
          ? cells.find((c) => fold(c.unitCode) === fold(text) || fold(c.unitName) === fold(text))
          : undefined;
      if (!picked) return askUnit(ctx, data, text ? [reports.unitUnknown(text.slice(0, 30))] : []);
      data.unitId = picked.unitId;
      return advance(ctx, data, []);
    }
    if (step === 'period') {
      if (choice?.startsWith(DATA.period)) data.period = choice.slice(DATA.period.length);
      else if (text) {
        const p = parsePeriod(text, ctx.now, tz);
        if (!p.ok)
          return reask(ctx, data, step, [
            p.reason === 'future' ? reports.periodFuture : reports.periodInvalid(text.slice(0, 20)),
          ]);
        data.period = p.period;
      }
      return advance(ctx, data, []);
    }
    if (step === 'confirm') {
      const word = text ? fold(text).replace(/[.!]+$/, '') : null;
      if (choice === DATA.send || (word && YES.has(word))) return submit(ctx, data);
      if (choice === DATA.edit || (word && EDIT.has(word))) return askPick(data, []);
      if (word && ['huy', 'thoi', 'khong'].includes(word))
        return { replies: [{ text: common.cancelled }], flow: null };
      return confirm(ctx, data, [reports.confirmHint]);
    }
    if (step === 'pick') {
      const section = choice?.startsWith(DATA.field)
        ? (choice.slice(DATA.field.length) as Section)
        : text
          ? matchHeading(fold(text))?.section
          : undefined;
      if (!section || !SECTIONS.includes(section)) return askPick(data, []);
      data.queue = [section];
      return askSection(data, section, []);
    }
    // A section question.
    const answer =
      choice === DATA.none && mayBeNone(step)
        ? applyAnswer(data.draft, step, { none: true })
        : text !== null
          ? applyAnswer(data.draft, step, text)
          : null;
    if (!answer) return askSection(data, step, []);
    if (!answer.ok) return askSection(data, step, [reports.fieldError(step, answer.error, answer.length)]);
    data.draft = answer.draft;
    data.queue = data.queue.filter((s) => s !== step);
    return next(ctx, data, []);
  },
});
