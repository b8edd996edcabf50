/**
 * The export as plain data: a summary sheet and per-cell sheets (cells, meetings, reports with their
 * content, visits of the period). Dates are real dates (a coordinator filters and sorts them in
 * Excel), shown dd/mm/yyyy; counts are numbers. Writing it to .xlsx is the renderer's job
 * (renderers.ts); this part is pure data.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { meetingRecords, people, reports, units, visits } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { GRADE_NAMES, KIND_NAMES } from '../../messages/vi/meetings';
import { summaries as t, xlsx as x } from '../../messages/vi/summaries';
import { localParts, splitIsoDate } from '../time/zone';
import { type CellRow, cellRows } from './cells';
import type { Figures, Summary } from './compute';
import type { AsOf } from './expected';
import { pathRange } from './query';
import { noCellLines, periodName } from './render';

/** A date cell is a JS Date at UTC midnight of the calendar day (Excel dates have no zone). */
export type Cell = string | number | Date | null;

export interface SheetSpec {
  name: string;
  /** `format`: an Excel number format for the column's cells (dates, percentages). */
  columns: { header: string; width: number; format?: string }[];
  rows: Cell[][];
}

export interface WorkbookSpec {
  title: string;
  sheets: SheetSpec[];
}

/** `YYYY-MM-DD` (or `YYYY-MM`, its first day) as an Excel date. */
export function excelDate(iso: string): Date {
  const [y, m, d] = splitIsoDate(iso.length === 7 ? `${iso}-01` : iso);
  return new Date(Date.UTC(y, m - 1, d));
}

/** A percentage as a number (80.5 for 80.5 %), the column header says "(%)". */
const share = (a: number, b: number) => (b > 0 ? Math.round((a * 1000) / b) / 10 : null);

/** The totals as label / number rows, in the order of the text summary. */
function figureRows(f: Figures): Cell[][] {
  const metDue = f.dueMonths - f.missedMonths;
  const thematicDoneDue = f.quartersDue - f.thematicMissed;
  return [
    [x.figures.cells, f.cells],
    [x.figures.cellMonths, f.cellMonths],
    [x.figures.dueMonths, f.dueMonths],
    [x.figures.metDue, metDue],
    [x.figures.missed, f.missedMonths],
    [x.figures.open, f.cellMonths - f.dueMonths],
    [x.figures.metOpen, f.met - metDue],
    // Like the meetings above: past due and still running apart, each with what was done, so the
    // rows add up (the done count alone mixes both).
    [x.figures.thematicQuarters, f.quarters],
    [x.figures.thematicDue, f.quartersDue],
    [x.figures.thematicDoneDue, thematicDoneDue],
    [x.figures.thematicMissed, f.thematicMissed],
    [x.figures.thematicOpen, f.quarters - f.quartersDue],
    [x.figures.thematicDoneOpen, f.thematicQuarters - thematicDoneDue],
    [x.figures.attendance, share(f.present, f.total)],
    [x.figures.gradeTot, f.grades.tot],
    [x.figures.gradeKha, f.grades.kha],
    [x.figures.gradeTb, f.grades.trung_binh],
    [x.figures.gradeKem, f.grades.kem],
    [x.figures.onTime, f.reportsOnTime],
    [x.figures.late, f.reportsLate],
    [x.figures.missing, f.reportsMissing],
    [x.figures.returned, f.reportsReturned],
    [x.figures.reportsOpen, f.reportsOpen],
    [x.figures.visited, f.visitedCells],
    [x.figures.assigned, f.assignedCells],
    [x.figures.assignedVisited, f.assignedVisited],
    [x.figures.visits, f.visits],
    [x.figures.unassigned, f.unassignedVisits],
    [x.figures.raised, f.petitionsRaised],
    [x.figures.resolved, f.petitionsResolved],
  ];
}

function summarySheet(s: Summary): SheetSpec {
  const rows: Cell[][] = [
    [t.title(s.unit.name, s.unit.code, periodName(s.period))],
    [x.asOf, excelDate(s.today)],
  ];
  const none = noCellLines(s.period, s.today, s.totals.cells, s.tree);
  if (none)
    return { name: t.sheetSummary, columns: x.summaryColumns, rows: [...rows, ...none.map((l) => [l])] };
  rows.push([], ...figureRows(s.totals));
  if (s.children.length > 0) {
    rows.push([], x.breakdownHeader);
    for (const c of s.children)
      rows.push([
        c.code,
        c.name,
        c.cells,
        c.cellMonths,
        c.dueMonths,
        c.dueMonths - c.missedMonths,
        c.missedMonths,
        c.reportsOnTime,
        c.reportsLate,
        c.reportsMissing,
        c.reportsReturned,
        c.reportsOpen,
        c.visitedCells,
        share(c.present, c.total),
        c.petitionsRaised,
        c.petitionsResolved,
      ]);
  }
  return { name: t.sheetSummary, columns: x.summaryColumns, rows };
}

