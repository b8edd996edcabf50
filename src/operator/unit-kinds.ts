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
import { isKnownKind, kindOf, type UnitKind } from '../domain/units/kinds';
import type { NewId } from '../util/ids';

export interface KindFixes {
  mapped: { code: string; from: string; to: UnitKind }[];
  unknown: { code: string; name: string; kind: string }[];
  writes: Write[];
}

export async function planKindFixes(
  db: Db,
  now: Date,
  newId: NewId,
  via: 'cli' | 'admin' = 'cli',
): Promise<KindFixes> {
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
        { via, action: 'map_unit_kinds', entity: 'unit', detail: { mapped: out.mapped.length } },
        now,
      ),
    );
  out.unknown.sort((a, b) => a.code.localeCompare(b.code));
  return out;
}
