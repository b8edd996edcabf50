/**
 * The summary of a unit for a period: figures for the whole subtree and one row per child unit,
 * worst first. One GROUP BY query over the subtree's cells; the handful of child rows it returns are
 * added up for the totals.
 */
import { eq, sql } from 'drizzle-orm';
import { units } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { longRead } from '../../offload';
import { localParts } from '../time/zone';
import { UNIT_KINDS } from '../units/kinds';
import type { AsOf } from './expected';
import type { Period } from './period';
import { cellCtes, childOf, pathRange } from './query';

export interface Figures {
  /** Cells that owe something in the period (at least one expected cell-month). */
  cells: number;
  /** Expected cell-months (each cell × the months it owes a meeting and a report). */
  cellMonths: number;
  /** Of which past their due date (the month is over). */
  dueMonths: number;
  /** Expected cell-months with a meeting recorded, due or not. */
  met: number;
  /** Due cell-months without a meeting: the ones that are really missing. */
  missedMonths: number;
  /** Cell-months not yet due and without a meeting ("chưa đến hạn"). */
  openMonths: number;
  /** Cells with a meeting in every due month (and at least one due month). */
  cellsAllMet: number;
  /** Cells with due months and no meeting recorded in any month of the period. */
  cellsNoneMet: number;
  meetings: number;
  thematicMeetings: number;
  /** Expected cell-quarters (a thematic meeting owed), of which due, done, and due but not done. */
  quarters: number;
  quartersDue: number;
  thematicQuarters: number;
  thematicMissed: number;
  present: number;
  total: number;
  grades: { tot: number; kha: number; trung_binh: number; kem: number };
  reportsOnTime: number;
  reportsLate: number;
  reportsReturned: number;
  /** Due cell-months with no report at all. */
  reportsMissing: number;
  /** Cell-months not yet due with no report yet. */
  reportsOpen: number;
  /** Due cell-months with an accepted report (on time or late). */
  reportedDue: number;
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
  /** The local day the summary was made: what is due depends on it. */
  today: string;
  /** Cells in the subtree, owing or not, and units whose kind is not in the vocabulary. */
  tree: TreeCounts;
  totals: Figures;
  /** Child units (or cells) worst first; empty when the unit is itself a cell. */
  children: ChildRow[];
}

