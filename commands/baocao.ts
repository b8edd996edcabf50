/**
 * `baocao`: the monthly status report, in one message or question by question, read back before it
 * is sent; `baocao sua` corrects a sent one (every revision kept); `baocao xem` and `baocao tralai`
 * live in report-view.ts and report-return.ts. A half-written report is the flow's draft, so it
 * survives restarts and other commands; nothing reaches the reports table before "Gửi".
 */
import { audit } from '../db/repo/audit';
import { draftOf, latestReport, reportFor, saveReport } from '../db/repo/reports';
import { unitByCode, unitById } from '../db/repo/units';
import { flowCommand, problemsText } from '../src/bot/flow/command';
import { begin, type FlowSpec, type Reading, type Step } from '../src/bot/flow/engine';
import { nameKeys } from '../src/bot/unit-words';
import { applyAnswer, mayBeNone } from '../src/domain/reports/answers';
import {
  hasSection,
  isEmptyDraft,
  missingRequired,
  REQUIRED,
  type ReportDraft,
  SECTIONS,
  type Section,
  validateDraft,
} from '../src/domain/reports/draft';
import { mergeTyped, parseReport } from '../src/domain/reports/parse';
import { isLate, offeredPeriods, parsePeriod, periodLabel } from '../src/domain/reports/period';
import { monthKey, previousMonthKey } from '../src/domain/time/zone';
import { reportBody, reports, SECTION_NAMES } from '../src/messages/vi';
import { fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, reply } from './define';
import { reportCells } from './report-cells';
import { sendBack } from './report-return';
import { view } from './report-view';

interface BaocaoDraft {
  unitId?: string;
  period?: string;
  report: ReportDraft;
  /** The sent report of that cell and month, if any, has been merged under what was typed. */
  based?: boolean;
  /** Sections typed but unreadable in the one-message form: asked again first. */
  redo?: Section[];
  /** Sent in one message (the optional sections are not asked). */
  typed?: boolean;
}

const cellsOf = (ctx: CommandContext) => reportCells(ctx.person!.roles);

/**
 * Once the cell and month are known: the sent report under what was typed, and the opening line
 * when questions follow (a complete one-message report goes straight to its read-back).
 */
async function based(ctx: CommandContext, d: BaocaoDraft): Promise<{ draft: BaocaoDraft; note?: string }> {
  if (!d.unitId || !d.period || d.based) return { draft: d };
  const existing = await reportFor(ctx.db, d.unitId, d.period);
  const report = existing ? mergeTyped(draftOf(existing), d.report) : d.report;
  const draft = { ...d, report, based: true };
  const returned = existing?.status === 'returned' && existing.returnedNote;
  const questions = !d.typed || !!d.redo?.length || missingRequired(report).length > 0;
  if (!questions && !returned) return { draft };
  const unit = await unitById(ctx.db, d.unitId);
  const label = periodLabel(d.period);
  const lines = questions ? [reports.start(unit?.name ?? '', label)] : [];
  if (returned) lines.push(reports.returnedNote(existing.returnedNote!));
  else if (questions && !existing && isLate(d.period, ctx.now, ctx.config.TIMEZONE))
    lines.push(reports.lateNote(label));
  return { draft, note: lines.join('\n') };
}

async function settled(ctx: CommandContext, d: BaocaoDraft): Promise<Reading<BaocaoDraft>> {
  const { draft, note } = await based(ctx, d);
  return { ok: true, draft, note };
}

/** Words that pick a section in the read-back's edit list, besides its name. */
const EDIT_WORDS: Record<Section, string[]> = {
  security: ['an ninh', 'anninh', 'antt'],
  production: ['san xuat', 'sanxuat', 'sx', 'doi song'],
  petitions: ['kien nghi', 'kiennghi', 'kn'],
  difficulties: ['kho khan', 'khokhan', 'vuong mac'],
  proposals: ['de xuat', 'dexuat', 'de nghi'],
};

