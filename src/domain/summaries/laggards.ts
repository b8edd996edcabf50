/** The laggard lists: cells with no meeting record / no accepted report, grouped by commune. */
import type { Db } from '../../../db/types';
import { summaries as t } from '../../messages/vi/summaries';
import { periodLabel } from '../reports/period';
import { type CellRow, cellRows } from './cells';
import type { PagedAnswer } from './paging';
import type { Period } from './period';
import { periodName } from './render';

export type LaggardKind = 'unmet' | 'unreported';

function monthsText(row: CellRow, kind: LaggardKind, period: Period): string {
  const months = (kind === 'unmet' ? row.unmet : row.unreported)?.split(',').sort() ?? [];
  const returnedOnly = kind === 'unreported' && row.missing === 0 && row.returned > 0;
  const list = period.kind === 'month' ? '' : months.map(periodLabel).join(', ');
  return [list, returnedOnly ? t.returnedMark : ''].filter(Boolean).join(' — ');
}

export async function laggardAnswer(
  db: Db,
  unit: { name: string; path: string },
  period: Period,
  kind: LaggardKind,
  now: Date,
): Promise<PagedAnswer> {
  const rows = await cellRows(db, unit.path, period, kind, now);
  const name = periodName(period);
  const title = kind === 'unmet' ? t.unmetTitle : t.unreportedTitle;
  const body: string[] = [];
  let group: string | null = null;
  for (const r of rows) {
    if (r.parentCode !== group) {
      group = r.parentCode;
      const n = rows.filter((x) => x.parentCode === group).length;
      body.push(t.groupHeader(r.parentName, n));
    }
    body.push(t.laggard(r.name, r.code, r.secretaries ?? '', monthsText(r, kind, period)));
  }
  return { header: [title(unit.name, name, rows.length)], body, continued: t.continued(unit.name, name) };
}
