/**
 * The SQL behind every summary: the cells of a subtree for a period, each with its figures, as common
 * table expressions over the `cell_months` rollup (one row per unit and month with that month's
 * meetings, report and visits, kept by triggers: db/migrations/0002_summary_rollup_triggers.sql).
 * Counting happens in SQLite (GROUP BY); only answer rows come back. The tree (paths, merges,
 * validity) and supervisor assignments are read live, so moving or merging a unit refreshes nothing.
 *
 * Merged cells: a cell merged on or before the period's last day (mergedIntoId set, validTo ≤ end)
 * counts under its successor for the whole period: its records, reports and visits become the
 * successor's, and the successor is expected in every month either of them existed. Two hops of
 * merging are followed (A → B → C); longer chains stop at the second successor.
 *
 * Two ways to the same figures. Most cells are plain: not merged away, nothing merged into them,
 * existing in every month of the period; each is one unit whose rollup rows are its figures (`plain`,
 * one pass in path order, no regrouping). The others go through `raw` → `x` → `mixed`, which groups
 * every cell row under the cell it counts as, month by month, and is right for plain cells too
 * (test/domain/summaries/query.test.ts checks that both give the same figures).
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

const quarterOf = (m: string) => `${m.slice(0, 4)}${Math.ceil(Number(m.slice(5, 7)) / 3)}`;
const firstDay = (m: string) => `${m}-01`;
function lastDay(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return `${m}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** `months(p, s, e, ip, tm)`: month, first and last day, in the period, counts for thematic meetings. */
function monthRows(period: Period): SQL {
  const all = [...new Set([...period.thematicMonths, ...period.months])].sort();
  return sql.join(
    all.map((m) => {
      const flags = sql.raw(
        `${period.months.includes(m) ? 1 : 0}, ${period.thematicMonths.includes(m) ? 1 : 0}`,
      );
      return sql`(${month(m)}, ${month(firstDay(m))}, ${month(lastDay(m))}, ${flags})`;
    }),
    sql`, `,
  );
}

export interface CellCteOptions {
  /** Also list the months without a meeting (`unmet`) and without an accepted report (`unreported`). */
  lists?: boolean;
  /** false: every cell through the general grouping, none as plain (tests compare the two ways). */
  plain?: boolean;
}

/**
 * CTEs ending in `pc`: one row per counted cell (id, path and its figures for the period). A
 * cell-month is expected when any cell row counting as the cell existed in that month; meetings,
 * reports and petitions count only in expected cell-months, visits and thematic meetings in any month
 * of their range. Report state per cell-month: 3 on time, 2 late, 1 sent back, 0 none.
 */
