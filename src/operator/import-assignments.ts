/**
 * `import-assignments FILE.csv`: columns person (phone or name; `person_phone_or_name` is accepted
 * too), unit_code, from, until. Every row is checked first, with its line number; one bad row and
 * nothing is written. Rows apply in file order, with the same rules as `phancong` (a new supervisor
 * ends the previous assignment of the cell the day before; history is kept). A cell's rows are
 * one step: when applying them would leave the cell's assignments as they are (the file was
 * imported before, or this cell was written before an import stopped), nothing is written for it.
 */
import { asc } from 'drizzle-orm';
import { allUnits } from '../../db/repo/units';
import { people, supervisorAssignments } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import type { CsvSource } from '../csv/source';
import { type ColumnNames, readCsvTable } from '../csv/table';
import {
  type AssignmentSpan,
  applyPlan,
  assignmentWrites,
  isLive,
  planAssignment,
} from '../domain/supervision/assignments';
import { normalizePhone } from '../domain/supervision/candidates';
import { parseDateVi } from '../domain/time/parse-date';
import { localParts } from '../domain/time/zone';
import { fold } from '../text/normalize';
import type { NewId } from '../util/ids';
import { type AuditOf, type ImportOptions, stepCollector } from './steps';

export interface AssignmentImport {
  errors: string[];
  /** The statements, when planned without a sink. */
  writes: Write[];
  assigned: number;
  unchanged: number;
  rows: number;
}

export const ASSIGNMENTS_AUDIT: AuditOf = { action: 'import_assignments', entity: 'supervisor_assignment' };

/** The assignments in force or to come, as a comparable set (ids aside). */
const liveShape = (spans: AssignmentSpan[]) =>
  spans
    .filter(isLive)
    .map((a) => `${a.personId}\u0000${a.validFrom}\u0000${a.validTo ?? ''}`)
    .sort()
    .join('\n');

const PERSON_COLUMNS = ['person_phone_or_name', 'person', 'phone_or_name', 'name', 'phone'];

/** The columns as a Vietnamese sheet names them (header keys: no diacritics, `_` for spaces). */
const ASSIGNMENT_COLUMNS: ColumnNames = {
  person: ['nguoi_phu_trach', 'can_bo_phu_trach', 'cap_uy_vien', 'nguoi', 'ho_ten', 'so_dien_thoai', 'sdt'],
  unit_code: ['ma_don_vi', 'ma_dv', 'ma_chi_bo', 'chi_bo', 'don_vi'],
  from: ['tu_ngay', 'tu', 'ngay_bat_dau', 'bat_dau'],
  until: ['den_ngay', 'den', 'ngay_ket_thuc', 'ket_thuc'],
};

/** `2027-01-01` or `1/1/2027`; the year is required in a file. */
function readDate(text: string, now: Date, tz: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const r = parseDateVi(text.split('-').reverse().join('/'), now, tz);
    return r.ok ? r.date : null;
  }
  if (!/\d{4}\s*$/.test(text)) return null;
  const r = parseDateVi(text, now, tz);
  return r.ok ? r.date : null;
}

export async function planAssignmentImport(
  db: Db,
  csv: string | CsvSource,
  now: Date,
  newId: NewId,
  tz: string,
  opts: ImportOptions = {},
): Promise<AssignmentImport> {
  const { header, rows } = await readCsvTable(csv, ASSIGNMENT_COLUMNS);
  const personColumn = PERSON_COLUMNS.find((c) => header.includes(c));
  const errors: string[] = [];
  if (!personColumn) errors.push('line 1: missing column "person_phone_or_name" (or "person")');
  if (!header.includes('unit_code')) errors.push('line 1: missing column "unit_code"');
  const empty = { writes: [], assigned: 0, unchanged: 0, rows: 0 };
  if (errors.length) return { errors, ...empty };

  const unitsByCode = new Map((await allUnits(db)).map((u) => [u.code, u]));
  const everyone = await db
    .select({ id: people.id, name: people.name, phone: people.phone })
    .from(people)
    .all();
  const today = localParts(now, tz).isoDate;
  const requests: { line: number; personId: string; unitId: string; from: string; until: string | null }[] =
    [];

  for await (const { line, values } of rows) {
    const who = (values[personColumn!] ?? '').trim();
    const code = (values.unit_code ?? '').toUpperCase();
    const unit = unitsByCode.get(code);
    if (!unit) errors.push(`line ${line}: unit_code "${values.unit_code ?? ''}" is not a known unit`);
    let personId: string | undefined;
    if (!who) errors.push(`line ${line}: the person is empty`);
    else {
      const phone = normalizePhone(who);
      const found = /^\+?\d{9,12}$/.test(who.replace(/[\s.-]/g, ''))
        ? everyone.filter((p) => p.phone && normalizePhone(p.phone) === phone)
        : everyone.filter((p) => fold(p.name) === fold(who));
      if (found.length === 0)
        errors.push(`line ${line}: no person "${who}" (import them first with import-people)`);
      else if (found.length > 1)
        errors.push(`line ${line}: "${who}" matches ${found.length} people; give the phone number instead`);
      else personId = found[0]!.id;
    }
    const fromText = (values.from ?? '').trim();
    const untilText = (values.until ?? '').trim();
    const from = fromText ? readDate(fromText, now, tz) : today;
    const until = untilText ? readDate(untilText, now, tz) : null;
    if (from === null) errors.push(`line ${line}: from "${fromText}" is not a date (2027-01-01 or 1/1/2027)`);
    if (untilText && until === null)
      errors.push(`line ${line}: until "${untilText}" is not a date (2027-12-31 or 31/12/2027)`);
    if (from && until && until < from) errors.push(`line ${line}: until ${until} is before from ${from}`);
    if (unit && personId && from && (until || !untilText))
      requests.push({ line, personId, unitId: unit.id, from, until });
  }
  if (errors.length) return { errors, ...empty };

  // Every assignment at once (a province has a few thousand): an IN list of cells would pass D1's
  // 100 bound parameters.
  const all = await db
    .select({
      id: supervisorAssignments.id,
      personId: supervisorAssignments.personId,
      unitId: supervisorAssignments.unitId,
      validFrom: supervisorAssignments.validFrom,
      validTo: supervisorAssignments.validTo,
    })
    .from(supervisorAssignments)
    .orderBy(asc(supervisorAssignments.validFrom), asc(supervisorAssignments.createdAt))
    .all();
  const byCell = new Map<string, typeof requests>();
  for (const r of requests) byCell.set(r.unitId, [...(byCell.get(r.unitId) ?? []), r]);
  const out = stepCollector(opts.sink);
  let assigned = 0;
  let unchanged = 0;
  for (const [unitId, cellRows] of byCell) {
    const before = all.filter((a) => a.unitId === unitId);
    let spans: AssignmentSpan[] = before;
    const writes: Write[] = [];
    let changed = 0;
    for (const r of cellRows) {
      const plan = planAssignment(spans, r, newId());
      spans = applyPlan(spans, plan);
      if (plan.kind !== 'unchanged') changed++;
      writes.push(...assignmentWrites(db, plan, null, now));
    }
    if (changed === 0 || liveShape(spans) === liveShape(before)) {
      unchanged += cellRows.length;
      continue;
    }
    assigned += changed;
    unchanged += cellRows.length - changed;
    await out.push({ writes, rows: cellRows.length, tally: { assigned: changed } });
  }
  return { errors: [], writes: out.writes(), assigned, unchanged, rows: requests.length };
}
