/**
 * `/giamsat`: a supervisor records a visit to a cell meeting (one line or step by step, with an
 * optional shared location on Telegram); `giamsat xem` lists my cells; `giamsat phamvi [đơn vị]
 * [quý N]` shows a coordinator or committee member the coverage of a unit ("phạm vi" = the area
 * covered, the word coordinators use for it).
 */
import { allUnits, type Unit, unitById } from '../db/repo/units';
import type { Grade } from '../db/schema';
import { canAccess, rolesIn, topUnits } from '../src/bot/scope';
import { findUnitInScope, rankUnits } from '../src/bot/unit-lookup';
import {
  cellsOf,
  isAssigned,
  unassignedQuestion,
  wasEverAssigned,
} from '../src/domain/supervision/assignments';
import { type Coverage, supervisionCoverage } from '../src/domain/supervision/coverage';
import { parseGradeWord, parseNotes, parseVisitLine } from '../src/domain/supervision/parse';
import { currentQuarter, takeQuarter } from '../src/domain/supervision/period';
import {
  insertVisit,
  meetingForVisit,
  myCellsOverview,
  setVisitLocation,
  visitMatchLine,
  visitOn,
} from '../src/domain/supervision/visits';
import { parseDateVi } from '../src/domain/time/parse-date';
import { formatDateInput, localParts } from '../src/domain/time/zone';
import { supervision as t } from '../src/messages/vi';
import { summaries } from '../src/messages/vi/summaries';
import { fold } from '../src/text/normalize';
import type { CommandContext, CommandResult, FlowInput } from './define';
import { defineCommand, reply } from './define';

const COVERAGE_ROLES = ['coordinator', 'committee'] as const;
const LIST_LIMIT = 30;
const cellLabel = (u: Pick<Unit, 'code' | 'name'>) => `${u.code} (${u.name})`;

interface Draft {
  code?: string;
  unitId?: string;
  date?: string;
  notes?: string | null;
  grade?: Grade | null;
  askedNotes?: boolean;
  confirmed?: boolean;
  latitude?: number;
  longitude?: number;
}

const ask = (
  step: string,
  draft: Draft,
  text: string,
  choices?: { label: string; data: string }[],
): CommandResult => ({
  replies: [{ text, buttons: choices?.map((c) => [c]) }],
  flow: { kind: 'giamsat', step, data: { ...draft }, choices: choices?.map((c) => c.data) },
});

const done = (text: string): CommandResult => ({ replies: [{ text }], flow: null });

/** Moves the visit forward: asks for what is missing, refuses what is wrong, saves when complete. */
async function proceed(ctx: CommandContext, draft: Draft): Promise<CommandResult> {
  const { db, now, config, person, newId } = ctx;
  const tz = config.TIMEZONE;
  const today = localParts(now, tz).isoDate;

  let unit: Unit | undefined;
  if (draft.unitId) unit = await unitById(db, draft.unitId);
  else if (draft.code) {
    const found = await findUnitInScope(db, draft.code, person!.roles, undefined, (u) =>
      wasEverAssigned(db, person!.id, u.id),
    );
    if (!found.unit) return done(t.unitUnknown(draft.code, found.hints.join(', ')));
    unit = found.unit;
  }
  if (!unit) {
    const mine = await cellsOf(db, person!.id, today);
    return ask(
      'cell',
      draft,
      t.askCell,
      mine.map((c) => ({ label: cellLabel(c), data: c.unitId })),
    );
  }
  draft.unitId = unit.id;
  draft.code = unit.code;

  if (!draft.date) return ask('date', draft, t.askDate);

  const assigned = await isAssigned(db, person!.id, unit.id, draft.date);
  if (!assigned && !canAccess(person!.roles, unit.path)) return done(t.visitOutOfScope(unit.name));
  if (draft.date > today) return done(t.futureDate(formatDateInput(draft.date)));
  if (await visitOn(db, person!.id, unit.id, draft.date))
    return done(t.alreadyVisited(cellLabel(unit), formatDateInput(draft.date)));
  if (!assigned && !draft.confirmed)
    return ask(
      'confirm',
      draft,
      await unassignedQuestion(db, person!.id, { id: unit.id, label: cellLabel(unit) }, draft.date),
      [
        { label: t.yes, data: 'yes' },
        { label: t.no, data: 'no' },
      ],
    );
  if (draft.notes === undefined && draft.grade === undefined && !draft.askedNotes) {
    return ask('notes', { ...draft, askedNotes: true }, t.askNotes);
  }

  const match = await meetingForVisit(db, unit.id, draft.date, tz);
  const id = newId();
  const write = insertVisit(
    db,
    {
      id,
      personId: person!.id,
      unitId: unit.id,
      visitedOn: draft.date,
      meetingId: match?.meetingId ?? null,
      notes: draft.notes ?? null,
      grade: draft.grade ?? null,
      unassigned: !assigned,
      latitude: draft.latitude ?? null,
      longitude: draft.longitude ?? null,
    },
    now,
  );
  const lines = [t.visitSaved(cellLabel(unit), formatDateInput(draft.date)), visitMatchLine(match, tz)];
  if (draft.notes) lines.push(t.savedNotes(draft.notes));
  if (draft.grade) lines.push(t.savedGrade(t.gradeName(draft.grade)));
  if (!assigned) lines.push(t.flaggedUnassigned);
  if (draft.latitude !== undefined) lines.push(t.locationSaved);
  // Only Telegram lets a person share a location in the chat; elsewhere the flow ends here.
  if (ctx.msg.platform === 'telegram' && draft.latitude === undefined) {
    lines.push(t.askLocation);
    return {
      replies: [{ text: lines.join('\n') }],
      writes: [write],
      flow: { kind: 'giamsat', step: 'location', data: { visitId: id } },
    };
  }
  return { replies: [{ text: lines.join('\n') }], writes: [write], flow: null };
}

