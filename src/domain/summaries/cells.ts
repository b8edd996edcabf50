/**
 * Per-cell rows of a subtree for a period: the laggard lists (only cells missing something come
 * back) and the export (every cell). Same CTEs as the summary, so the figures always agree.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/types';
import type { Period } from './period';
import { cellCtes, pathRange } from './query';

export interface CellRow {
  unitId: string;
  code: string;
  name: string;
  parentCode: string;
  parentName: string;
  months: number;
  met: number;
  /** `YYYY-MM` months without a meeting record, comma-separated. */
  unmet: string | null;
  meetings: number;
  present: number;
  total: number;
  onTime: number;
  late: number;
  returned: number;
  missing: number;
  /** Months with no report or one sent back. */
  unreported: string | null;
  raised: number;
  resolved: number;
  visits: number;
  secretaries: string | null;
}

export type CellFilter = 'all' | 'unmet' | 'unreported';

export async function cellRows(
  db: Db,
  path: string,
  period: Period,
  filter: CellFilter,
  now: Date,
): Promise<CellRow[]> {
  const where: SQL =
    filter === 'unmet'
      ? sql` and pc.met < pc.months`
      : filter === 'unreported'
        ? sql` and (pc.missing + pc.returned) > 0`
        : sql``;
  const { lo, hi } = pathRange(path);
  const rows = (await db.all(sql`${cellCtes(path, period, { lists: true })}
select e.id as unitId, e.code as code, e.name as name,
  coalesce(par.code, '') as parentCode, coalesce(par.name, '') as parentName,
  pc.months as months, pc.met as met, pc.unmet as unmet, pc.meetings as meetings,
  pc.present as present, pc.total as total, pc.on_time as onTime, pc.late as late,
  pc.returned as returned, pc.missing as missing, pc.unreported as unreported,
  pc.raised as raised, pc.resolved as resolved, pc.visits as visits,
  (select group_concat(p.name, ', ') from role_assignments ra join people p on p.id = ra.person_id
    where ra.unit_id = e.id and ra.role = 'secretary'
      and (ra.valid_to is null or ra.valid_to > ${now.getTime()})) as secretaries
from pc cross join units e on e.id = pc.id
  left join units par on par.id = e.parent_id
where e.path >= ${lo} and e.path < ${hi}${where}
order by par.code, e.code`)) as CellRow[];
  return rows.map((r) => ({
    ...r,
    months: Number(r.months),
    met: Number(r.met),
    meetings: Number(r.meetings),
    present: Number(r.present),
    total: Number(r.total),
    onTime: Number(r.onTime),
    late: Number(r.late),
    returned: Number(r.returned),
    missing: Number(r.missing),
    raised: Number(r.raised),
    resolved: Number(r.resolved),
    visits: Number(r.visits),
  }));
}
