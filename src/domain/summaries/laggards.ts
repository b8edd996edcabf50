/**
 * The laggard lists: cells with no meeting record / no accepted report, grouped by commune. Cells
 * past the due date come first; cells of a month still in progress are listed apart, as "chưa đến
 * hạn". "Everyone has done it" is said only when some cell owed something and every one did it.
 */
import type { Db } from '../../../db/types';
import { summaries as t } from '../../messages/vi/summaries';
import { longRead } from '../../offload';
import { periodLabel } from '../reports/period';
import { formatDateInput, localParts } from '../time/zone';
import { type CellRow, cellRows } from './cells';
import { treeCounts } from './compute';
import { type AsOf, dueDate, isDue, periodStatus } from './expected';
import type { PagedAnswer } from './paging';
import type { Period } from './period';
import { noCellLines, periodName } from './render';

export type LaggardKind = 'unmet' | 'unreported';

export interface Laggards {
  /** Cells that owe something in the period. */
  owing: number;
  /** Cells with a due month not done, and cells with a month not yet due not done yet. */
  late: CellRow[];
  open: CellRow[];
}

const listOf = (row: CellRow, kind: LaggardKind, open: boolean): string[] =>
  (kind === 'unmet' ? (open ? row.unmetOpen : row.unmet) : open ? row.unreportedOpen : row.unreported)
    ?.split(',')
    .sort() ?? [];

/** Pure: the lists out of the per-cell rows of a period. */
export function laggardsOf(rows: CellRow[], kind: LaggardKind): Laggards {
  return {
    owing: rows.length,
    late: rows.filter((r) => listOf(r, kind, false).length > 0),
    open: rows.filter((r) => listOf(r, kind, true).length > 0),
  };
}

function monthsText(row: CellRow, kind: LaggardKind, period: Period, open: boolean): string {
  const months = listOf(row, kind, open);
  // A sent-back report is "not received" too; say so when that is all that is wrong.
  const returnedOnly =
    kind === 'unreported' && row.returned > 0 && (open ? row.openReports : row.missing) === 0;
  const list = period.kind === 'month' ? '' : months.map(periodLabel).join(', ');
  return [list, returnedOnly ? t.returnedMark : ''].filter(Boolean).join(' — ');
}

function grouped(rows: CellRow[], kind: LaggardKind, period: Period, open: boolean): string[] {
  const body: string[] = [];
  let group: string | null = null;
  for (const r of rows) {
    if (r.parentCode !== group) {
      group = r.parentCode;
      body.push(t.groupHeader(r.parentName, rows.filter((x) => x.parentCode === group).length));
    }
    body.push(t.laggard(r.name, r.code, r.secretaries ?? '', monthsText(r, kind, period, open)));
  }
  return body;
}

/** A long read (src/offload.ts): a national list is thousands of cells. */
export const laggardAnswer = longRead('laggardAnswer', laggardAnswerInPlace);

async function laggardAnswerInPlace(
  db: Db,
  unit: { name: string; path: string },
  period: Period,
  kind: LaggardKind,
  at: AsOf,
  note?: string,
): Promise<PagedAnswer> {
  const name = periodName(period);
  const today = localParts(at.now, at.tz).isoDate;
  const continued = t.continued(unit.name, name);
  const head = (lines: string[]) => [...lines, ...(note ? [note] : [])];
  if (periodStatus(period, today) === 'future')
    return { header: head([t.notStarted(name)]), body: [], continued };

  const lists = laggardsOf(await cellRows(db, unit.path, period, 'all', at), kind);
  if (lists.owing === 0) {
    const none = noCellLines(period, today, 0, await treeCounts(db, unit.path))!;
    return { header: head([`${unit.name}, ${name}:`, ...none]), body: [], continued };
  }
  const unmet = kind === 'unmet';
  if (lists.late.length === 0 && lists.open.length === 0)
    return {
      header: head([(unmet ? t.unmetAllDone : t.unreportedAllDone)(unit.name, name, lists.owing)]),
      body: [],
      continued,
    };
  const title =
    lists.late.length > 0
      ? (unmet ? t.unmetTitle : t.unreportedTitle)(unit.name, name, lists.late.length)
      : (unmet ? t.unmetNoneLate : t.unreportedNoneLate)(unit.name, name);
  const body = grouped(lists.late, kind, period, false);
  if (lists.open.length > 0) {
    const firstOpen = period.months.find((m) => !isDue(m, at))!;
    const due = formatDateInput(dueDate(firstOpen));
    if (body.length > 0) body.push('');
    body.push(
      (unmet ? t.unmetOpenTitle : t.unreportedOpenTitle)(lists.open.length, due),
      ...grouped(lists.open, kind, period, true),
    );
  }
  return { header: head([title]), body, continued };
}
