/**
 * The SQL behind every summary: the cells of a subtree for a period, each with its figures, as common
 * table expressions over the `cell_months` rollup (one row per unit and month with that month's
 * meetings, report and visits, kept by triggers: db/migrations/0002_summary_rollup_triggers.sql).
 * Counting happens in SQLite (GROUP BY); only answer rows come back. The tree (paths, merges,
 * validity) and supervisor assignments are read live, so moving or merging a unit refreshes nothing.
 *
 * What a cell owes and when it is due is the rule of expected.ts, applied here once per month row
 * (the `months` CTE carries whether the month is due and when it is over) and per cell row (its
 * validity and the day it came into chibo).
 *
 * Merged cells: a cell merged on or before the period's last day (mergedIntoId set, validTo ≤ end)
 * counts under its successor for the whole period: its records, reports and visits become the
 * successor's, and the successor is expected in every month either of them was. Two hops of
 * merging are followed (A → B → C); longer chains stop at the second successor.
 *
 * Two ways to the same figures. Most cells are plain: not merged away, nothing merged into them,
 * expected in every month of the period (there, and in chibo, from its first month); each is one unit whose rollup rows are its figures (`plain`,
 * one pass in path order, no regrouping). The others go through `raw` → `x` → `mixed`, which groups
 * every cell row under the cell it counts as, month by month, and is right for plain cells too
 * (test/domain/summaries/query.test.ts checks that both give the same figures).
 *
 * Subtree: `path >= prefix AND path < prefix-with-last-'/'-as-'0'` is the LIKE 'prefix%' range in a
 * form the units_path_idx index can serve ('0' sorts right after '/').
 */
import { type SQL, sql } from 'drizzle-orm';
import { type AsOf, expectedIn, isDue, isQuarterDue, monthOver } from './expected';
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

/**
 * `months(p, s, e, ip, tm, du, qd, ce)`: month, first and last day, in the period, counts for
 * thematic meetings, past its due date, its quarter past its due date, the instant it is over (ms).
 * What is due is decided here, once, from `at` (src/domain/summaries/expected.ts).
 */
function monthRows(period: Period, at: AsOf): SQL {
  const all = [...new Set([...period.thematicMonths, ...period.months])].sort();
  return sql.join(
    all.map((m) => {
      const flags = sql.raw(
        [
          period.months.includes(m) ? 1 : 0,
          period.thematicMonths.includes(m) ? 1 : 0,
          isDue(m, at) ? 1 : 0,
          isQuarterDue(m, at) ? 1 : 0,
          monthOver(m, at.tz),
        ].join(', '),
      );
      return sql`(${month(m)}, ${month(firstDay(m))}, ${month(lastDay(m))}, ${flags})`;
    }),
    sql`, `,
  );
}

export interface CellCteOptions {
  /** Also list the months without a meeting and without an accepted report, due and not yet due. */
  lists?: boolean;
  /** false: every cell through the general grouping, none as plain (tests compare the two ways). */
  plain?: boolean;
}

/** `col in (items)`, or false for no items. */
const inList = (col: SQL, items: string[]) => (items.length ? sql`${col} in (${list(items)})` : sql`0`);

/**
 * The per-cell columns of `pc`, in one order for both passes (they are combined with UNION ALL).
 * Each is [name, plain expression, general expression].
 */
type Column = [string, SQL, SQL];

/**
 * CTEs ending in `pc`: one row per counted cell (id, path and its figures for the period). A
 * cell-month is expected when any cell row counting as the cell is expected in that month
 * (expected.ts: it exists and was already in chibo); meetings, reports and petitions count only in
 * expected cell-months, visits and thematic meetings in any month of their range. A cell-month is
 * due once the month is over; an expected cell-month not yet due and not done is open, never
 * missing. Report state per cell-month: 3 on time, 2 late, 1 sent back, 0 none.
 */
