/**
 * `unit-kinds`: brings the kinds of a database imported before the closed vocabulary into it. The
 * migration (db/migrations/0006_unit_kinds.sql) maps the usual spellings in SQL; this maps whatever
 * else folds to an accepted word, and lists what it cannot map, so that the operator fixes those
 * rows (re-import them with a kind from the list). Units of an unknown kind are never counted as
 * cells, so a summary over them would be missing them.
 */
import { eq } from 'drizzle-orm';
import { audit } from '../../db/repo/audit';
import { allUnits } from '../../db/repo/units';
import { units } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { acceptedWords, isKnownKind, kindOf, type UnitKind } from '../domain/units/kinds';
import type { CliExtension } from '../entry/cli-extensions';
import type { NewId } from '../util/ids';

export interface KindFixes {
  mapped: { code: string; from: string; to: UnitKind }[];
  unknown: { code: string; name: string; kind: string }[];
  writes: Write[];
}

export async function planKindFixes(db: Db, now: Date, newId: NewId): Promise<KindFixes> {
  const out: KindFixes = { mapped: [], unknown: [], writes: [] };
  for (const u of await allUnits(db)) {
    if (isKnownKind(u.kind)) continue;
    const to = kindOf(u.kind);
    if (!to) {
      out.unknown.push({ code: u.code, name: u.name, kind: u.kind });
      continue;
    }
    out.mapped.push({ code: u.code, from: u.kind, to });
    out.writes.push(db.update(units).set({ kind: to }).where(eq(units.id, u.id)));
  }
  if (out.writes.length > 0)
    out.writes.push(
      audit(
        db,
        newId(),
        { via: 'cli', action: 'map_unit_kinds', entity: 'unit', detail: { mapped: out.mapped.length } },
        now,
      ),
    );
  out.unknown.sort((a, b) => a.code.localeCompare(b.code));
  return out;
}

export const unitKindsVerb: CliExtension = {
  verb: 'unit-kinds',
  usage:
    'unit-kinds                     maps old free-text unit kinds to the vocabulary; lists what it cannot',
  async run(_args, { store, now, newId }) {
    const plan = await planKindFixes(store.db, now, newId);
    if (plan.writes.length > 0) await store.commit(plan.writes);
    for (const m of plan.mapped) console.log(`${m.code}: "${m.from}" → ${m.to}`);
    if (plan.unknown.length === 0) {
      console.log(`Every unit has a known kind (${plan.mapped.length} mapped now).`);
      return 0;
    }
    console.error(
      [
        `${plan.unknown.length} unit(s) have a kind chibo does not know; they are not counted as cells until fixed.`,
        ...plan.unknown.map((u) => `  ${u.code} (${u.name}): "${u.kind}"`),
        'Re-import these rows (import-units) with one of these kinds:',
        ...acceptedWords().map((w) => `  ${w}`),
      ].join('\n'),
    );
    return 1;
  },
};