export function emptyFigures(): Figures {
  return {
    cells: 0,
    cellMonths: 0,
    dueMonths: 0,
    met: 0,
    missedMonths: 0,
    openMonths: 0,
    cellsAllMet: 0,
    cellsNoneMet: 0,
    meetings: 0,
    thematicMeetings: 0,
    quarters: 0,
    quartersDue: 0,
    thematicQuarters: 0,
    thematicMissed: 0,
    present: 0,
    total: 0,
    grades: { tot: 0, kha: 0, trung_binh: 0, kem: 0 },
    reportsOnTime: 0,
    reportsLate: 0,
    reportsReturned: 0,
    reportsMissing: 0,
    reportsOpen: 0,
    reportedDue: 0,
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

/**
 * 0–1 shares of what is done: meetings and reports of the due cell-months (or, when nothing is due
 * yet, of the cell-months so far: `basis` says which), and cells visited. A part of `whole` (a child
 * unit of a summary) that owes nothing yet while the whole has months due is `none_due`: nothing it
 * owes is lacking (met and reported count as done), and nothing of it can be shown as a share of
 * due months (a cell imported this month is not the weakest of a quarter).
 */
export function shares(
  f: Figures,
  whole: Figures = f,
): {
  met: number;
  reported: number;
  visited: number;
  basis: 'due' | 'so_far' | 'none_due';
} {
  const visited = f.cells > 0 ? f.visitedCells / f.cells : 0;
  if (f.dueMonths > 0) {
    return {
      met: (f.dueMonths - f.missedMonths) / f.dueMonths,
      reported: f.reportedDue / f.dueMonths,
      visited,
      basis: 'due',
    };
  }
  if (whole.dueMonths > 0) return { met: 1, reported: 1, visited, basis: 'none_due' };
  const months = Math.max(f.cellMonths, 1);
  return {
    met: f.met / months,
    reported: (f.reportsOnTime + f.reportsLate) / months,
    visited,
    basis: 'so_far',
  };
}

/** 0–1: how much of the expected work is done (meetings, reports in, cells visited); worst first. */
export function score(f: Figures, whole: Figures = f): number {
  if (f.cells === 0) return 1;
  const s = shares(f, whole);
  return (s.met + s.reported + s.visited) / 3;
}

type Row = Record<string, number | string | null>;
const n = (v: number | string | null | undefined) => Number(v ?? 0);

function figuresOf(r: Row): Figures {
  return {
    cells: n(r.cells),
    cellMonths: n(r.cellMonths),
    dueMonths: n(r.dueMonths),
    met: n(r.met),
    missedMonths: n(r.missedMonths),
    openMonths: n(r.openMonths),
    cellsAllMet: n(r.cellsAllMet),
    cellsNoneMet: n(r.cellsNoneMet),
    meetings: n(r.meetings),
    thematicMeetings: n(r.thematicMeetings),
    quarters: n(r.quarters),
    quartersDue: n(r.quartersDue),
    thematicQuarters: n(r.thematicQuarters),
    thematicMissed: n(r.thematicMissed),
    present: n(r.present),
    total: n(r.total),
    grades: { tot: n(r.g1), kha: n(r.g2), trung_binh: n(r.g3), kem: n(r.g4) },
    reportsOnTime: n(r.onTime),
    reportsLate: n(r.late),
    reportsReturned: n(r.returned),
    reportsMissing: n(r.missing),
    reportsOpen: n(r.reportsOpen),
    reportedDue: n(r.reportedDue),
    petitionsRaised: n(r.raised),
    petitionsResolved: n(r.resolved),
    visitedCells: n(r.visited),
    visits: n(r.visits),
    unassignedVisits: n(r.unassigned),
    assignedCells: n(r.assigned),
    assignedVisited: n(r.assignedVisited),
  };
}

export interface TreeCounts {
  /** Units of kind cell in the subtree, whatever the period. */
  cells: number;
  /** Units whose kind is not in the vocabulary (never counted until `cli unit-kinds` maps them). */
  unknownKinds: number;
}

export async function treeCounts(db: Db, path: string): Promise<TreeCounts> {
  const { lo, hi } = pathRange(path);
  const known = sql.join(
    UNIT_KINDS.map((k) => sql`${k}`),
    sql`, `,
  );
  const row = (await db.get(sql`select count(case when kind = 'cell' then 1 end) as cells,
    count(case when kind not in (${known}) then 1 end) as unknown
    from units where path >= ${lo} and path < ${hi}`)) as { cells: number; unknown: number } | undefined;
  return { cells: Number(row?.cells ?? 0), unknownKinds: Number(row?.unknown ?? 0) };
}

/** A long read (src/offload.ts): on Node a national summary runs off the event loop. */
export const computeSummary = longRead('computeSummary', computeSummaryInPlace);

async function computeSummaryInPlace(
  db: Db,
  unit: Summary['unit'],
  period: Period,
  at: AsOf,
): Promise<Summary> {
  const rows = (await db.all(sql`${cellCtes(unit.path, period, at)}
select ${childOf(unit.path)} as child,
  count(*) as cells, sum(pc.months) as cellMonths, sum(pc.due) as dueMonths, sum(pc.met) as met,
  sum(pc.due - pc.met_due) as missedMonths, sum(pc.months - pc.due - (pc.met - pc.met_due)) as openMonths,
  sum(pc.due > 0 and pc.met_due = pc.due) as cellsAllMet, sum(pc.due > 0 and pc.met = 0) as cellsNoneMet,
  sum(pc.meetings) as meetings, sum(pc.thematic_meetings) as thematicMeetings,
  sum(pc.quarters) as quarters, sum(pc.quarters_due) as quartersDue,
  sum(min(pc.thematic_quarters, pc.quarters)) as thematicQuarters, sum(pc.thematic_missed) as thematicMissed,
  sum(pc.present) as present, sum(pc.total) as total,
  sum(pc.g1) as g1, sum(pc.g2) as g2, sum(pc.g3) as g3, sum(pc.g4) as g4,
  sum(pc.on_time) as onTime, sum(pc.late) as late, sum(pc.returned) as returned,
  sum(pc.missing) as missing, sum(pc.open_reports) as reportsOpen, sum(pc.reported_due) as reportedDue,
  sum(pc.raised) as raised, sum(pc.resolved) as resolved,
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
    .sort((a, b) => score(a, totals) - score(b, totals) || a.code.localeCompare(b.code));
  const tree =
    totals.cells === 0 ? await treeCounts(db, unit.path) : { cells: totals.cells, unknownKinds: 0 };
  return { unit, period, today: localParts(at.now, at.tz).isoDate, tree, totals, children };
}
