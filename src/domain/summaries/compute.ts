/**
 * The summary of a unit for a period: figures for the whole subtree and one row per child unit,
 * worst first. One GROUP BY query over the subtree's cells; the handful of child rows it returns are
 * added up for the totals.
 */
import { eq, sql } from 'drizzle-orm';
import { units } from '../../../db/schema';
import type { Db } from '../../../db/types';
import type { Period } from './period';
import { cellCtes, childOf } from './query';

export interface Figures {
  cells: number;
  /** Expected cell-months (cells × months they existed). */
  cellMonths: number;
  /** Cell-months with a meeting recorded. */
  met: number;
  /** Cells with a meeting recorded in every month of the period. */
  cellsAllMet: number;
  /** Cells with no meeting recorded in the period at all. */
  cellsNoneMet: number;
  meetings: number;
  thematicMeetings: number;
  /** Cell-quarters with a thematic meeting, out of `quarters`. */
  thematicQuarters: number;
  quarters: number;
  present: number;
  total: number;
  grades: { tot: number; kha: number; trung_binh: number; kem: number };
  reportsOnTime: number;
  reportsLate: number;
  reportsReturned: number;
  reportsMissing: number;
  petitionsRaised: number;
  petitionsResolved: number;
  visitedCells: number;
  visits: number;
  unassignedVisits: number;
  assignedCells: number;
  assignedVisited: number;
}

export interface ChildRow extends Figures {
  unitId: string;
  code: string;
  name: string;
  kind: string;
}

export interface Summary {
  unit: { id: string; code: string; name: string; kind: string; path: string };
  period: Period;
  totals: Figures;
  /** Child units (or cells) worst first; empty when the unit is itself a cell. */
  children: ChildRow[];
}

export function emptyFigures(): Figures {
  return {
    cells: 0,
    cellMonths: 0,
    met: 0,
    cellsAllMet: 0,
    cellsNoneMet: 0,
    meetings: 0,
    thematicMeetings: 0,
    thematicQuarters: 0,
    quarters: 0,
    present: 0,
    total: 0,
    grades: { tot: 0, kha: 0, trung_binh: 0, kem: 0 },
    reportsOnTime: 0,
    reportsLate: 0,
    reportsReturned: 0,
    reportsMissing: 0,
    petitionsRaised: 0,
    petitionsResolved: 0,
    visitedCells: 0,
    visits: 0,
    unassignedVisits: 0,
    assignedCells: 0,
    assignedVisited: 0,
  };
}

function add(into: Figures, f: Figures): void {
  for (const k of Object.keys(f) as (keyof Figures)[]) {
    if (k === 'grades') {
      for (const g of Object.keys(f.grades) as (keyof Figures['grades'])[]) into.grades[g] += f.grades[g];
    } else into[k] += f[k];
  }
}

/** 0–1: how much of the expected work is done (meetings, reports in, cells visited). */
export function score(f: Figures): number {
  if (f.cells === 0) return 1;
  const months = Math.max(f.cellMonths, 1);
  return (f.met / months + (f.reportsOnTime + f.reportsLate) / months + f.visitedCells / f.cells) / 3;
}

type Row = Record<string, number | string | null>;
const n = (v: number | string | null | undefined) => Number(v ?? 0);

function figuresOf(r: Row): Figures {
  return {
    cells: n(r.cells),
    cellMonths: n(r.cellMonths),
    met: n(r.met),
    cellsAllMet: n(r.cellsAllMet),
    cellsNoneMet: n(r.cellsNoneMet),
    meetings: n(r.meetings),
    thematicMeetings: n(r.thematicMeetings),
    thematicQuarters: n(r.thematicQuarters),
    quarters: n(r.quarters),
    present: n(r.present),
    total: n(r.total),
    grades: { tot: n(r.g1), kha: n(r.g2), trung_binh: n(r.g3), kem: n(r.g4) },
    reportsOnTime: n(r.onTime),
    reportsLate: n(r.late),
    reportsReturned: n(r.returned),
    reportsMissing: n(r.missing),
    petitionsRaised: n(r.raised),
    petitionsResolved: n(r.resolved),
    visitedCells: n(r.visited),
    visits: n(r.visits),
    unassignedVisits: n(r.unassigned),
    assignedCells: n(r.assigned),
    assignedVisited: n(r.assignedVisited),
  };
}

export async function computeSummary(db: Db, unit: Summary['unit'], period: Period): Promise<Summary> {
  const rows = (await db.all(sql`${cellCtes(unit.path, period)}
select ${childOf(unit.path)} as child,
  count(*) as cells, sum(pc.months) as cellMonths, sum(pc.met) as met,
  sum(pc.met = pc.months) as cellsAllMet, sum(pc.met = 0) as cellsNoneMet,
  sum(pc.meetings) as meetings, sum(pc.thematic_meetings) as thematicMeetings,
  sum(min(pc.thematic_quarters, pc.quarters)) as thematicQuarters, sum(pc.quarters) as quarters,
  sum(pc.present) as present, sum(pc.total) as total,
  sum(pc.g1) as g1, sum(pc.g2) as g2, sum(pc.g3) as g3, sum(pc.g4) as g4,
  sum(pc.on_time) as onTime, sum(pc.late) as late, sum(pc.returned) as returned,
  sum(pc.missing) as missing, sum(pc.raised) as raised, sum(pc.resolved) as resolved,
  sum(pc.visits > 0) as visited, sum(pc.visits) as visits, sum(pc.unassigned) as unassigned,
  sum(pc.assigned) as assigned, sum(pc.assigned and pc.visits > 0) as assignedVisited
from pc
group by child`)) as Row[];

  const totals = emptyFigures();
  const byChild = new Map<string, Figures>();
  for (const r of rows) {
    const f = figuresOf(r);
    add(totals, f);
    if (r.child) byChild.set(String(r.child), f);
  }
  const named =
    byChild.size === 0
      ? []
      : await db
          .select({ id: units.id, code: units.code, name: units.name, kind: units.kind })
          .from(units)
          .where(eq(units.parentId, unit.id))
          .all();
  const children = named
    .filter((u) => byChild.has(u.id))
    .map((u) => ({ unitId: u.id, code: u.code, name: u.name, kind: u.kind, ...byChild.get(u.id)! }))
    .sort((a, b) => score(a) - score(b) || a.code.localeCompare(b.code));
  return { unit, period, totals, children };
}
