/** Summaries as Vietnamese text: header lines, figure lines and one line per child unit. */
import { PERIOD_NAMES, summaries as t } from '../../messages/vi/summaries';
import { formatDateInput } from '../time/zone';
import { isCell } from '../units/kinds';
import type { ChildRow, Figures, Summary, TreeCounts } from './compute';
import { dueDate, periodStatus, quarterEnd } from './expected';
import { type Period, yearBefore } from './period';

/** How a person types the period: `5/2026`, `quy 1/2026`, `nam 2026`. */
export function typedForm(p: Period): string {
  if (p.kind === 'year') return `nam ${p.year}`;
  if (p.kind === 'quarter') return `quy ${p.key.slice(-1)}/${p.year}`;
  return `${Number(p.key.slice(5, 7))}/${p.year}`;
}

export function periodName(p: Period): string {
  if (p.kind === 'year') return PERIOD_NAMES.year(p.year);
  if (p.kind === 'quarter') return PERIOD_NAMES.quarter(Number(p.key.slice(-1)), p.year);
  return PERIOD_NAMES.month(Number(p.key.slice(5, 7)), p.year);
}

/** What the figure lines need: the totals, the period, the day asked, and why there may be no cells. */
export type SummaryView = Pick<Summary, 'totals' | 'period' | 'today' | 'tree'>;

/** Why a summary has no cell to count, or null when it has some. */
export function noCellLines(period: Period, today: string, cells: number, tree: TreeCounts): string[] | null {
  if (periodStatus(period, today) === 'future') {
    const before = yearBefore(period);
    return [
      t.notStarted(periodName(period)),
      ...(before.to < today ? [t.yearBeforeHint(periodName(before), typedForm(before))] : []),
    ];
  }
  if (cells > 0) return null;
  const lines = tree.cells > 0 ? [t.noCellOwes(periodName(period))] : [t.noCells];
  if (tree.unknownKinds > 0) lines.push(t.unknownKinds(tree.unknownKinds));
  return lines;
}

function meetingLines(f: Figures, period: Period): string[] {
  if (period.kind === 'month')
    return [
      f.dueMonths > 0
        ? t.metMonth(f.met, f.cellMonths)
        : t.metMonthOpen(f.met, f.cellMonths, formatDateInput(dueDate(period.key))),
    ];
  const metDue = f.dueMonths - f.missedMonths;
  const lines = [
    f.dueMonths > 0 ? t.metPeriod(metDue, f.dueMonths, f.cellsAllMet, f.cellsNoneMet) : t.metPeriodNoneDue,
  ];
  const open = f.cellMonths - f.dueMonths;
  if (open > 0) lines.push(t.metOpen(f.met - metDue, open));
  return lines;
}

function thematicLines(f: Figures, period: Period): string[] {
  const doneDue = f.quartersDue - f.thematicMissed;
  if (period.kind !== 'year') {
    if (f.quartersDue > 0 || f.quarters === 0) return [t.thematicQuarter(f.thematicQuarters, f.quarters)];
    const due = formatDateInput(dueDate(quarterEnd(period.months.at(-1)!)));
    return [t.thematicQuarterOpen(f.thematicQuarters, f.quarters, due)];
  }
  const lines = [t.thematicYear(doneDue, f.quartersDue)];
  if (f.quarters > f.quartersDue)
    lines.push(t.thematicYearOpen(f.thematicQuarters - doneDue, f.quarters - f.quartersDue));
  return lines;
}

export function figureLines(s: SummaryView): string[] {
  const none = noCellLines(s.period, s.today, s.totals.cells, s.tree);
  if (none) return none;
  const f = s.totals;
  return [
    t.cells(f.cells),
    ...meetingLines(f, s.period),
    ...thematicLines(f, s.period),
    t.attendance(f.present, f.total),
    t.grades(f.grades.tot, f.grades.kha, f.grades.trung_binh, f.grades.kem),
    t.reports(f.reportsOnTime, f.reportsLate, f.reportsMissing, f.reportsReturned, f.reportsOpen),
    t.visitCoverage(f.visitedCells, f.cells, f.assignedVisited, f.assignedCells),
    t.visitCount(f.visits, f.unassignedVisits),
    t.petitions(f.petitionsRaised, f.petitionsResolved),
  ];
}

export function childLine(c: ChildRow, i: number): string {
  const metDue = c.dueMonths - c.missedMonths;
  if (isCell(c.kind))
    return t.childCell(
      i,
      c.name,
      c.code,
      t.cellMet(c.met, c.cellMonths, c.dueMonths, metDue),
      t.cellReport(
        c.reportsOnTime,
        c.reportsLate,
        c.reportsReturned,
        c.cellMonths,
        c.dueMonths,
        c.reportedDue,
      ),
      c.visitedCells > 0,
    );
  return c.dueMonths > 0
    ? t.childUnit(i, c.name, c.code, metDue, c.dueMonths, c.reportedDue, c.visitedCells, c.cells, false)
    : t.childUnit(
        i,
        c.name,
        c.code,
        c.met,
        c.cellMonths,
        c.reportsOnTime + c.reportsLate,
        c.visitedCells,
        c.cells,
        true,
      );
}

export interface Rendered {
  /** Lines of the first page only. */
  header: string[];
  /** Lines that may flow over pages. */
  body: string[];
  /** Header of the pages after the first. */
  continued: string;
}

export function renderSummary(s: Summary, note?: string): Rendered {
  const name = periodName(s.period);
  const body = figureLines(s);
  if (s.children.length > 0 && !noCellLines(s.period, s.today, s.totals.cells, s.tree)) {
    body.push('', t.breakdownTitle);
    s.children.forEach((c, i) => {
      body.push(childLine(c, i + 1));
    });
  }
  return {
    header: [t.title(s.unit.name, s.unit.code, name), ...(note ? [note] : [])],
    body,
    continued: t.continued(s.unit.name, name),
  };
}
