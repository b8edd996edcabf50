/**
 * `import-assignments FILE.csv`: columns person (phone or name; `person_phone_or_name` is accepted
 * too), unit_code, from, until. Every row is checked first, with its line number; one bad row and
 * nothing is written. Rows apply in file order, with the same rules as `phancong` (a new supervisor
 * ends the previous assignment of the cell the day before; history is kept).
 */
import { audit } from '../../db/repo/audit';
import { allUnits } from '../../db/repo/units';
import { people } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import {
  type AssignmentSpan,
  applyPlan,
  assignmentsOfUnits,
  assignmentWrites,
  planAssignment,
} from '../domain/supervision/assignments';
import { normalizePhone } from '../domain/supervision/candidates';
import { parseDateVi } from '../domain/time/parse-date';
import { localParts } from '../domain/time/zone';
import { fold } from '../text/normalize';
import type { NewId } from '../util/ids';
import { type CsvSource, readCsvTable } from './csv';
import { type ImportOptions, writeBuffer } from './write-buffer';

export interface AssignmentImport {
  errors: string[];
  writes: Write[];
  assigned: number;
  unchanged: number;
}

const PERSON_COLUMNS = ['person_phone_or_name', 'person', 'phone_or_name', 'name', 'phone'];

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
  const { header, rows } = await readCsvTable(csv);
  const personColumn = PERSON_COLUMNS.find((c) => header.includes(c));
  const errors: string[] = [];
  if (!personColumn) errors.push('line 1: missing column "person_phone_or_name" (or "person")');
  if (!header.includes('unit_code')) errors.push('line 1: missing column "unit_code"');
  const empty = { writes: [], assigned: 0, unchanged: 0 };
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

  let spans: AssignmentSpan[] = await assignmentsOfUnits(db, [...new Set(requests.map((r) => r.unitId))]);
  const out = writeBuffer(opts.sink);
  let assigned = 0;
  let unchanged = 0;
  for (const r of requests) {
    const plan = planAssignment(spans, r, newId());
    spans = applyPlan(spans, plan);
    if (plan.kind === 'unchanged') unchanged++;
    else assigned++;
    await out.push(...assignmentWrites(db, plan, null, now));
  }
  await out.push(
    audit(
      db,
      newId(),
      {
        via: 'cli',
        action: 'import_assignments',
        entity: 'supervisor_assignment',
        detail: { assigned, unchanged },
      },
      now,
    ),
  );
  return { errors: [], writes: await out.done(), assigned, unchanged };
}