/** Sections typed with their headings ("kiến nghị 3/2 …" at another question) go where they belong. */
function headed(ctx: CommandContext, d: BaocaoDraft, text: string, asked: Section): Reading<BaocaoDraft> {
  const parsed = parseReport(text, ctx.now, ctx.config.TIMEZONE);
  if (!parsed.anySection || parsed.unknown.length > 0 || parsed.period) return null;
  const r = fixReport(d, parsed);
  const filed = SECTIONS.filter((s) => s !== asked && hasSection(parsed.draft, s));
  if (!r?.ok || filed.length === 0) return r;
  return { ...r, note: reports.filedUnder(filed.map((s) => SECTION_NAMES[s]).join(', ')) };
}

function sectionStep(section: Section): Step<BaocaoDraft> {
  const optional = !REQUIRED.includes(section);
  return {
    id: section,
    // Petitions start with counts: anything else there may be a command ("baocao sua").
    input: section === 'petitions' ? 'value' : 'text',
    pending: (d, p) =>
      !!d.redo?.includes(section) ||
      (optional
        ? !p.line && !p.asked.has(section) && !hasSection(d.report, section)
        : !hasSection(d.report, section)),
    ask: () => reports.questions[section],
    // No button on the petitions question: a typed "0" or "3" must stay a count, not a menu number.
    choices: () =>
      mayBeNone(section) && section !== 'petitions'
        ? [{ value: 'bc:none', label: reports.buttons.none, words: ['khong', 'khong co', 'ko', 'none'] }]
        : [],
    choose: (_, d) => answered(d, section, applyAnswer(d.report, section, { none: true })),
    read: (ctx, d, text) =>
      headed(ctx, d, text, section) ?? answered(d, section, applyAnswer(d.report, section, text)),
    missing: () => ({ name: SECTION_NAMES[section], example: reports.examples[section] }),
    edit: SECTION_NAMES[section],
    editWords: EDIT_WORDS[section],
    current: (d) => sectionValue(d.report, section),
  };
}

function answered(d: BaocaoDraft, section: Section, a: ReturnType<typeof applyAnswer>): Reading<BaocaoDraft> {
  if (!a.ok)
    return {
      ok: false,
      problem: reports.fieldError(section, a.error, a.length),
      unanswered: a.error === 'numbers',
    };
  return { ok: true, draft: { ...d, report: a.draft, redo: d.redo?.filter((s) => s !== section) } };
}

function sectionValue(d: ReportDraft, s: Section): string | undefined {
  if (s !== 'petitions') return d[s];
  if (d.petitionsRaised === undefined || d.petitionsResolved === undefined) return undefined;
  return `${d.petitionsRaised}/${d.petitionsResolved}${d.petitionsText ? ` ${d.petitionsText}` : ''}`;
}

/** Typed sections merged into the draft (a correction, or the answer to what was missing). */
function fixReport(d: BaocaoDraft, parsed: ReturnType<typeof parseReport>): Reading<BaocaoDraft> {
  if (!parsed.anySection) return null;
  const problems = [
    ...parsed.errors.map((e) => reports.fieldError(e.section, e.error)),
    ...(parsed.unknown.length ? [reports.unknownParts(parsed.unknown)] : []),
  ];
  if (parsed.errors.length > 0) return { ok: false, problem: problemsText(problems) };
  const report = mergeTyped(d.report, parsed.draft);
  const invalid = validateDraft(report)[0];
  if (invalid) return { ok: false, problem: reports.fieldError(invalid.section, invalid.error) };
  const typed = Object.keys(parsed.draft) as (keyof ReportDraft)[];
  const redo = d.redo?.filter(
    (s) => !typed.some((k) => k === s || (s === 'petitions' && k.startsWith('petitions'))),
  );
  return { ok: true, draft: { ...d, report, redo }, note: problems[0] };
}

