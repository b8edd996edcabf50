/**
 * The export as plain data: a summary sheet and per-cell sheets (cells, meetings, reports, visits
 * of the period). Writing it to .xlsx is the renderer's job (renderers.ts); this part is pure data.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { meetingRecords, people, reports, units, visits } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { GRADE_NAMES, KIND_NAMES } from '../../messages/vi/meetings';
import { summaries as t, xlsx as x } from '../../messages/vi/summaries';

import { type CellRow, cellRows } from './cells';
import type { Summary } from './compute';
import { pathRange } from './query';
import { figureLines, periodName } from './render';

export type Cell = string | number | null;

export interface SheetSpec {
  name: string;
  columns: { header: string; width: number }[];
  rows: Cell[][];
}

export interface WorkbookSpec {
  title: string;
  sheets: SheetSpec[];
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((a * 1000) / b) / 10 : null);

function summarySheet(s: Summary): SheetSpec {
  const rows: Cell[][] = [[t.title(s.unit.name, s.unit.code, periodName(s.period))], []];
  for (const line of figureLines(s.totals, s.period)) rows.push([line]);
  if (s.children.length > 0) {
    rows.push([], x.breakdownHeader);
    for (const c of s.children)
      rows.push([
        c.code,
        c.name,
        c.cells,
        c.met,
        c.cellMonths,
        c.reportsOnTime,
        c.reportsLate,
        c.reportsMissing,
        c.reportsReturned,
        c.visitedCells,
        pct(c.present, c.total),
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
      c.met,
      c.months,
      pct(c.present, c.total),
      c.onTime,
      c.late,
      c.missing,
      c.returned,
      c.visits,
      c.raised,
      c.resolved,
    ]),
  };
}

export async function buildWorkbook(db: Db, s: Summary, now: Date): Promise<WorkbookSpec> {
  const cells = await cellRows(db, s.unit.path, s.period, 'all', now);
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
      raised: reports.petitionsRaised,
      resolved: reports.petitionsResolved,
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
          r.heldOn,
          KIND_NAMES[r.kind] ?? r.kind,
          r.present,
          r.total,
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
          r.period,
          r.status === 'returned' ? x.statusReturned : r.late ? x.statusLate : x.statusOnTime,
          r.raised,
          r.resolved,
          r.note ?? '',
        ]),
      },
      {
        name: t.sheetVisits,
        columns: x.visitColumns,
        rows: visitRows.map((r) => [
          r.code,
          r.name,
          r.visitedOn,
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
