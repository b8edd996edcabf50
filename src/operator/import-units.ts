/**
 * `import-units FILE.csv`: columns code,name,kind,parent_code (+ optional meeting_rule, member_count).
 * Every row is checked before anything is written, and every bad row is named (unknown kind,
 * duplicate code, missing parent, a loop of parents, a cell under a cell, a weekly rule for a cell);
 * one bad row stops the whole import. Units are keyed by code: a unit already as the file says is
 * left alone, so the same file imported again (or an import resumed after a stop) writes only what
 * is missing or different. Parents are written in earlier steps than their children.
 */

import { eq } from 'drizzle-orm';
import { allUnits, type Unit, unitPath, unitRow } from '../../db/repo/units';
import { units } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import type { CsvSource } from '../csv/source';
import { type ColumnNames, type CsvRow, readCsvTable } from '../csv/table';
import { parseWholeNumber } from '../csv/whole-number';
import { ruleFromJson, weeklyRuleProblem } from '../domain/meetings/rule';
import {
  acceptedWords,
  isKnownKind,
  kindOf,
  levelOf,
  placementProblem,
  type UnitKind,
} from '../domain/units/kinds';
import type { NewId } from '../util/ids';
import {
  type AuditOf,
  chunks,
  type ImportOptions,
  parametersOf,
  rowsPerInsert,
  stepCollector,
} from './steps';

export type RuleParser = (text: string) => { ok: true; json: string } | { ok: false; error: string };

export interface ImportResult {
  errors: string[];
  /** The statements, when planned without a sink. */
  writes: Write[];
  created: number;
  updated: number;
  /** Rows already in the database exactly as the file has them. */
  unchanged: number;
  /** Rows in the file. */
  rows: number;
}

export const UNITS_AUDIT: AuditOf = { action: 'import_units', entity: 'unit' };

const CODE = /^[A-Za-z0-9_.-]{1,32}$/;

/** The columns as a Vietnamese sheet names them (header keys: no diacritics, `_` for spaces). */
export const UNIT_COLUMNS: ColumnNames = {
  code: ['ma', 'ma_don_vi', 'ma_dv', 'ma_so'],
  name: ['ten', 'ten_don_vi', 'ten_dv'],
  kind: ['loai', 'loai_don_vi', 'loai_dv', 'type'],
  parent_code: ['ma_cap_tren', 'ma_don_vi_cap_tren', 'don_vi_cap_tren', 'cap_tren', 'parent', 'ma_cha'],
  meeting_rule: ['lich_hop', 'lich_sinh_hoat', 'lich_hop_hang_thang'],
  member_count: ['so_dang_vien', 'dang_vien', 'members'],
};

interface Row {
  line: number;
  code: string;
  name: string;
  kind: UnitKind | null;
  parent: string;
  memberCount: number | null;
  rule: string | null;
}

/** A unit of the tree the import would leave: the file's rows over the database's units. */
interface Node {
  code: string;
  kind: UnitKind | null;
  parent: string;
  /** The file line that puts this unit there, or null for a unit only in the database. */
  line: number | null;
}

const refuse = (errors: string[]): ImportResult => ({
  errors,
  writes: [],
  created: 0,
  updated: 0,
  unchanged: 0,
  rows: 0,
});

/** Rows whose parent chain (inside the file) comes back to them, and rows hanging below such a loop. */
function loops(rows: Row[]): { errors: string[]; codes: Set<string> } {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const errors: string[] = [];
  const codes = new Set<string>();
  for (const r of rows) {
    const chain: string[] = [r.code];
    let at = byCode.get(r.parent);
    while (at && !chain.includes(at.code)) {
      chain.push(at.code);
      at = byCode.get(at.parent);
    }
    if (!at) continue;
    codes.add(r.code);
    if (at.code === r.code)
      errors.push(
        `line ${r.line}: parent chain of ${r.code} loops back on itself (${[...chain, r.code].join(' → ')})`,
      );
    else errors.push(`line ${r.line}: ${r.code} hangs below a loop of parents (through ${at.code})`);
  }
  return { errors, codes };
}

