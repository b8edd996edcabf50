/**
 * The SQL behind every summary: the cells of a subtree for a period, each with its facts, as common
 * table expressions. Counting happens in SQLite (GROUP BY); only answer rows come back.
 *
 * Merged cells: a cell merged on or before the period's last day (mergedIntoId set, validTo ≤ end)
 * counts under its successor for the whole period: its records, reports and visits become the
 * successor's, and the successor is expected in every month either of them existed. Two hops of
 * merging are followed (A → B → C); longer chains stop at the second successor.
 *
 * Subtree: `path >= prefix AND path < prefix-with-last-'/'-as-'0'` is the LIKE 'prefix%' range in a
 * form the units_path_idx index can serve ('0' sorts right after '/').
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Period } from './period';

export function pathRange(path: string): { lo: string; hi: string } {
  return { lo: path, hi: `${path.slice(0, -1)}0` };
}

/**
 * Months are written into the SQL as literals, not bound: they are built from numbers (checked
 * here), and D1 allows only 100 bound parameters per statement, which a year's lists would approach.
 */
const month = (m: string) => {
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(m)) throw new Error(`bad period ${m}`);
  return sql.raw(`'${m}'`);
};
const list = (items: string[]) =>
  sql.join(
    items.map((i) => month(i)),
    sql`, `,
  );

/** `YYYY-MM` → quarter key `YYYY4` (year and quarter number), in SQL. */
export const quarterKey = (column: SQL) =>
  sql`(substr(${column}, 1, 4) || ((cast(substr(${column}, 6, 2) as integer) + 2) / 3))`;

function monthRows(period: Period): SQL {
  return sql.join(
    period.months.map((m) => {
      const [y, mo] = m.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
      return sql`(${month(m)}, ${month(`${m}-01`)}, ${month(`${m}-${String(last).padStart(2, '0')}`)})`;
    }),
    sql`, `,
  );
}

/**
 * CTEs: `raw` (every cell row under the unit → the cell it counts as), `cm` (expected cell-months),
 * `mr` (meetings per cell-month), `th` (quarters with a thematic meeting per cell), `rp` (report
 * state per cell-month: 3 on time, 2 late, 1 sent back), `vs` (visits per cell), `asg` (cells with a
 * supervisor assigned during the period), and `pc` (one row per counted cell).
 */
export function cellCtes(path: string, period: Period): SQL {
  const { lo, hi } = pathRange(path);
  const end = period.to;
  const mergedBy = (t: string) =>
    sql.raw(`(${t}.merged_into_id is not null and (${t}.valid_to is null or ${t}.valid_to <= `);
  return sql`
with months(p, s, e) as (values ${monthRows(period)}),
raw as materialized (
  select u.id as id,
    case when ${mergedBy('u')}${end}))
      then case when ${mergedBy('s')}${end})) then s.merged_into_id else s.id end
      else u.id end as eff,
    u.valid_from as vf, u.valid_to as vt
  from units u left join units s on s.id = u.merged_into_id
  where u.kind = 'cell' and u.path >= ${lo} and u.path < ${hi}
),
cm as (
  select distinct raw.eff as id, months.p as p
  from raw cross join months on (raw.vf is null or raw.vf <= months.e) and (raw.vt is null or raw.vt >= months.s)
),
mr as (
  select raw.eff as id, r.period as p, count(*) as n, sum(r.present) as present, sum(r.total) as total,
    sum(r.grade = 'tot') as g1, sum(r.grade = 'kha') as g2, sum(r.grade = 'trung_binh') as g3,
    sum(r.grade = 'kem') as g4, sum(r.kind <> 'regular') as thematic
  from raw cross join meeting_records r
    on r.unit_id = raw.id and r.period in (${list(period.months)}) and r.is_current = 1
  group by raw.eff, r.period
),
th as (
  select raw.eff as id, count(distinct ${quarterKey(sql`r.period`)}) as q
  from raw cross join meeting_records r
    on r.unit_id = raw.id and r.period in (${list(period.thematicMonths)}) and r.is_current = 1
  where r.kind <> 'regular'
  group by raw.eff
),
rp as (
  select raw.eff as id, r.period as p,
    max(case when r.status = 'returned' then 1 when r.late then 2 else 3 end) as st,
    sum(coalesce(r.petitions_raised, 0)) as raised, sum(coalesce(r.petitions_resolved, 0)) as resolved
  from raw cross join reports r on r.unit_id = raw.id and r.period in (${list(period.months)})
  group by raw.eff, r.period
),
vs as (
  select raw.eff as id, count(*) as n, sum(v.unassigned) as unassigned
  from raw cross join visits v on v.unit_id = raw.id and v.period in (${list(period.months)})
  group by raw.eff
),
asg as (
  select distinct raw.eff as id
  from raw cross join supervisor_assignments a on a.unit_id = raw.id
  where a.valid_from <= ${end}
    and (a.valid_to is null or (a.valid_to >= ${period.from} and a.valid_to >= a.valid_from))
),
pc as (
  select cm.id as id, count(*) as months, count(mr.id) as met,
    group_concat(case when mr.id is null then cm.p end) as unmet,
    sum(coalesce(mr.n, 0)) as meetings, sum(coalesce(mr.present, 0)) as present,
    sum(coalesce(mr.total, 0)) as total,
    sum(coalesce(mr.g1, 0)) as g1, sum(coalesce(mr.g2, 0)) as g2, sum(coalesce(mr.g3, 0)) as g3,
    sum(coalesce(mr.g4, 0)) as g4, sum(coalesce(mr.thematic, 0)) as thematic_meetings,
    count(distinct ${quarterKey(sql`cm.p`)}) as quarters,
    count(case when rp.st = 3 then 1 end) as on_time, count(case when rp.st = 2 then 1 end) as late,
    count(case when rp.st = 1 then 1 end) as returned,
    count(case when rp.id is null then 1 end) as missing,
    group_concat(case when rp.id is null or rp.st = 1 then cm.p end) as unreported,
    sum(coalesce(rp.raised, 0)) as raised, sum(coalesce(rp.resolved, 0)) as resolved
  from cm
    left join mr on mr.id = cm.id and mr.p = cm.p
    left join rp on rp.id = cm.id and rp.p = cm.p
  group by cm.id
)`;
}

/** The child of the unit at `path` under which a cell row sits ('' when the unit is the cell). */
export function childOf(path: string): SQL {
  const n = path.length;
  return sql`case when length(e.path) = ${n} then '' else substr(e.path, ${n + 1}, instr(substr(e.path, ${n + 1}), '/') - 1) end`;
}

/** The counted cells, restricted to the subtree (a successor elsewhere is not counted here). */
export function countedCells(path: string, join: SQL = sql``): SQL {
  const { lo, hi } = pathRange(path);
  return sql`from pc cross join units e on e.id = pc.id${join}
  left join th on th.id = pc.id
  left join vs on vs.id = pc.id
  left join asg on asg.id = pc.id
  where e.path >= ${lo} and e.path < ${hi}`;
}
