/**
 * Supervision coverage of a unit's subtree for one quarter, computed in SQL (counts, EXISTS and
 * GROUP BY) so that a province answers without loading its visits. Only the rows that are the answer
 * (unvisited cells, idle supervisors, clashes, mismatches) come back as rows.
 *
 * Both-sides linking: a visit and the current meeting record of the same meeting (same meeting id,
 * or same cell and day) are linked when the record names the visitor. A visit whose record names
 * nobody or someone else, and a record naming a supervisor who recorded no visit, are mismatches:
 * listed for the coordinator, never resolved here.
 */
import { and, eq, gte, inArray, isNotNull, isNull, like, lt, lte, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { meetingRecords, meetings, people, supervisorAssignments, units, visits } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { longRead } from '../../offload';
import { fold } from '../../text/normalize';
import { computeSummary, type Summary } from '../summaries/compute';
import type { AsOf } from '../summaries/expected';
import { quarterPeriod } from '../summaries/period';
import { formatTimeVi, localParts, splitIsoDate, zonedInstant } from '../time/zone';
import type { Quarter } from './period';

export interface UnvisitedCell {
  unitId: string;
  code: string;
  name: string;
  supervisors: string[];
  /** The last visit before the quarter, null when the cell was never visited. */
  lastVisitOn: string | null;
}

export interface IdleSupervisor {
  personId: string;
  name: string;
  cells: number;
}

export interface Clash {
  personId: string;
  name: string;
  /** Local `YYYY-MM-DD` and hour of the clashing meetings. */
  day: string;
  hour: number;
  codes: string[];
  /** Each meeting's cell and local start (`19:30`), earliest first. */
  meetings: { code: string; time: string }[];
}

export type MismatchKind = 'record_names_nobody' | 'record_names_other' | 'no_visit';

export interface Mismatch {
  kind: MismatchKind;
  unitCode: string;
  unitName: string;
  day: string;
  supervisorName: string;
  /** What the record says about the upper-level attendee (record_names_other). */
  attendee?: string;
}

export interface Coverage {
  quarter: Quarter;
  /** The quarter has not begun: nothing can have been visited, so nothing is listed as missing. */
  notStarted: boolean;
  /**
   * Visit coverage on both denominators, as the summary counts them (tonghop shows the same):
   * cells visited of all cells, and of the cells with someone assigned.
   */
  cells: number;
  cellsVisited: number;
  summaryAssigned: number;
  summaryAssignedVisited: number;
  assignedCells: number;
  /** Assigned cells with at least one visit in the quarter (by anyone). */
  visitedCells: number;
  visits: number;
  unassignedVisits: number;
  unvisited: UnvisitedCell[];
  supervisors: number;
  idleSupervisors: IdleSupervisor[];
  clashes: Clash[];
  linked: number;
  /** Visits whose cell has no current record of that meeting yet. */
  awaitingRecord: number;
  mismatches: Mismatch[];
}

const sa = supervisorAssignments;

/** Assignment rows in force at some point in the quarter (superseded-on-day-one rows excluded). */
function overlapsQuarter(q: Quarter) {
  return and(
    lte(sa.validFrom, q.to),
    or(isNull(sa.validTo), and(gte(sa.validTo, q.from), gte(sa.validTo, sa.validFrom))),
  );
}

/** Two names match when the record's text holds the whole name or its last two words. */
export function namesPerson(text: string, name: string): boolean {
  const t = ` ${fold(text).replace(/[^a-z0-9]+/g, ' ')} `;
  const words = fold(name)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ');
  if (words.length === 0 || words[0] === '') return false;
  return (
    t.includes(` ${words.join(' ')} `) || (words.length > 2 && t.includes(` ${words.slice(-2).join(' ')} `))
  );
}

/** A long read (src/offload.ts): it reads every assignment and visit of the subtree. */
export const supervisionCoverage = longRead('supervisionCoverage', supervisionCoverageInPlace);

async function supervisionCoverageInPlace(
  db: Db,
  unit: Summary['unit'],
  quarter: Quarter,
  at: AsOf,
): Promise<Coverage> {
  const tz = at.tz;
  const summary = (await computeSummary(db, unit, quarterPeriod(quarter.year, quarter.q), at)).totals;
  const inTree = like(units.path, `${unit.path}%`);
  const inQuarter = inArray(visits.period, quarter.months);
  const visitedInQuarter = sql`exists (select 1 from ${visits} where ${visits.unitId} = ${sa.unitId} and ${inQuarter})`;

  const counts = await db
    .select({
      assigned: sql<number>`count(distinct ${sa.unitId})`,
      visited: sql<number>`count(distinct case when ${visitedInQuarter} then ${sa.unitId} end)`,
      supervisors: sql<number>`count(distinct ${sa.personId})`,
    })
    .from(sa)
    .innerJoin(units, eq(units.id, sa.unitId))
    .where(and(inTree, overlapsQuarter(quarter)))
    .get();

  const visitCounts = await db
    .select({
      visits: sql<number>`count(*)`,
      unassigned: sql<number>`coalesce(sum(case when ${visits.unassigned} then 1 else 0 end), 0)`,
    })
    .from(visits)
    .innerJoin(units, eq(units.id, visits.unitId))
    .where(and(inTree, inQuarter))
    .get();

  const unvisitedRows = await db
    .select({
      unitId: units.id,
      code: units.code,
      name: units.name,
      supervisors: sql<string | null>`group_concat(distinct ${people.name})`,
      lastVisitOn: sql<
        string | null
      >`(select max(${visits.visitedOn}) from ${visits} where ${visits.unitId} = ${units.id} and ${visits.visitedOn} < ${quarter.from})`,
    })
    .from(sa)
    .innerJoin(units, eq(units.id, sa.unitId))
    .innerJoin(people, eq(people.id, sa.personId))
    .where(and(inTree, overlapsQuarter(quarter), sql`not ${visitedInQuarter}`))
    .groupBy(units.id)
    .orderBy(units.code)
    .all();

  const vu = alias(units, 'vu');
  const idleRows = await db
    .select({
      personId: people.id,
      name: people.name,
      cells: sql<number>`count(distinct ${sa.unitId})`,
    })
    .from(sa)
    .innerJoin(units, eq(units.id, sa.unitId))
    .innerJoin(people, eq(people.id, sa.personId))
    .where(
      and(
        inTree,
        overlapsQuarter(quarter),
        sql`not exists (select 1 from ${visits} join ${units} as vu on ${vu.id} = ${visits.unitId}
          where ${visits.personId} = ${sa.personId} and ${inQuarter} and ${vu.path} like ${`${unit.path}%`})`,
      ),
    )
    .groupBy(people.id)
    .orderBy(people.name)
    .all();

  const clashes = await findClashes(db, unit.path, quarter, tz);
  const linking = await linkVisitsAndRecords(db, unit.path, quarter);

  return {
    quarter,
    notStarted: localParts(at.now, tz).isoDate < quarter.from,
    cells: summary.cells,
    cellsVisited: summary.visitedCells,
    summaryAssigned: summary.assignedCells,
    summaryAssignedVisited: summary.assignedVisited,
    assignedCells: Number(counts?.assigned ?? 0),
    visitedCells: Number(counts?.visited ?? 0),
    visits: Number(visitCounts?.visits ?? 0),
    unassignedVisits: Number(visitCounts?.unassigned ?? 0),
    unvisited: unvisitedRows.map((r) => ({
      unitId: r.unitId,
      code: r.code,
      name: r.name,
      supervisors: r.supervisors ? r.supervisors.split(',').sort() : [],
      lastVisitOn: r.lastVisitOn,
    })),
    supervisors: Number(counts?.supervisors ?? 0),
    idleSupervisors: idleRows.map((r) => ({ ...r, cells: Number(r.cells) })),
    clashes,
    ...linking,
  };
}

/**
 * Starts closer than this are a clash for one supervisor: "the same hour" read as within an hour of
 * each other, not as the same clock hour (18:59 and 19:00 clash; 19:00 and 20:00 do not).
 */
const CLASH_MINUTES = 60;

/**
 * Meetings of one supervisor's cells starting within CLASH_MINUTES of each other (a run of such
 * meetings is one clash). The rows are the quarter's scheduled meetings of assigned cells, one per
 * meeting and supervisor; the runs are found here.
 */
async function findClashes(db: Db, path: string, quarter: Quarter, tz: string): Promise<Clash[]> {
  const [y, m] = splitIsoDate(quarter.from);
  const start = zonedInstant(tz, y, m, 1);
  const [ey, em] = splitIsoDate(quarter.to);
  const end = zonedInstant(tz, em === 12 ? ey + 1 : ey, em === 12 ? 1 : em + 1, 1);
  const rows = await db
    .select({
      personId: people.id,
      name: people.name,
      unitId: units.id,
      code: units.code,
      at: meetings.scheduledAt,
      validFrom: sa.validFrom,
      validTo: sa.validTo,
    })
    .from(meetings)
    .innerJoin(units, eq(units.id, meetings.unitId))
    .innerJoin(sa, eq(sa.unitId, meetings.unitId))
    .innerJoin(people, eq(people.id, sa.personId))
    .where(
      and(
        like(units.path, `${path}%`),
        gte(meetings.scheduledAt, start.getTime()),
        lt(meetings.scheduledAt, end.getTime()),
        ne(meetings.status, 'cancelled'),
      ),
    )
    .orderBy(people.id, meetings.scheduledAt)
    .all();
  const clashes: Clash[] = [];
  let run: typeof rows = [];
  const close = () => {
    if (new Set(run.map((r) => r.unitId)).size > 1) {
      const first = localParts(new Date(run[0]!.at), tz);
      const meetingsOf = run.map((r) => ({ code: r.code, time: formatTimeVi(new Date(r.at), tz) }));
      clashes.push({
        personId: run[0]!.personId,
        name: run[0]!.name,
        day: first.isoDate,
        hour: first.hour,
        codes: [...new Set(run.map((r) => r.code))].sort(),
        meetings: [...new Map(meetingsOf.map((x) => [`${x.code} ${x.time}`, x])).values()].sort(
          (a, b) => a.time.localeCompare(b.time) || a.code.localeCompare(b.code),
        ),
      });
    }
    run = [];
  };
  for (const r of rows) {
    // The assignment must be in force on the meeting's local day.
    const day = localParts(new Date(r.at), tz).isoDate;
    if (r.validFrom > day || (r.validTo !== null && r.validTo < day)) continue;
    const last = run.at(-1);
    if (last && (last.personId !== r.personId || r.at - last.at >= CLASH_MINUTES * 60_000)) close();
    run.push(r);
  }
  close();
  return clashes.sort(
    (a, b) => a.day.localeCompare(b.day) || a.hour - b.hour || a.name.localeCompare(b.name),
  );
}

async function linkVisitsAndRecords(
  db: Db,
  path: string,
  quarter: Quarter,
): Promise<Pick<Coverage, 'linked' | 'awaitingRecord' | 'mismatches'>> {
  const r = meetingRecords;
  const inTree = like(units.path, `${path}%`);
  const sameMeeting = or(
    and(isNotNull(visits.meetingId), eq(r.meetingId, visits.meetingId)),
    and(eq(r.unitId, visits.unitId), eq(r.heldOn, visits.visitedOn)),
  );
  const recordOfVisit = and(eq(r.isCurrent, true), sameMeeting);

  const counts = await db
    .select({
      linkedById: sql<number>`count(distinct case when ${r.attendeePersonId} = ${visits.personId} then ${visits.id} end)`,
      withRecord: sql<number>`count(distinct case when ${r.id} is not null then ${visits.id} end)`,
      all: sql<number>`count(distinct ${visits.id})`,
    })
    .from(visits)
    .innerJoin(units, eq(units.id, visits.unitId))
    .leftJoin(r, recordOfVisit)
    .where(and(inTree, inArray(visits.period, quarter.months)))
    .get();

  // The visits whose record does not name the visitor by id: names nobody, or someone by text.
  const candidates = await db
    .select({
      unitCode: units.code,
      unitName: units.name,
      day: visits.visitedOn,
      supervisorName: people.name,
      attendeeText: r.attendeeText,
      attendeePersonId: r.attendeePersonId,
      attendeeName: sql<
        string | null
      >`(select ${people.name} from ${people} where ${people.id} = ${r.attendeePersonId})`,
    })
    .from(visits)
    .innerJoin(units, eq(units.id, visits.unitId))
    .innerJoin(people, eq(people.id, visits.personId))
    .innerJoin(r, recordOfVisit)
    .where(
      and(
        inTree,
        inArray(visits.period, quarter.months),
        sql`(${r.attendeePersonId} is null or ${r.attendeePersonId} <> ${visits.personId})`,
      ),
    )
    .all();

  const mismatches: Mismatch[] = [];
  let linkedByText = 0;
  for (const c of candidates) {
    const base = { unitCode: c.unitCode, unitName: c.unitName, day: c.day, supervisorName: c.supervisorName };
    if (c.attendeePersonId === null && !(c.attendeeText ?? '').trim())
      mismatches.push({ kind: 'record_names_nobody', ...base });
    else if (c.attendeePersonId === null && namesPerson(c.attendeeText ?? '', c.supervisorName))
      linkedByText++;
    else
      mismatches.push({
        kind: 'record_names_other',
        ...base,
        attendee: c.attendeeName ?? c.attendeeText ?? undefined,
      });
  }

  // Records that name a supervisor (by id, or by text naming the cell's assigned supervisor) with no
  // visit of that supervisor on that meeting.
  const v2 = alias(visits, 'v2');
  const noVisit = (personColumn: unknown) =>
    sql`not exists (select 1 from ${visits} as v2 where ${v2.personId} = ${personColumn} and
      ((${v2.meetingId} is not null and ${v2.meetingId} = ${r.meetingId}) or
       (${v2.unitId} = ${r.unitId} and ${v2.visitedOn} = ${r.heldOn})))`;
  const namedById = await db
    .select({
      unitCode: units.code,
      unitName: units.name,
      day: r.heldOn,
      supervisorName: people.name,
    })
    .from(r)
    .innerJoin(units, eq(units.id, r.unitId))
    .innerJoin(people, eq(people.id, r.attendeePersonId))
    .where(and(inTree, eq(r.isCurrent, true), inArray(r.period, quarter.months), noVisit(r.attendeePersonId)))
    .all();
  for (const n of namedById) mismatches.push({ kind: 'no_visit', ...n });

  const namedByText = await db
    .select({
      unitCode: units.code,
      unitName: units.name,
      day: r.heldOn,
      supervisorName: people.name,
      attendeeText: r.attendeeText,
    })
    .from(r)
    .innerJoin(units, eq(units.id, r.unitId))
    .innerJoin(
      sa,
      and(
        eq(sa.unitId, r.unitId),
        lte(sa.validFrom, r.heldOn),
        or(isNull(sa.validTo), gte(sa.validTo, r.heldOn)),
      ),
    )
    .innerJoin(people, eq(people.id, sa.personId))
    .where(
      and(
        inTree,
        eq(r.isCurrent, true),
        inArray(r.period, quarter.months),
        isNull(r.attendeePersonId),
        sql`trim(coalesce(${r.attendeeText}, '')) <> ''`,
        noVisit(sa.personId),
      ),
    )
    .all();
  for (const n of namedByText) {
    if (!namesPerson(n.attendeeText ?? '', n.supervisorName)) continue;
    mismatches.push({
      kind: 'no_visit',
      unitCode: n.unitCode,
      unitName: n.unitName,
      day: n.day,
      supervisorName: n.supervisorName,
    });
  }

  mismatches.sort((a, b) => a.day.localeCompare(b.day) || a.unitCode.localeCompare(b.unitCode));
  const all = Number(counts?.all ?? 0);
  const withRecord = Number(counts?.withRecord ?? 0);
  return {
    linked: Number(counts?.linkedById ?? 0) + linkedByText,
    awaitingRecord: all - withRecord,
    mismatches,
  };
}