/** The nearest unit above `n` that has a level; committees and unknown kinds are looked through. */
function levelledAbove(n: Node, nodes: Map<string, Node>): Node | undefined {
  const seen = new Set([n.code]);
  let up = nodes.get(n.parent);
  while (up && !seen.has(up.code)) {
    if (up.kind && levelOf(up.kind) !== null) return up;
    seen.add(up.code);
    up = nodes.get(up.parent);
  }
  return undefined;
}

/** A cell under a cell, a commune under a cell, …: checked on the whole tree the import would leave. */
function misplaced(nodes: Map<string, Node>, skip: Set<string>): string[] {
  const errors: string[] = [];
  for (const n of nodes.values()) {
    if (skip.has(n.code)) continue;
    const up = n.kind ? levelledAbove(n, nodes) : undefined;
    if (!n.kind || !up?.kind || placementProblem(n.kind, up.kind) === null) continue;
    if (n.line !== null)
      errors.push(
        `line ${n.line}: ${n.code} (${n.kind}) cannot be under ${up.code} (${up.kind}): a unit goes under one of a higher level, never a cell under a cell`,
      );
    else if (up.line !== null)
      errors.push(
        `line ${up.line}: ${up.code} as ${up.kind} would hold ${n.code} (${n.kind}, already in the database): never a cell under a cell`,
      );
  }
  return errors;
}

