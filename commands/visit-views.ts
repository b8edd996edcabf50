/** `giamsat xem` (a supervisor's cells this quarter) and `giamsat phamvi` (a unit's coverage, coordinators). */
import { allUnits, type Unit, unitById } from '../db/repo/units';
import { rolesIn, topUnits } from '../src/bot/scope';
import { findUnitInScope, rankUnits } from '../src/bot/unit-lookup';
import { takePeriod } from '../src/domain/summaries/period';
import { cellsOf } from '../src/domain/supervision/assignments';
import { type Coverage, supervisionCoverage } from '../src/domain/supervision/coverage';
import { currentQuarter, quarterOfDay, takeQuarter } from '../src/domain/supervision/period';
import { myCellsOverview } from '../src/domain/supervision/visits';
import { formatDateInput, localParts } from '../src/domain/time/zone';
import { supervision as t } from '../src/messages/vi';
import { summaries } from '../src/messages/vi/summaries';
import { fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, reply } from './define';

const COVERAGE_ROLES = ['coordinator', 'committee'] as const;
const LIST_LIMIT = 30;
export const cellLabel = (u: Pick<Unit, 'code' | 'name'>) => `${u.code} (${u.name})`;

export async function mine(ctx: CommandContext): Promise<CommandResult> {
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

export async function coverage(ctx: CommandContext, rest: string): Promise<CommandResult> {
  const { db, now, config, person } = ctx;
  const roles = rolesIn(person!.roles, COVERAGE_ROLES);
  if (roles.length === 0) return reply(t.coverageNotAllowed);
  const taken = takeQuarter(rest, now, config.TIMEZONE);
  // Coverage is by quarter; a month typed is read as its quarter (said so), a year gets how to ask.
  const other = taken.quarter ? null : takePeriod(rest, now, config.TIMEZONE);
  const asked = other?.ok && other.period ? other.period : null;
  if (asked?.kind === 'year') return reply(t.coverageByQuarter(asked.year));
  const quarter = asked ? quarterOfDay(asked.from) : taken.quarter;
  const unitText = asked ? other!.rest : taken.rest;
  const note = asked ? [t.coverageMonthAsQuarter(Number(asked.key.slice(5, 7)), asked.year)] : [];
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
  return reply([formatCoverage(unit.name, result), ...note].join('\n'));
}
