/**
 * Scheduled digests for committees: weekly (Monday 07:30, about last week) and monthly (the 1st,
 * about last month). Pure planning here: when one is due and what it says; the job sends it.
 */
import { and, gte, lt, sql } from 'drizzle-orm';
import { meetingRecords, reports, visits } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { summaries as t } from '../../messages/vi/summaries';
import { longRead } from '../../offload';
import { addLocalDays, formatDateInput, isoWeekKey, localParts, zonedInstant } from '../time/zone';
import { computeSummary, type Figures, type Summary } from './compute';
import type { AsOf } from './expected';
import { monthPeriod, type Period, previousMonthPeriod } from './period';
import { pathRange } from './query';
import { childLine, figureLines, periodName } from './render';

export const DIGEST_MINUTE = 7 * 60 + 30;
/** After this local minute the digest waits for the next one rather than arrive at night. */
export const DIGEST_LAST_MINUTE = 20 * 60 + 59;

export interface DueDigest {
  kind: 'weekly' | 'monthly';
  /** `2026-W48` or `2026-11`: part of every unique key. */
  key: string;
  period: Period;
  /** Weekly: the local days covered, Monday to Sunday. */
  week?: { from: string; to: string };
}

/** The digests due at `now` (Monday and the 1st, 07:30–20:59 local); stale ones are not caught up. */
export function dueDigests(now: Date, tz: string): DueDigest[] {
  const p = localParts(now, tz);
  const minute = p.hour * 60 + p.minute;
  if (minute < DIGEST_MINUTE || minute > DIGEST_LAST_MINUTE) return [];
  const due: DueDigest[] = [];
  if (p.weekday === 1) {
    const from = addLocalDays(p.isoDate, -7);
    const to = addLocalDays(p.isoDate, -1);
    const [y, m] = to.split('-').map(Number) as [number, number];
    due.push({
      kind: 'weekly',
      key: isoWeekKey(zonedInstant(tz, ...(from.split('-').map(Number) as [number, number, number]), 12), tz),
      period: monthPeriod(y, m),
      week: { from, to },
    });
  }
  if (p.day === 1) {
    const period = previousMonthPeriod(now, tz);
    due.push({ kind: 'monthly', key: period.key, period });
  }
  return due;
}

async function weekActivity(db: Db, path: string, week: { from: string; to: string }, tz: string) {
  const { lo, hi } = pathRange(path);
  const inTree = (col: unknown) => sql`${col} in (select id from units where path >= ${lo} and path < ${hi})`;
  const [fy, fm, fd] = week.from.split('-').map(Number) as [number, number, number];
  const start = zonedInstant(tz, fy, fm, fd).getTime();
  const end = start + 7 * 86_400_000;
  const one = async (q: unknown) => Number(((await q) as { n: number } | undefined)?.n ?? 0);
  const meetings = await one(
    db
      .select({ n: sql<number>`count(*)` })
      .from(meetingRecords)
      .where(
        and(
          inTree(meetingRecords.unitId),
          sql`${meetingRecords.isCurrent} = 1`,
          gte(meetingRecords.heldOn, week.from),
          sql`${meetingRecords.heldOn} <= ${week.to}`,
        ),
      )
      .get(),
  );
  const sent = await one(
    db
      .select({ n: sql<number>`count(*)` })
      .from(reports)
      .where(
        and(inTree(reports.unitId), gte(reports.firstSubmittedAt, start), lt(reports.firstSubmittedAt, end)),
      )
      .get(),
  );
  const visited = await one(
    db
      .select({ n: sql<number>`count(*)` })
      .from(visits)
      .where(
        and(inTree(visits.unitId), gte(visits.visitedOn, week.from), sql`${visits.visitedOn} <= ${week.to}`),
      )
      .get(),
  );
  return { meetings, sent, visited };
}

/** Cell-months of a unit still without a meeting or an accepted report, due or not. */
function notDone(f: Figures): number {
  return f.missedMonths + f.openMonths + f.reportsMissing + f.reportsReturned + f.reportsOpen;
}

/** A long read (src/offload.ts): one per committee, thousands in a national tick. */
export const digestText = longRead('digestText', digestTextInPlace);

async function digestTextInPlace(db: Db, unit: Summary['unit'], due: DueDigest, at: AsOf): Promise<string> {
  const tz = at.tz;
  const summary = await computeSummary(db, unit, due.period, at);
  const name = periodName(due.period);
  const lines: string[] = [];
  if (due.kind === 'weekly' && due.week) {
    const a = await weekActivity(db, unit.path, due.week, tz);
    lines.push(
      t.weeklyTitle(unit.name, formatDateInput(due.week.from).slice(0, 5), formatDateInput(due.week.to)),
      t.weeklyActivity(a.meetings, a.sent, a.visited),
      '',
      t.weeklyMonthSoFar(name),
    );
  } else lines.push(t.monthlyTitle(unit.name, name));
  lines.push(...figureLines(summary));
  // The units with something not done, worst first (children are sorted that way).
  const worst = summary.children.filter((c) => notDone(c) > 0).slice(0, 5);
  if (worst.length > 0 && summary.totals.cells > 0) {
    lines.push('', t.breakdownTitle);
    worst.forEach((c, i) => {
      lines.push(childLine(c, i + 1));
    });
  }
  lines.push('', t.digestFooter);
  return lines.join('\n');
}
