/** Summaries as Vietnamese text: header lines, figure lines and one line per child unit. */
import { PERIOD_NAMES, summaries as t } from '../../messages/vi/summaries';
import type { ChildRow, Figures, Summary } from './compute';
import type { Period } from './period';

export function periodName(p: Period): string {
  if (p.kind === 'year') return PERIOD_NAMES.year(p.year);
  if (p.kind === 'quarter') return PERIOD_NAMES.quarter(Number(p.key.slice(-1)), p.year);
  return PERIOD_NAMES.month(Number(p.key.slice(5, 7)), p.year);
}

export function figureLines(f: Figures, period: Period): string[] {
  if (f.cells === 0) return [t.noCells];
  const lines = [t.cells(f.cells)];
  lines.push(
    period.kind === 'month'
      ? t.metMonth(f.met, f.cellMonths)
      : t.metPeriod(f.met, f.cellMonths, f.cellsAllMet, f.cellsNoneMet),
  );
  lines.push(
    period.kind === 'year'
      ? t.thematicYear(f.thematicQuarters, f.quarters)
      : t.thematicQuarter(f.thematicQuarters, f.cells),
  );
  lines.push(t.attendance(f.present, f.total));
  lines.push(t.grades(f.grades.tot, f.grades.kha, f.grades.trung_binh, f.grades.kem));
  lines.push(t.reports(f.reportsOnTime, f.reportsLate, f.reportsMissing, f.reportsReturned));
  lines.push(t.supervision(f.visitedCells, f.cells, f.visits, f.unassignedVisits));
  lines.push(t.assigned(f.assignedVisited, f.assignedCells));
  lines.push(t.petitions(f.petitionsRaised, f.petitionsResolved));
  return lines;
}

export function childLine(c: ChildRow, i: number): string {
  if (c.kind === 'cell')
    return t.childCell(
      i,
      c.name,
      c.code,
      t.cellMet(c.met, c.cellMonths),
      t.cellReport(c.reportsOnTime, c.reportsLate, c.reportsReturned, c.cellMonths),
      c.visitedCells > 0,
    );
  return t.childUnit(
    i,
    c.name,
    c.code,
    c.met,
    c.cellMonths,
    c.reportsOnTime + c.reportsLate,
    c.visitedCells,
    c.cells,
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

export function renderSummary(s: Summary): Rendered {
  const name = periodName(s.period);
  const body = figureLines(s.totals, s.period);
  if (s.children.length > 0) {
    body.push('', t.breakdownTitle);
    s.children.forEach((c, i) => {
      body.push(childLine(c, i + 1));
    });
  }
  return {
    header: [t.title(s.unit.name, s.unit.code, name)],
    body,
    continued: t.continued(s.unit.name, name),
  };
}
