/**
 * `import-units FILE.csv`: columns code,name,kind,parent_code (+ optional meeting_rule, member_count).
 * Every row is checked before anything is written; one bad row stops the whole import.
 */

import { eq } from 'drizzle-orm';
import { audit } from '../../db/repo/audit';
import { allUnits, insertUnit, type Unit, unitPath } from '../../db/repo/units';
import { units } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import type { NewId } from '../util/ids';
import { type CsvRow, type CsvSource, parseWholeNumber, readCsvTable } from './csv';
import { type ImportOptions, writeBuffer } from './write-buffer';

export type RuleParser = (text: string) => { ok: true; json: string } | { ok: false; error: string };

export interface ImportResult {
  errors: string[];
  writes: Write[];
  created: number;
  updated: number;
}

const CODE = /^[A-Za-z0-9_.-]{1,32}$/;

export async function planUnitImport(
  db: Db,
  csv: string | CsvSource,
  now: Date,
  newId: NewId,
  parseRule?: RuleParser,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const table = await readCsvTable(csv);
  const { header } = table;
  const errors: string[] = [];
  for (const col of ['code', 'name', 'kind', 'parent_code']) {
    if (!header.includes(col))
      errors.push(`line 1: missing column "${col}" (expected code,name,kind,parent_code)`);
  }
  if (errors.length) return { errors, writes: [], created: 0, updated: 0 };

  const existing = new Map((await allUnits(db)).map((u) => [u.code, u]));
  const seen = new Map<string, number>();
  const check = ({ line, values }: CsvRow) => {
    const code = values.code!.toUpperCase();
    const parent = (values.parent_code ?? '').toUpperCase();
    const count = values.member_count ? parseWholeNumber(values.member_count, 100000) : null;
    const memberCount = count?.ok ? count.value : null;
    let rule: string | null = null;
    if (!CODE.test(code))
      errors.push(`line ${line}: code "${values.code}" must be 1–32 letters, digits, _ . -`);
    else if (seen.has(code)) errors.push(`line ${line}: code ${code} already used on line ${seen.get(code)}`);
    seen.set(code, line);
    if (!values.name) errors.push(`line ${line}: name is empty`);
    if (!values.kind) errors.push(`line ${line}: kind is empty`);
    if (parent === code) errors.push(`line ${line}: a unit cannot be its own parent`);
    if (count && !count.ok) {
      errors.push(
        `line ${line}: member_count "${values.member_count}" is not a whole number up to 100.000 (write 25, not 25.5 or 25,5)`,
      );
    }
    if (values.meeting_rule) {
      if (!parseRule) errors.push(`line ${line}: meeting_rule is not supported by this version`);
      else {
        const r = parseRule(values.meeting_rule);
        if (r.ok) rule = r.json;
        else errors.push(`line ${line}: meeting_rule "${values.meeting_rule}": ${r.error}`);
      }
    }
    return {
      line,
      code,
      name: values.name ?? '',
      kind: (values.kind ?? '').toLowerCase(),
      parent,
      memberCount,
      rule,
    };
  };
  // The tree may come in any order, so every row is checked (and kept, small) before any is placed.
  const parsed: ReturnType<typeof check>[] = [];
  for await (const row of table.rows) parsed.push(check(row));
  for (const r of parsed) {
    if (r.parent && !seen.has(r.parent) && !existing.has(r.parent))
      errors.push(`line ${r.line}: parent_code ${r.parent} is neither in the file nor in the database`);
    const old = existing.get(r.code);
    if (old && (old.parentId ?? '') !== (r.parent ? (existing.get(r.parent)?.id ?? `new:${r.parent}`) : '')) {
      errors.push(
        `line ${r.line}: ${r.code} exists under another parent; moving units is not done by import`,
      );
    }
  }
  if (errors.length) return { errors, writes: [], created: 0, updated: 0 };

  // Parents before children, whatever the order of the file; a cycle is an error.
  const placed = new Map<string, Pick<Unit, 'id' | 'path' | 'depth'>>();
  for (const [code, u] of existing) placed.set(code, u);
  const out = writeBuffer(opts.sink);
  let created = 0;
  let updated = 0;
  let pending = parsed.slice();
  while (pending.length) {
    const next = pending.filter((r) => r.parent && !placed.has(r.parent));
    const ready = pending.filter((r) => !r.parent || placed.has(r.parent));
    if (ready.length === 0) {
      return {
        errors: next.map((r) => `line ${r.line}: parent chain of ${r.code} loops back on itself`),
        writes: [],
        created: 0,
        updated: 0,
      };
    }
    for (const r of ready) {
      const old = existing.get(r.code);
      if (old) {
        await out.push(
          db
            .update(units)
            .set({
              name: r.name,
              kind: r.kind,
              memberCount: r.memberCount ?? old.memberCount,
              meetingRule: r.rule ?? old.meetingRule,
            })
            .where(eq(units.id, old.id)),
        );
        updated++;
        continue;
      }
      const id = newId();
      const parent = r.parent ? placed.get(r.parent)! : null;
      await out.push(
        insertUnit(
          db,
          {
            id,
            code: r.code,
            name: r.name,
            kind: r.kind,
            parent,
            memberCount: r.memberCount,
            meetingRule: r.rule,
          },
          now,
        ),
      );
      placed.set(r.code, { id, path: unitPath(id, parent), depth: parent ? parent.depth + 1 : 0 });
      created++;
    }
    pending = next;
  }
  await out.push(
    audit(
      db,
      newId(),
      { via: 'cli', action: 'import_units', entity: 'unit', detail: { created, updated } },
      now,
    ),
  );
  return { errors: [], writes: await out.done(), created, updated };
}