export function cellCtes(path: string, period: Period, at: AsOf, options: CellCteOptions = {}): SQL {
  const { lo, hi } = pathRange(path);
  const end = period.to;
  const months = period.months;
  const due = months.filter((m) => isDue(m, at));
  const notDue = months.filter((m) => !isDue(m, at));
  const first = months[0]!;
  const mergedBy = (t: string) =>
    sql.raw(`(${t}.merged_into_id is not null and (${t}.valid_to is null or ${t}.valid_to <= `);
  const assigned = sql`exists (select 1 from supervisor_assignments a where a.unit_id = u.id
        and a.valid_from <= ${end}
        and (a.valid_to is null or (a.valid_to >= ${period.from} and a.valid_to >= a.valid_from)))`;
  // Plain: expected in every month of the period, not merged away, nothing merged into it.
  const plain =
    options.plain === false
      ? sql`0`
      : sql`(u.valid_from is null or u.valid_from <= ${month(lastDay(first))})
      and (u.valid_to is null or u.valid_to >= ${month(firstDay(months.at(-1)!))})
      and u.created_at < ${sql.raw(String(monthOver(first, at.tz)))}
      and not ${mergedBy('u')}${end}))
      and u.id not in (select p.merged_into_id from units p indexed by units_merged_idx where p.merged_into_id > ''
        and ${mergedBy('p')}${end})))`;

  // Thematic quarters of a plain cell: per quarter of the thematic months, a thematic meeting in
  // the period's rows (c) or, for a month period, earlier in its quarter (looked up).
  const quarters = [...new Set(period.thematicMonths.map(quarterOf))];
  const doneIn = (q: string) => {
    const inQ = period.thematicMonths.filter((m) => quarterOf(m) === q);
    const inPeriod = inQ.filter((m) => months.includes(m));
    const before = inQ.filter((m) => m < first);
    const here = inPeriod.length
      ? sql`coalesce(max(c.thematic > 0 and c.period in (${list(inPeriod)})), 0)`
      : sql`0`;
    const earlier = before.length
      ? sql` or exists (select 1 from cell_months t where t.unit_id = u.id
          and t.period in (${list(before)}) and t.thematic > 0)`
      : sql``;
    return sql`(${here}${earlier})`;
  };
  const dueQuarters = quarters.filter((q) =>
    isQuarterDue(period.thematicMonths.find((m) => quarterOf(m) === q)!, at),
  );
  const sumOf = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` + `) : sql`0`);
  const monthFlag = (items: string[], cond: (m: SQL) => SQL) =>
    items.length
      ? sql`nullif(rtrim(${sql.join(
          items.map((m) => sql`ifnull(case when ${cond(month(m))} then ${month(m)} || ',' end, '')`),
          sql` || `,
        )}, ','), '')`
      : sql`null`;
  const plainUnmet = (m: SQL) => sql`not coalesce(max(c.period = ${m} and c.meetings > 0), 0)`;
  const plainUnreported = (m: SQL) => sql`coalesce(max(case when c.period = ${m} then c.report end), 0) <= 1`;
  const counted = sql.raw('x.ip and x.ex');
  const mixedList = (cond: string) =>
    sql`group_concat(case when ${counted} and ${sql.raw(cond)} then x.p end)`;
  const lists = options.lists === true;
  const n = (v: number) => sql.raw(String(v));

  const columns: Column[] = [
    ['months', n(months.length), sql`count(case when ${counted} then 1 end)`],
    ['due', n(due.length), sql`count(case when ${counted} and x.du then 1 end)`],
    [
      'met',
      sql`count(case when c.meetings > 0 then 1 end)`,
      sql`count(case when ${counted} and x.met then 1 end)`,
    ],
    [
      'met_due',
      sql`count(case when c.meetings > 0 and ${inList(sql`c.period`, due)} then 1 end)`,
      sql`count(case when ${counted} and x.du and x.met then 1 end)`,
    ],
    [
      'unmet',
      lists ? monthFlag(due, plainUnmet) : sql`null`,
      lists ? mixedList('x.du and not coalesce(x.met, 0)') : sql`null`,
    ],
    [
      'unmet_open',
      lists ? monthFlag(notDue, plainUnmet) : sql`null`,
      lists ? mixedList('not x.du and not coalesce(x.met, 0)') : sql`null`,
    ],
    [
      'unreported',
      lists ? monthFlag(due, plainUnreported) : sql`null`,
      lists ? mixedList('x.du and coalesce(x.st, 0) <= 1') : sql`null`,
    ],
    [
      'unreported_open',
      lists ? monthFlag(notDue, plainUnreported) : sql`null`,
      lists ? mixedList('not x.du and coalesce(x.st, 0) <= 1') : sql`null`,
    ],
    ['meetings', sql`coalesce(sum(c.meetings), 0)`, sql`coalesce(sum(case when ${counted} then x.n end), 0)`],
    [
      'present',
      sql`coalesce(sum(c.present), 0)`,
      sql`coalesce(sum(case when ${counted} then x.present end), 0)`,
    ],
    ['total', sql`coalesce(sum(c.total), 0)`, sql`coalesce(sum(case when ${counted} then x.total end), 0)`],
    ['g1', sql`coalesce(sum(c.grade_tot), 0)`, sql`coalesce(sum(case when ${counted} then x.g1 end), 0)`],
    ['g2', sql`coalesce(sum(c.grade_kha), 0)`, sql`coalesce(sum(case when ${counted} then x.g2 end), 0)`],
    [
      'g3',
      sql`coalesce(sum(c.grade_trung_binh), 0)`,
      sql`coalesce(sum(case when ${counted} then x.g3 end), 0)`,
    ],
    ['g4', sql`coalesce(sum(c.grade_kem), 0)`, sql`coalesce(sum(case when ${counted} then x.g4 end), 0)`],
    [
      'thematic_meetings',
      sql`coalesce(sum(c.thematic), 0)`,
      sql`coalesce(sum(case when ${counted} then x.thematic end), 0)`,
    ],
    ['quarters', n(quarters.length), sql`max(q.quarters)`],
    ['quarters_due', n(dueQuarters.length), sql`max(q.quarters_due)`],
    ['thematic_quarters', sumOf(quarters.map(doneIn)), sql`max(q.done)`],
    [
      'thematic_missed',
      dueQuarters.length ? sql`${n(dueQuarters.length)} - (${sumOf(dueQuarters.map(doneIn))})` : sql`0`,
      sql`max(q.missed)`,
    ],
    [
      'on_time',
      sql`count(case when c.report = 3 then 1 end)`,
      sql`count(case when ${counted} and x.st = 3 then 1 end)`,
    ],
    [
      'late',
      sql`count(case when c.report = 2 then 1 end)`,
      sql`count(case when ${counted} and x.st = 2 then 1 end)`,
    ],
    [
      'returned',
      sql`count(case when c.report = 1 then 1 end)`,
      sql`count(case when ${counted} and x.st = 1 then 1 end)`,
    ],
    [
      'missing',
      sql`${n(due.length)} - count(case when c.report > 0 and ${inList(sql`c.period`, due)} then 1 end)`,
      sql`count(case when ${counted} and x.du and coalesce(x.st, 0) = 0 then 1 end)`,
    ],
    [
      'reported_due',
      sql`count(case when c.report >= 2 and ${inList(sql`c.period`, due)} then 1 end)`,
      sql`count(case when ${counted} and x.du and x.st >= 2 then 1 end)`,
    ],
    [
      'open_reports',
      sql`${n(notDue.length)} - count(case when c.report > 0 and ${inList(sql`c.period`, notDue)} then 1 end)`,
      sql`count(case when ${counted} and not x.du and coalesce(x.st, 0) = 0 then 1 end)`,
    ],
    [
      'raised',
      sql`coalesce(sum(c.petitions_raised), 0)`,
      sql`coalesce(sum(case when ${counted} then x.raised end), 0)`,
    ],
    [
      'resolved',
      sql`coalesce(sum(c.petitions_resolved), 0)`,
      sql`coalesce(sum(case when ${counted} then x.resolved end), 0)`,
    ],
    ['visits', sql`coalesce(sum(c.visits), 0)`, sql`coalesce(sum(case when x.ip then x.visits end), 0)`],
    [
      'unassigned',
      sql`coalesce(sum(c.unassigned_visits), 0)`,
      sql`coalesce(sum(case when x.ip then x.unassigned end), 0)`,
    ],
    ['assigned', assigned, sql`max(x.asg)`],
  ];
  const select = (which: 1 | 2) =>
    sql.join(
      columns.map((c) => sql`${c[which]} as ${sql.raw(c[0])}`),
      sql`,\n    `,
    );

  return sql`
with months(p, s, e, ip, tm, du, qd, ce) as (values ${monthRows(period, at)}),
plain as (
  select u.id as id, u.path as path, ${select(1)}
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
      u.valid_from as valid_from, u.valid_to as valid_to, u.created_at as created_at, ${assigned} as asg
    from units u left join units s on s.id = u.merged_into_id left join units s2 on s2.id = s.merged_into_id
    where u.kind = 'cell' and u.path >= ${lo} and u.path < ${hi} and not (${plain})
  ) where path >= ${lo} and path < ${hi}
),
x as (
  select raw.eff as id, raw.path as path, m.p as p, m.ip as ip, m.tm as tm, m.du as du, m.qd as qd,
    ${quarterKey(sql`m.p`)} as qk, max(${expectedIn('raw', 'm')}) as ex,
    max(raw.asg) as asg, max(c.meetings > 0) as met, sum(c.meetings) as n, sum(c.present) as present,
    sum(c.total) as total, sum(c.grade_tot) as g1, sum(c.grade_kha) as g2,
    sum(c.grade_trung_binh) as g3, sum(c.grade_kem) as g4, sum(c.thematic) as thematic,
    max(c.report) as st, sum(c.petitions_raised) as raised, sum(c.petitions_resolved) as resolved,
    sum(c.visits) as visits, sum(c.unassigned_visits) as unassigned
  from raw cross join months m left join cell_months c on c.unit_id = raw.id and c.period = m.p
  group by raw.eff, m.p
),
xq as (
  select id, qk, max(${counted}) as expected, max(${counted} and qd) as expected_due,
    coalesce(max(tm and thematic > 0), 0) as done
  from x group by id, qk
),
q as (
  select id, sum(expected) as quarters, sum(expected_due) as quarters_due,
    sum(expected and done) as done, sum(expected_due and not done) as missed
  from xq group by id
),
mixed as (
  select x.id as id, x.path as path, ${select(2)}
  from x join q on q.id = x.id
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
