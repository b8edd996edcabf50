/**
 * Per-cell rows of a subtree for a period: the laggard lists (only cells missing something come
 * back) and the export (every cell). Same CTEs as the summary, so the figures always agree.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/types';
import type { AsOf } from './expected';
import type { Period } from './period';
import { cellCtes, pathRange } from './query';

export interface CellRow {
  unitId: string;
  code: string;
  name: string;
  parentCode: string;
  parentName: string;
  /** Expected months, of which due (the month is over). */
  months: number;
  due: number;
  met: number;
  /** Due months with a meeting. */
  metDue: number;
  /** `YYYY-MM` due months without a meeting record, comma-separated. */
  unmet: string | null;
  /** Months not yet due without a meeting record yet. */
  unmetOpen: string | null;
  meetings: number;
  present: number;
  total: number;
  onTime: number;
  late: number;
  returned: number;
  /** Due months with no report at all, and months not yet due with none yet. */
  missing: number;
  openReports: number;
  /** Due months whose report is missing or sent back. */
  unreported: string | null;
  /** Months not yet due whose report is not in yet (or sent back). */
  unreportedOpen: string | null;
  raised: number;
  resolved: number;
  visits: number;
  secretaries: string | null;
}

export type CellFilter = 'all' | 'unmet' | 'unreported';

const NUMBERS = [
  'months',
  'due',
  'met',
  'metDue',
  'meetings',
  'present',
  'total',
  'onTime',
  'late',
  'returned',
  'missing',
  'openReports',
  'raised',
  'resolved',
  'visits',
] as const;

export async function cellRows(
  db: Db,
  path: string,
  period: Period,
  filter: CellFilter,
  at: AsOf,
): Promise<CellRow[]> {
  const where: SQL =
    filter === 'unmet'
      ? sql` and (pc.unmet is not null or pc.unmet_open is not null)`
      : filter === 'unreported'
        ? sql` and (pc.unreported is not null or pc.unreported_open is not null)`
        : sql``;
  const { lo, hi } = pathRange(path);
  const rows = (await db.all(sql`${cellCtes(path, period, at, { lists: true })}
select e.id as unitId, e.code as code, e.name as name,
  coalesce(par.code, '') as parentCode, coalesce(par.name, '') as parentName,
  pc.months as months, pc.due as due, pc.met as met, pc.met_due as metDue, pc.unmet as unmet,
  pc.unmet_open as unmetOpen, pc.meetings as meetings, pc.present as present, pc.total as total,
  pc.on_time as onTime, pc.late as late, pc.returned as returned, pc.missing as missing,
  pc.open_reports as openReports, pc.unreported as unreported, pc.unreported_open as unreportedOpen,
  pc.raised as raised, pc.resolved as resolved, pc.visits as visits,
  (select group_concat(p.name, ', ') from role_assignments ra join people p on p.id = ra.person_id
    where ra.unit_id = e.id and ra.role = 'secretary'
      and (ra.valid_to is null or ra.valid_to > ${at.now.getTime()})) as secretaries
from pc cross join units e on e.id = pc.id
  left join units par on par.id = e.parent_id
where e.path >= ${lo} and e.path < ${hi}${where}
order by par.code, e.code`)) as CellRow[];
  return rows.map((r) => {
    const out = { ...r };
    for (const k of NUMBERS) out[k] = Number(r[k]);
    return out;
  });
}