export async function planUnitImport(
  db: Db,
  csv: string | CsvSource,
  now: Date,
  newId: NewId,
  parseRule?: RuleParser,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const table = await readCsvTable(csv, UNIT_COLUMNS);
  const { header } = table;
  const errors: string[] = [];
  for (const col of ['code', 'name', 'kind', 'parent_code']) {
    if (!header.includes(col))
      errors.push(`line 1: missing column "${col}" (expected code,name,kind,parent_code)`);
  }
  if (errors.length) return refuse(errors);

  const existing = new Map((await allUnits(db)).map((u) => [u.code, u]));
  const seen = new Map<string, number>();
  let badKind = false;
  const check = ({ line, values }: CsvRow): Row => {
    const code = values.code!.toUpperCase();
    const parent = (values.parent_code ?? '').toUpperCase();
    const count = values.member_count ? parseWholeNumber(values.member_count, 100000) : null;
    const memberCount = count?.ok ? count.value : null;
    const kind = kindOf(values.kind);
    let rule: string | null = null;
    if (!CODE.test(code))
      errors.push(`line ${line}: code "${values.code}" must be 1–32 letters, digits, _ . -`);
    else if (seen.has(code)) errors.push(`line ${line}: code ${code} already used on line ${seen.get(code)}`);
    else seen.set(code, line);
    if (!values.name) errors.push(`line ${line}: name is empty`);
    if (!values.kind) {
      errors.push(`line ${line}: kind is empty`);
      badKind = true;
    } else if (!kind) {
      errors.push(`line ${line}: kind "${values.kind}" is not a unit kind`);
      badKind = true;
    }
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
        if (!r.ok) errors.push(`line ${line}: meeting_rule "${values.meeting_rule}": ${r.error}`);
        else if (kind && weeklyRuleProblem(ruleFromJson(r.json), kind))
          errors.push(
            `line ${line}: meeting_rule "${values.meeting_rule}" is weekly; only a standing committee meets weekly, a ${kind} meets monthly (party charter)`,
          );
        else rule = r.json;
      }
    }
    return { line, code, name: values.name ?? '', kind, parent, memberCount, rule };
  };
  // The tree may come in any order, so every row is checked (and kept, small) before any is placed.
  const parsed: Row[] = [];
  for await (const row of table.rows) parsed.push(check(row));
  // A code used twice: only its first line takes part in the tree checks below.
  const firsts = parsed.filter((r) => seen.get(r.code) === r.line);
  for (const r of firsts) {
    if (r.parent && r.parent !== r.code && !seen.has(r.parent) && !existing.has(r.parent))
      errors.push(`line ${r.line}: parent_code ${r.parent} is neither in the file nor in the database`);
    const old = existing.get(r.code);
    if (old && (old.parentId ?? '') !== (r.parent ? (existing.get(r.parent)?.id ?? `new:${r.parent}`) : '')) {
      errors.push(
        `line ${r.line}: ${r.code} exists under another parent; moving units is not done by import`,
      );
    }
  }
  const looped = loops(firsts);
  errors.push(...looped.errors);

  const byId = new Map([...existing.values()].map((u) => [u.id, u]));
  const nodes = new Map<string, Node>();
  for (const u of existing.values())
    nodes.set(u.code, {
      code: u.code,
      kind: isKnownKind(u.kind) ? u.kind : null,
      parent: u.parentId ? (byId.get(u.parentId)?.code ?? '') : '',
      line: null,
    });
  for (const r of firsts) nodes.set(r.code, { code: r.code, kind: r.kind, parent: r.parent, line: r.line });
  errors.push(...misplaced(nodes, looped.codes));

  if (errors.length) {
    const sorted = errors.sort((a, b) => lineOf(a) - lineOf(b));
    if (badKind)
      sorted.push(
        'Accepted kinds (any of these words, capitals and diacritics do not matter):',
        ...acceptedWords().map((w) => `  ${w}`),
      );
    return refuse([...new Set(sorted)]);
  }

  // Parents before children, whatever the order of the file: one level of the tree after another,
  // each level's new units several to an INSERT.
  const placed = new Map<string, Pick<Unit, 'id' | 'path' | 'depth'>>();
  for (const [code, u] of existing) placed.set(code, u);
  const out = stepCollector(opts.sink);
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  let perInsert = 0;
  let pending = parsed.slice();
  while (pending.length) {
    const ready = pending.filter((r) => !r.parent || placed.has(r.parent));
    if (ready.length === 0)
      return refuse(pending.map((r) => `line ${r.line}: parent ${r.parent} cannot be placed`));
    pending = pending.filter((r) => r.parent && !placed.has(r.parent));
    const fresh: (typeof units.$inferInsert)[] = [];
    for (const r of ready) {
      const kind = r.kind!;
      const old = existing.get(r.code);
      if (old) {
        const change = {
          name: r.name,
          kind,
          memberCount: r.memberCount ?? old.memberCount,
          meetingRule: r.rule ?? old.meetingRule,
        };
        const same =
          old.name === change.name &&
          old.kind === change.kind &&
          old.memberCount === change.memberCount &&
          old.meetingRule === change.meetingRule;
        if (same) {
          unchanged++;
          continue;
        }
        await out.push({
          writes: [db.update(units).set(change).where(eq(units.id, old.id))],
          rows: 1,
          tally: { updated: 1 },
        });
        updated++;
        continue;
      }
      const id = newId();
      const parent = r.parent ? placed.get(r.parent)! : null;
      fresh.push(
        unitRow(
          { id, code: r.code, name: r.name, kind, parent, memberCount: r.memberCount, meetingRule: r.rule },
          now,
        ),
      );
      placed.set(r.code, { id, path: unitPath(id, parent), depth: parent ? parent.depth + 1 : 0 });
    }
    if (fresh.length === 0) continue;
    perInsert ||= rowsPerInsert(parametersOf(db.insert(units).values(fresh[0]!)));
    for (const rows of chunks(fresh, perInsert)) {
      await out.push({
        writes: [db.insert(units).values(rows)],
        rows: rows.length,
        tally: { created: rows.length },
      });
      created += rows.length;
    }
  }
  return { errors: [], writes: out.writes(), created, updated, unchanged, rows: parsed.length };
}

function lineOf(error: string): number {
  return Number(/^line (\d+)/.exec(error)?.[1] ?? 0);
}