const steps: Step<BaocaoDraft>[] = [
  {
    id: 'unit',
    input: 'choice',
    pending: (d) => !d.unitId,
    ask: () => reports.chooseUnit,
    choices: (ctx) =>
      cellsOf(ctx).map((c) => ({
        value: `bc:unit:${c.unitId}`,
        label: `${c.unitName} (${c.unitCode})`,
        words: [fold(c.unitCode), ...nameKeys({ code: c.unitCode, name: c.unitName })],
      })),
    choose: (ctx, d, value) => settled(ctx, { ...d, unitId: value.slice('bc:unit:'.length) }),
  },
  {
    id: 'period',
    input: 'choice',
    pending: (d) => !d.period,
    ask: () => reports.choosePeriod,
    async choices(ctx, d) {
      const tz = ctx.config.TIMEZONE;
      const previous = d.unitId
        ? await reportFor(ctx.db, d.unitId, previousMonthKey(monthKey(ctx.now, tz)))
        : undefined;
      return offeredPeriods(ctx.now, tz, !previous || previous.status === 'returned').map((p, i) => ({
        value: `bc:period:${p}`,
        label: i === 0 ? reports.buttons.missing(periodLabel(p)) : reports.buttons.period(periodLabel(p)),
      }));
    },
    choose: (ctx, d, value) => settled(ctx, { ...d, period: value.slice('bc:period:'.length) }),
    read(ctx, d, text) {
      const p = parsePeriod(text, ctx.now, ctx.config.TIMEZONE);
      if (p.ok) return settled(ctx, { ...d, period: p.period });
      if (p.reason === 'future') return { ok: false, problem: reports.periodFuture };
      return { ok: false, problem: reports.periodInvalid(text.slice(0, 20)), unanswered: true };
    },
  },
  ...SECTIONS.map(sectionStep),
];

const spec: FlowSpec<BaocaoDraft> = {
  kind: 'baocao',
  steps,
  async guard(ctx, d) {
    if (!d.unitId || cellsOf(ctx).some((c) => c.unitId === d.unitId)) return null;
    return reports.notMyCell((await unitById(ctx.db, d.unitId))?.name ?? '');
  },
  async readBack(ctx, d) {
    const unit = await unitById(ctx.db, d.unitId!);
    const existing = await reportFor(ctx.db, d.unitId!, d.period!);
    const label = periodLabel(d.period!);
    const lines = [reports.readBack(unit?.name ?? '', label, reportBody(d.report))];
    if (existing) lines.push(reports.correctionNote(existing.revision + 1));
    else if (isLate(d.period!, ctx.now, ctx.config.TIMEZONE)) lines.push(reports.lateNote(label));
    return { text: lines.join('\n'), hint: reports.confirmHint };
  },
  saveLabel: reports.buttons.send,
  fix: (ctx, d, text) => fixReport(d, parseReport(text, ctx.now, ctx.config.TIMEZONE)),
  async check(_, d) {
    const invalid = validateDraft(d.report)[0];
    if (invalid) return reports.fieldError(invalid.section, invalid.error);
    if (isEmptyDraft(d.report)) return reports.empty;
    const missing = missingRequired(d.report)[0];
    return missing ? reports.fieldError(missing, 'empty') : null;
  },
  save: submit,
  entered: (d) => Object.keys(d.report).length > 0,
  isEntry: (ctx, args) =>
    subcommand(args).sub !== null || parseReport(args, ctx.now, ctx.config.TIMEZONE).anySection,
  texts: { kept: reports.kept, resumed: reports.resumed, replaced: reports.replaced },
};