async function mine(ctx: CommandContext): Promise<CommandResult> {
  const { db, now, config, person } = ctx;
  const today = localParts(now, config.TIMEZONE).isoDate;
  const quarter = currentQuarter(now, config.TIMEZONE);
  const cells = await myCellsOverview(db, person!.id, await cellsOf(db, person!.id, today), quarter);
  if (cells.length === 0) return reply(t.mineNone);
  const missing = cells.filter((c) => c.visitsThisQuarter === 0).length;
  return reply(
    [
      t.mineTitle(t.quarterName(quarter.q, quarter.year)),
      ...cells.map((c) =>
        t.mineRow(
          cellLabel(c),
          c.lastVisitOn ? formatDateInput(c.lastVisitOn) : null,
          c.visitsThisQuarter > 0,
        ),
      ),
      missing > 0 ? t.mineMissing(missing) : t.mineAllDone,
    ].join('\n'),
  );
}

function capped<T>(items: T[], line: (x: T) => string): string[] {
  const shown = items.slice(0, LIST_LIMIT).map(line);
  return items.length > LIST_LIMIT ? [...shown, t.more(items.length - LIST_LIMIT)] : shown;
}

export function formatCoverage(unitName: string, c: Coverage): string {
  const q = t.quarterName(c.quarter.q, c.quarter.year);
  const lines = [t.coverageTitle(unitName, q)];
  if (c.notStarted) return [...lines, summaries.notStarted(q)].join('\n');
  if (c.assignedCells === 0) lines.push(t.coverageNoAssignments);
  lines.push(
    summaries.visitCoverage(c.cellsVisited, c.cells, c.summaryAssignedVisited, c.summaryAssigned),
    summaries.visitCount(c.visits, c.unassignedVisits),
  );
  if (c.unvisited.length > 0)
    lines.push(
      '',
      t.unvisitedTitle(c.unvisited.length),
      ...capped(c.unvisited, (u) =>
        t.unvisitedRow(
          cellLabel(u),
          u.supervisors.join(', '),
          u.lastVisitOn ? formatDateInput(u.lastVisitOn) : null,
        ),
      ),
    );
  if (c.idleSupervisors.length > 0)
    lines.push(
      '',
      t.idleTitle(c.idleSupervisors.length, c.supervisors),
      ...capped(c.idleSupervisors, (s) => t.idleRow(s.name, s.cells)),
    );
  if (c.clashes.length > 0)
    lines.push(
      '',
      t.clashTitle,
      ...capped(c.clashes, (k) => t.clashRow(k.name, t.clashWhen(formatDateInput(k.day), k.meetings))),
    );
  lines.push('', t.linkLine(c.linked, c.awaitingRecord));
  if (c.mismatches.length > 0)
    lines.push(
      t.mismatchTitle(c.mismatches.length),
      ...capped(c.mismatches, (m) => {
        const day = formatDateInput(m.day);
        const cell = `${m.unitCode} (${m.unitName})`;
        return m.kind === 'record_names_other'
          ? t.mismatch.record_names_other(m.supervisorName, cell, day, m.attendee ?? '')
          : t.mismatch[m.kind](m.supervisorName, cell, day);
      }),
    );
  return lines.join('\n');
}