export function cellCtes(path: string, period: Period, options: CellCteOptions = {}): SQL {
  const { lo, hi } = pathRange(path);
  const end = period.to;
  const months = period.months;
  const mergedBy = (t: string) =>
    sql.raw(`(${t}.merged_into_id is not null and (${t}.valid_to is null or ${t}.valid_to <= `);
  const assigned = sql`exists (select 1 from supervisor_assignments a where a.unit_id = u.id
        and a.valid_from <= ${end}
        and (a.valid_to is null or (a.valid_to >= ${period.from} and a.valid_to >= a.valid_from)))`;
  // Plain: existing in every month of the period, not merged away, nothing merged into it.
  const plain =
    options.plain === false
      ? sql`0`
      : sql`(u.valid_from is null or u.valid_from <= ${month(lastDay(months[0]!))})
      and (u.valid_to is null or u.valid_to >= ${month(firstDay(months.at(-1)!))})
      and not ${mergedBy('u')}${end}))
      and u.id not in (select p.merged_into_id from units p indexed by units_merged_idx where p.merged_into_id > ''
        and ${mergedBy('p')}${end})))`;

  // Thematic quarters of a plain cell: per quarter of the thematic months, a thematic meeting in
  // the period's rows (c) or, for a month period, earlier in its quarter (looked up).
  const quarters = [...new Set(period.thematicMonths.map(quarterOf))];
  const thematicQuarters = sql.join(
    quarters.map((q) => {
      const inQ = period.thematicMonths.filter((m) => quarterOf(m) === q);
      const inPeriod = inQ.filter((m) => months.includes(m));
      const before = inQ.filter((m) => m < months[0]!);
      const here = inPeriod.length
        ? sql`coalesce(max(c.thematic > 0 and c.period in (${list(inPeriod)})), 0)`
        : sql`0`;
      const earlier = before.length
        ? sql` or exists (select 1 from cell_months t where t.unit_id = u.id
          and t.period in (${list(before)}) and t.thematic > 0)`
        : sql``;
      return sql`(${here}${earlier})`;
    }),
    sql` + `,
  );
  const monthFlag = (cond: (m: SQL) => SQL) =>
    sql.join(
      months.map((m) => sql`ifnull(case when ${cond(month(m))} then ${month(m)} || ',' end, '')`),
      sql` || `,
    );
  const plainLists = options.lists
    ? sql`nullif(rtrim(${monthFlag((m) => sql`not coalesce(max(c.period = ${m} and c.meetings > 0), 0)`)}, ','), '') as unmet,
    nullif(rtrim(${monthFlag((m) => sql`coalesce(max(case when c.period = ${m} then c.report end), 0) <= 1`)}, ','), '') as unreported,`
    : sql`null as unmet, null as unreported,`;
  const counted = sql.raw('x.ip and x.ex');
  const mixedLists = options.lists
    ? sql`group_concat(case when ${counted} and not coalesce(x.met, 0) then x.p end) as unmet,
    group_concat(case when ${counted} and coalesce(x.st, 0) <= 1 then x.p end) as unreported,`
    : sql`null as unmet, null as unreported,`;

  return sql`
with months(p, s, e, ip, tm) as (values ${monthRows(period)}),
plain as (
  select u.id as id, u.path as path, ${sql.raw(String(months.length))} as months,
    count(case when c.meetings > 0 then 1 end) as met, ${plainLists}
    coalesce(sum(c.meetings), 0) as meetings, coalesce(sum(c.present), 0) as present,
    coalesce(sum(c.total), 0) as total, coalesce(sum(c.grade_tot), 0) as g1,
    coalesce(sum(c.grade_kha), 0) as g2, coalesce(sum(c.grade_trung_binh), 0) as g3,
    coalesce(sum(c.grade_kem), 0) as g4, coalesce(sum(c.thematic), 0) as thematic_meetings,
    ${sql.raw(String(new Set(months.map(quarterOf)).size))} as quarters,
    ${thematicQuarters} as thematic_quarters,
    count(case when c.report = 3 then 1 end) as on_time, count(case when c.report = 2 then 1 end) as late,
    count(case when c.report = 1 then 1 end) as returned,
    ${sql.raw(String(months.length))} - count(case when c.report > 0 then 1 end) as missing,
    coalesce(sum(c.petitions_raised), 0) as raised, coalesce(sum(c.petitions_resolved), 0) as resolved,
    coalesce(sum(c.visits), 0) as visits, coalesce(sum(c.unassigned_visits), 0) as unassigned,
    ${assigned} as assigned
  from units u left join cell_months c on c.unit_id = u.id and c.period in (${list(months)})
  where u.kind = 'cell' and u.path >= ${lo} and u.path < ${hi} and ${plain}
  group by u.path
),
raw as materialized (
  select * from (
    select u.id as id,
      case when ${mergedBy('u')}${end}))
        then case when ${mergedBy('s')}${end})) then s.merged_into_id else s.id end
        else u.id end as eff,
      case when ${mergedBy('u')}${end}))
        then case when ${mergedBy('s')}${end})) then s2.path else s.path end
        else u.path end as path,
      u.valid_from as vf, u.valid_to as vt, ${assigned} as asg
    from units u left join units s on s.id = u.merged_into_id left join units s2 on s2.id = s.merged_into_id
    where u.kind = 'cell' and u.path >= ${lo} and u.path < ${hi} and not (${plain})
  ) where path >= ${lo} and path < ${hi}
),
x as (
  select raw.eff as id, raw.path as path, m.p as p, m.ip as ip, m.tm as tm,
    max((raw.vf is null or raw.vf <= m.e) and (raw.vt is null or raw.vt >= m.s)) as ex,
    max(raw.asg) as asg, max(c.meetings > 0) as met, sum(c.meetings) as n, sum(c.present) as present,
    sum(c.total) as total, sum(c.grade_tot) as g1, sum(c.grade_kha) as g2,
    sum(c.grade_trung_binh) as g3, sum(c.grade_kem) as g4, sum(c.thematic) as thematic,
    max(c.report) as st, sum(c.petitions_raised) as raised, sum(c.petitions_resolved) as resolved,
    sum(c.visits) as visits, sum(c.unassigned_visits) as unassigned
  from raw cross join months m left join cell_months c on c.unit_id = raw.id and c.period = m.p
  group by raw.eff, m.p
),
mixed as (
  select x.id as id, x.path as path, count(case when ${counted} then 1 end) as months,
    count(case when ${counted} and x.met then 1 end) as met, ${mixedLists}
    coalesce(sum(case when ${counted} then x.n end), 0) as meetings,
    coalesce(sum(case when ${counted} then x.present end), 0) as present,
    coalesce(sum(case when ${counted} then x.total end), 0) as total,
    coalesce(sum(case when ${counted} then x.g1 end), 0) as g1,
    coalesce(sum(case when ${counted} then x.g2 end), 0) as g2,
    coalesce(sum(case when ${counted} then x.g3 end), 0) as g3,
    coalesce(sum(case when ${counted} then x.g4 end), 0) as g4,
    coalesce(sum(case when ${counted} then x.thematic end), 0) as thematic_meetings,
    count(distinct case when ${counted} then ${quarterKey(sql`x.p`)} end) as quarters,
    count(distinct case when x.tm and x.thematic > 0 then ${quarterKey(sql`x.p`)} end) as thematic_quarters,
    count(case when ${counted} and x.st = 3 then 1 end) as on_time,
    count(case when ${counted} and x.st = 2 then 1 end) as late,
    count(case when ${counted} and x.st = 1 then 1 end) as returned,
    count(case when ${counted} and coalesce(x.st, 0) = 0 then 1 end) as missing,
    coalesce(sum(case when ${counted} then x.raised end), 0) as raised,
    coalesce(sum(case when ${counted} then x.resolved end), 0) as resolved,
    coalesce(sum(case when x.ip then x.visits end), 0) as visits,
    coalesce(sum(case when x.ip then x.unassigned end), 0) as unassigned,
    max(x.asg) as assigned
  from x
  group by x.id
  having count(case when ${counted} then 1 end) > 0
),
pc as (select * from plain union all select * from mixed)`;
}

/** The child of the unit at `path` under which a counted cell sits ('' when the unit is the cell). */
export function childOf(path: string): SQL {
  const n = path.length;
  return sql`case when length(pc.path) = ${n} then '' else substr(pc.path, ${n + 1}, instr(substr(pc.path, ${n + 1}), '/') - 1) end`;
}