async function submit(ctx: CommandContext, d: BaocaoDraft): Promise<CommandResult> {
  const { db, now, person, newId } = ctx;
  const unit = await unitById(db, d.unitId!);
  const existing = await reportFor(db, d.unitId!, d.period!);
  const late = existing ? existing.late : isLate(d.period!, now, ctx.config.TIMEZONE);
  const label = periodLabel(d.period!);
  const writes = saveReport(
    db,
    {
      existing,
      id: newId(),
      revisionId: newId(),
      unitId: d.unitId!,
      period: d.period!,
      draft: d.report,
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
        detail: { unit: unit?.code, period: d.period, revision },
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

/** `baocao [MÃ] [tháng] [mục …]` and `baocao sua [tháng] [mục …]`. */
async function start(ctx: CommandContext, text: string, fixing: boolean): Promise<CommandResult> {
  const tz = ctx.config.TIMEZONE;
  const cells = cellsOf(ctx);
  if (cells.length === 0) return reply(reports.notSender);
  const parsed = text ? parseReport(text, ctx.now, tz) : null;
  if (parsed && !parsed.anySection && parsed.unknown.length > 0 && !parsed.period)
    return reply(reports.nothingRead);
  if (parsed?.period && !parsed.period.ok)
    return reply(
      parsed.period.reason === 'future' ? reports.periodFuture : reports.periodInvalid(text.slice(0, 20)),
    );
  if (parsed?.anySection && isEmptyDraft(parsed.draft) && parsed.errors.every((e) => e.error === 'empty'))
    return reply(reports.empty);
  const d: BaocaoDraft = { report: parsed?.draft ?? {}, typed: parsed?.anySection ?? false };
  if (parsed?.period?.ok) d.period = parsed.period.period;
  // Problems are said at once, before any question about the cell or the month.
  const lead: string[] = [];
  if (parsed?.errors.length) {
    d.redo = parsed.errors.map((e) => e.section);
    lead.push(problemsText(parsed.errors.map((e) => reports.fieldError(e.section, e.error))));
  }
  if (parsed?.unknown.length) lead.push(reports.unknownParts(parsed.unknown));
  if (parsed?.unitWord) {
    const unit = await unitByCode(ctx.db, parsed.unitWord);
    if (!unit) return reply(reports.unitUnknown(parsed.unitWord));
    if (!cells.some((c) => c.unitId === unit.id)) return reply(reports.notMyCell(unit.name));
    d.unitId = unit.id;
  } else if (cells.length === 1) d.unitId = cells[0]!.unitId;
  if (fixing && d.unitId && !d.period) {
    const latest = await latestReport(ctx.db, d.unitId);
    const unit = await unitById(ctx.db, d.unitId);
    if (!latest) return reply(reports.noReportAtAll(unit?.name ?? ''));
    d.period = latest.period;
  }
  if (!d.period && d.unitId) {
    const offered = (await steps[1]!.choices!(ctx, d)).map((c) => c.value.slice('bc:period:'.length));
    if (offered.length === 1) d.period = offered[0];
  }
  const typed = parsed?.anySection ?? false;
  if (d.unitId && d.period) {
    const existing = await reportFor(ctx.db, d.unitId, d.period);
    if (fixing && !existing) return reply(reports.noReportToFix(periodLabel(d.period)));
    const base = await based(ctx, d);
    // A sent report taken up without new content: shown, then "which part?".
    if (existing && !typed && !d.redo)
      return begin(spec, ctx, base.draft, {
        line: true,
        atEdit: true,
        lead: [...lead, base.note ?? '', reportBody(base.draft.report)],
      });
    return begin(spec, ctx, base.draft, { line: typed || !!existing, lead: [...lead, base.note ?? ''] });
  }
  return begin(spec, ctx, d, { line: typed, lead });
}

/** Sub-command words, folded: `xem`, `sua`, `tralai` / `tra lai`. */
function subcommand(args: string): { sub: 'view' | 'fix' | 'return' | null; rest: string } {
  const words = args.split(' ');
  const w0 = fold(words[0] ?? '');
  const rest = (n: number) => words.slice(n).join(' ').trim();
  if (['xem', 'view', 'show'].includes(w0)) return { sub: 'view', rest: rest(1) };
  if (['sua', 'edit', 'correct', 'fix'].includes(w0)) return { sub: 'fix', rest: rest(1) };
  if (['tralai', 'return', 'traloi'].includes(w0)) return { sub: 'return', rest: rest(1) };
  if (`${w0} ${fold(words[1] ?? '')}` === 'tra lai') return { sub: 'return', rest: rest(2) };
  return { sub: null, rest: args };
}

export default flowCommand(spec, {
  name: 'baocao',
  aliases: ['baocao', 'bao cao', 'report', 'bc'],
  access: ['secretary', 'deputy', 'coordinator', 'committee', 'supervisor'],
  summary: 'Gửi, xem hoặc sửa báo cáo tháng của chi bộ',
  example: 'baocao thang 11 an ninh ổn định, sản xuất lúa đạt, kiến nghị 3 đã giải quyết 2, đề xuất hỗ trợ',
  inGroup: 'private',
  async run(ctx) {
    const { sub, rest } = subcommand(ctx.args.trim());
    if (sub === 'view') return view(ctx, rest);
    if (sub === 'return') return sendBack(ctx, rest);
    // The report keeps its lines: each line may be a section.
    const lines = sub ? ctx.lines.replace(/^\S+\s*/, '') : ctx.lines;
    return start(ctx, lines.trim(), sub === 'fix');
  },
});
