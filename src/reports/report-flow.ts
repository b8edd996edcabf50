/**
 * The monthly report being written (`baocao`): its draft with the cell and month it is for, the sent
 * report merged under it once those are known, how typed sections change it, and its read-back.
 */
import type { CommandContext } from '../../commands/define';
import { draftOf, latestReport, reportFor } from '../../db/repo/reports';
import { unitByCode, unitById } from '../../db/repo/units';
import type { Choice } from '../bot/flow/choices';
import { problemsText } from '../bot/flow/command';
import type { ReadBack, Reading } from '../bot/flow/engine';
import { canAccess } from '../bot/scope';
import type { applyAnswer } from '../domain/reports/answers';
import {
  hasSection,
  isEmptyDraft,
  missingRequired,
  type ReportDraft,
  SECTIONS,
  type Section,
  validateDraft,
} from '../domain/reports/draft';
import { mergeTyped, parseReport } from '../domain/reports/parse';
import { isLate, offeredPeriods, periodLabel } from '../domain/reports/period';
import { owesIn } from '../domain/summaries/expected';
import { monthKey, previousMonthKey } from '../domain/time/zone';
import { reportBody, reports, SECTION_NAMES } from '../messages/vi';
import { reportCells } from './cells';

export interface ReportFlow {
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

export const cellsOf = (ctx: CommandContext) => reportCells(ctx.person!.roles);

/**
 * Once the cell and month are known: the sent report under what was typed, and the opening line
 * when questions follow (a complete one-message report goes straight to its read-back).
 */
export async function based(
  ctx: CommandContext,
  d: ReportFlow,
): Promise<{ draft: ReportFlow; note?: string }> {
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

export async function settled(ctx: CommandContext, d: ReportFlow): Promise<Reading<ReportFlow>> {
  // The cell chosen, a single month to offer is taken, as when the cell was known from the start.
  if (d.unitId && !d.period) {
    const offered = await periodChoices(ctx, d);
    if (offered.length === 1) d = { ...d, period: offered[0]!.value.slice('bc:period:'.length) };
  }
  const { draft, note } = await based(ctx, d);
  return { ok: true, draft, note };
}

/** Words that pick a section in the read-back's edit list, besides its name. */
export const EDIT_WORDS: Record<Section, string[]> = {
  security: ['an ninh', 'anninh', 'antt'],
  production: ['san xuat', 'sanxuat', 'sx', 'doi song'],
  petitions: ['kien nghi', 'kiennghi', 'kn'],
  difficulties: ['kho khan', 'khokhan', 'vuong mac'],
  proposals: ['de xuat', 'dexuat', 'de nghi'],
};

/** Sections typed with their headings ("kiến nghị 3/2 …" at another question) go where they belong. */
export function headed(
  ctx: CommandContext,
  d: ReportFlow,
  text: string,
  asked: Section,
): Reading<ReportFlow> {
  const parsed = parseReport(text, ctx.now, ctx.config.TIMEZONE);
  if (!parsed.anySection || parsed.unknown.length > 0 || parsed.period) return null;
  const r = fixReport(d, parsed);
  const filed = SECTIONS.filter((s) => s !== asked && hasSection(parsed.draft, s));
  if (!r?.ok || filed.length === 0) return r;
  return { ...r, note: reports.filedUnder(filed.map((s) => SECTION_NAMES[s]).join(', ')) };
}

export function answered(
  d: ReportFlow,
  section: Section,
  a: ReturnType<typeof applyAnswer>,
): Reading<ReportFlow> {
  if (!a.ok) return { ok: false, problem: reports.fieldError(section, a.error, a.length) };
  return { ok: true, draft: { ...d, report: a.draft, redo: d.redo?.filter((s) => s !== section) } };
}

export function sectionValue(d: ReportDraft, s: Section): string | undefined {
  if (s !== 'petitions') return d[s];
  if (d.petitionsRaised === undefined || d.petitionsResolved === undefined) return undefined;
  return `${d.petitionsRaised}/${d.petitionsResolved}${d.petitionsText ? ` ${d.petitionsText}` : ''}`;
}

/** Typed sections merged into the draft (a correction, or the answer to what was missing). */
export function fixReport(d: ReportFlow, parsed: ReturnType<typeof parseReport>): Reading<ReportFlow> {
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

/** The months to offer: this one, and after the 5th last month first while it is missing. */
export async function periodChoices(ctx: CommandContext, d: ReportFlow): Promise<Choice[]> {
  const tz = ctx.config.TIMEZONE;
  const last = previousMonthKey(monthKey(ctx.now, tz));
  const unit = d.unitId ? await unitById(ctx.db, d.unitId) : undefined;
  // Only a month the cell owed is missing (a cell that came into chibo this month owes no last month).
  const owed = !!unit && owesIn(unit, last, tz);
  const previous = owed ? await reportFor(ctx.db, unit.id, last) : undefined;
  const missing = owed && (!previous || previous.status === 'returned');
  return offeredPeriods(ctx.now, tz, missing).map((p) => ({
    value: `bc:period:${p}`,
    label: p === last ? reports.buttons.missing(periodLabel(p)) : reports.buttons.period(periodLabel(p)),
  }));
}

export async function reportReadBack(ctx: CommandContext, d: ReportFlow): Promise<ReadBack> {
  const unit = await unitById(ctx.db, d.unitId!);
  const existing = await reportFor(ctx.db, d.unitId!, d.period!);
  const label = periodLabel(d.period!);
  const lines = [reports.readBack(unit?.name ?? '', label, reportBody(d.report))];
  if (existing) lines.push(reports.correctionNote(label, existing.revision + 1));
  else if (isLate(d.period!, ctx.now, ctx.config.TIMEZONE)) lines.push(reports.lateNote(label));
  return { text: lines.join('\n'), hint: reports.confirmHint };
}

/** What must hold at the moment of sending. */
export function reportCheck(d: ReportFlow): string | null {
  const invalid = validateDraft(d.report)[0];
  if (invalid) return reports.fieldError(invalid.section, invalid.error);
  if (isEmptyDraft(d.report)) return reports.empty;
  const missing = missingRequired(d.report)[0];
  return missing ? reports.fieldError(missing, 'empty') : null;
}

export type Opening =
  | { refusal: string }
  | { draft: ReportFlow; lead: string[]; line: boolean; atEdit: boolean };

/**
 * `baocao [MÃ] [tháng] [mục …]` and `baocao sua [tháng] [mục …]` read into a draft: what was typed,
 * the cell and month when they follow, and the problems said at once, before any question.
 */
export async function openReport(ctx: CommandContext, text: string, fixing: boolean): Promise<Opening> {
  const tz = ctx.config.TIMEZONE;
  const cells = cellsOf(ctx);
  if (cells.length === 0) return { refusal: reports.notSender };
  const parsed = text ? parseReport(text, ctx.now, tz) : null;
  if (parsed && !parsed.anySection && parsed.unknown.length > 0 && !parsed.period)
    return { refusal: reports.nothingRead };
  if (parsed?.period && !parsed.period.ok)
    return {
      refusal:
        parsed.period.reason === 'future' ? reports.periodFuture : reports.periodInvalid(text.slice(0, 20)),
    };
  if (parsed?.anySection && isEmptyDraft(parsed.draft) && parsed.errors.every((e) => e.error === 'empty'))
    return { refusal: reports.empty };
  const typed = parsed?.anySection ?? false;
  const d: ReportFlow = { report: parsed?.draft ?? {}, typed };
  if (parsed?.period?.ok) d.period = parsed.period.period;
  const lead: string[] = [];
  if (parsed?.errors.length) {
    d.redo = parsed.errors.map((e) => e.section);
    lead.push(problemsText(parsed.errors.map((e) => reports.fieldError(e.section, e.error))));
  }
  if (parsed?.unknown.length) lead.push(reports.unknownParts(parsed.unknown));
  if (parsed?.unitWord) {
    const unit = await unitByCode(ctx.db, parsed.unitWord);
    const mine = unit && cells.some((c) => c.unitId === unit.id);
    // A cell the person cannot even see is unknown to them, not "not yours" (which would name it).
    if (!unit || (!mine && !canAccess(ctx.person!.roles, unit.path)))
      return { refusal: reports.unitUnknown(parsed.unitWord) };
    if (!mine) return { refusal: reports.notMyCell(unit.name) };
    d.unitId = unit.id;
  } else if (cells.length === 1) d.unitId = cells[0]!.unitId;
  if (fixing && d.unitId && !d.period) {
    const latest = await latestReport(ctx.db, d.unitId);
    if (!latest) return { refusal: reports.noReportAtAll((await unitById(ctx.db, d.unitId))?.name ?? '') };
    d.period = latest.period;
  }
  if (!d.period && d.unitId) {
    const offered = (await periodChoices(ctx, d)).map((c) => c.value.slice('bc:period:'.length));
    if (offered.length === 1) d.period = offered[0];
  }
  if (!d.unitId || !d.period) return { draft: d, lead, line: typed, atEdit: false };
  const existing = await reportFor(ctx.db, d.unitId, d.period);
  if (fixing && !existing) return { refusal: reports.noReportToFix(periodLabel(d.period)) };
  const base = await based(ctx, d);
  // A sent report taken up without new content: shown, then "which part?".
  if (existing && !typed && !d.redo)
    return {
      draft: base.draft,
      lead: [...lead, base.note ?? '', reportBody(base.draft.report)],
      line: true,
      atEdit: true,
    };
  return { draft: base.draft, lead: [...lead, base.note ?? ''], line: typed || !!existing, atEdit: false };
}