async function coverage(ctx: CommandContext, rest: string): Promise<CommandResult> {
  const { db, now, config, person } = ctx;
  const roles = rolesIn(person!.roles, COVERAGE_ROLES);
  if (roles.length === 0) return reply(t.coverageNotAllowed);
  const { quarter, rest: unitText } = takeQuarter(rest, now, config.TIMEZONE);
  let unit: Unit | undefined;
  if (!unitText) unit = await unitById(db, topUnits(roles)[0]!.unitId);
  else {
    const found = await findUnitInScope(db, unitText, roles);
    unit = found.unit ?? undefined;
    if (!unit) {
      const visible = (await allUnits(db)).filter((u) => roles.some((r) => u.path.startsWith(r.unitPath)));
      const best = rankUnits(visible, unitText)[0];
      if (best && (fold(best.name) === unitText || fold(best.name).includes(unitText))) unit = best;
    }
    if (!unit) return reply(t.unitUnknown(unitText.toUpperCase(), (found.hints ?? []).join(', ')));
  }
  if (!unit) return reply(t.coverageNotAllowed);
  const result = await supervisionCoverage(db, unit, quarter ?? currentQuarter(now, config.TIMEZONE), {
    now,
    tz: config.TIMEZONE,
  });
  return reply(formatCoverage(unit.name, result));
}

async function resumeVisit(ctx: CommandContext, input: FlowInput): Promise<CommandResult> {
  const flow = ctx.flow!;
  if (flow.step === 'location') {
    const visitId = String(flow.data.visitId ?? '');
    if (input.kind === 'location')
      return {
        replies: [{ text: t.locationSaved }],
        writes: [setVisitLocation(ctx.db, visitId, input.latitude, input.longitude)],
        flow: null,
      };
    return done(t.locationSkipped);
  }
  const draft = { ...(flow.data as Draft) };
  if (input.kind === 'location') {
    // Shared before the visit is saved: kept and stored with it.
    draft.latitude = input.latitude;
    draft.longitude = input.longitude;
    return proceed(ctx, draft);
  }
  switch (flow.step) {
    case 'cell':
      if (input.kind === 'choice') draft.unitId = input.value;
      else draft.code = input.text.trim().split(' ')[0]!.toUpperCase();
      return proceed(ctx, draft);
    case 'date': {
      if (input.kind !== 'text') return reply(t.askDate);
      const d = parseDateVi(input.text, ctx.now, ctx.config.TIMEZONE, { prefer: 'past' });
      if (!d.ok) return reply(d.reason === 'no_such_day' ? t.noSuchDay : t.askDate);
      draft.date = d.date;
      return proceed(ctx, draft);
    }
    case 'confirm': {
      const answer = input.kind === 'choice' ? input.value : fold(input.text);
      if (['yes', 'co', 'co, van ghi', 'dong y', 'ok'].includes(answer))
        return proceed(ctx, { ...draft, confirmed: true });
      if (['no', 'khong', 'khong ghi', 'ko'].includes(answer)) return done(t.notSaved);
      return reply(t.notAnswered);
    }
    case 'notes': {
      if (input.kind !== 'text') return reply(t.askNotes);
      const folded = fold(input.text).replace(/[.!]+$/, '');
      if (['bo qua', 'boqua', 'khong', 'ko', 'skip'].includes(folded))
        return proceed(ctx, { ...draft, notes: null, grade: null });
      const grade = parseGradeWord(input.text);
      const parsed = grade ? { grade } : parseNotes(input.text);
      return proceed(ctx, { ...draft, notes: parsed.notes ?? null, grade: parsed.grade ?? null });
    }
    default:
      return done(t.notSaved);
  }
}

export default defineCommand({
  name: 'giamsat',
  aliases: ['giamsat', 'giam sat', 'visit'],
  access: ['supervisor', 'committee', 'coordinator'],
  summary: 'Ghi lần dự sinh hoạt chi bộ; xem chi bộ mình theo dõi',
  example: 'giamsat KP3 5/12 ghi chú: nội dung tốt xếp loại khá',
  inGroup: 'private',
  async run(ctx) {
    const first = fold(ctx.args.split(' ')[0] ?? '');
    const rest = ctx.args.split(' ').slice(1).join(' ');
    if (first === 'xem') return mine(ctx);
    if (first === 'phamvi') return coverage(ctx, rest);
    if (first === 'pham' && fold(rest.split(' ')[0] ?? '') === 'vi')
      return coverage(ctx, rest.split(' ').slice(1).join(' '));
    if (first === 'huongdan' || first === '?') return reply(t.visitUsage);
    const line = parseVisitLine(ctx.args, ctx.now, ctx.config.TIMEZONE);
    if (line.dateError) return done(t.noSuchDay);
    const draft: Draft = { code: line.code, date: line.date };
    if (line.notes !== undefined || line.grade !== undefined) {
      draft.notes = line.notes ?? null;
      draft.grade = line.grade ?? null;
    }
    return proceed(ctx, draft);
  },
  resume: resumeVisit,
});