function cellSheet(cells: CellRow[]): SheetSpec {
  return {
    name: t.sheetCells,
    columns: x.cellColumns,
    rows: cells.map((c) => [
      c.parentName,
      c.code,
      c.name,
      c.secretaries ?? '',
      c.months,
      c.due,
      c.met,
      c.due - c.metDue,
      c.months - c.due - (c.met - c.metDue),
      share(c.present, c.total),
      c.onTime,
      c.late,
      c.missing,
      c.returned,
      c.openReports,
      c.visits,
      c.raised,
      c.resolved,
    ]),
  };
}

export async function buildWorkbook(db: Db, s: Summary, at: AsOf): Promise<WorkbookSpec> {
  const cells = await cellRows(db, s.unit.path, s.period, 'all', at);
  const { lo, hi } = pathRange(s.unit.path);
  const inTree = and(sql`${units.path} >= ${lo}`, sql`${units.path} < ${hi}`);
  // Listing rows is the point of an export; the counting above stays in SQL. Periods are at most
  // 12 months, so the bound list stays far below D1's parameter limit.
  const meetingRows = await db
    .select({
      code: units.code,
      name: units.name,
      heldOn: meetingRecords.heldOn,
      kind: meetingRecords.kind,
      present: meetingRecords.present,
      total: meetingRecords.total,
      excused: meetingRecords.absentExcused,
      unexcused: meetingRecords.absentUnexcused,
      grade: meetingRecords.grade,
      topic: meetingRecords.topic,
      attendee: meetingRecords.attendeeText,
    })
    .from(meetingRecords)
    .innerJoin(units, eq(units.id, meetingRecords.unitId))
    .where(and(inTree, inArray(meetingRecords.period, s.period.months), eq(meetingRecords.isCurrent, true)))
    .orderBy(asc(units.code), asc(meetingRecords.heldOn))
    .all();
  const reportRows = await db
    .select({
      code: units.code,
      name: units.name,
      period: reports.period,
      status: reports.status,
      late: reports.late,
      firstSubmittedAt: reports.firstSubmittedAt,
      security: reports.security,
      production: reports.production,
      raised: reports.petitionsRaised,
      resolved: reports.petitionsResolved,
      petitions: reports.petitionsText,
      difficulties: reports.difficulties,
      proposals: reports.proposals,
      note: reports.returnedNote,
    })
    .from(reports)
    .innerJoin(units, eq(units.id, reports.unitId))
    .where(and(inTree, inArray(reports.period, s.period.months)))
    .orderBy(asc(units.code), asc(reports.period))
    .all();
  const visitRows = await db
    .select({
      code: units.code,
      name: units.name,
      visitedOn: visits.visitedOn,
      who: people.name,
      grade: visits.grade,
      unassigned: visits.unassigned,
      notes: visits.notes,
    })
    .from(visits)
    .innerJoin(units, eq(units.id, visits.unitId))
    .leftJoin(people, eq(people.id, visits.personId))
    .where(and(inTree, inArray(visits.period, s.period.months)))
    .orderBy(asc(units.code), asc(visits.visitedOn))
    .all();

  return {
    title: t.exportCaption(s.unit.name, periodName(s.period)),
    sheets: [
      summarySheet(s),
      cellSheet(cells),
      {
        name: t.sheetMeetings,
        columns: x.meetingColumns,
        rows: meetingRows.map((r) => [
          r.code,
          r.name,
          excelDate(r.heldOn),
          KIND_NAMES[r.kind] ?? r.kind,
          r.present,
          r.total,
          r.excused,
          r.unexcused,
          share(r.present, r.total),
          r.grade ? (GRADE_NAMES[r.grade] ?? r.grade) : '',
          r.topic ?? '',
          r.attendee ?? '',
        ]),
      },
      {
        name: t.sheetReports,
        columns: x.reportColumns,
        rows: reportRows.map((r) => [
          r.code,
          r.name,
          excelDate(r.period),
          r.status === 'returned' ? x.statusReturned : r.late ? x.statusLate : x.statusOnTime,
          excelDate(localParts(new Date(r.firstSubmittedAt), at.tz).isoDate),
          r.security ?? '',
          r.production ?? '',
          r.raised,
          r.resolved,
          r.petitions ?? '',
          r.difficulties ?? '',
          r.proposals ?? '',
          r.note ?? '',
        ]),
      },
      {
        name: t.sheetVisits,
        columns: x.visitColumns,
        rows: visitRows.map((r) => [
          r.code,
          r.name,
          excelDate(r.visitedOn),
          r.who ?? '',
          r.grade ? (GRADE_NAMES[r.grade] ?? r.grade) : '',
          r.unassigned ? x.yes : '',
          r.notes ?? '',
        ]),
      },
    ],
  };
}

/** `tonghop-XQS-2026-11.xlsx` */
export function workbookFilename(s: Summary): string {
  return `tonghop-${s.unit.code.replace(/[^A-Za-z0-9_-]/g, '')}-${s.period.key}.xlsx`;
}
