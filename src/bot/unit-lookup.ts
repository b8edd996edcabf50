/** Loose unit lookup: by code or by name, without diacritics, with suggestions for typos. */
import type { RoleAt } from '../../db/repo/people';
import { allUnits, type Unit, unitByCode } from '../../db/repo/units';
import type { Role } from '../../db/schema';
import type { Db } from '../../db/types';
import { longRead } from '../offload';
import { editDistance } from '../text/edit-distance';
import { fold } from '../text/normalize';
import { canAccess, rolesIn } from './scope';

/** Units visible to the person, ranked by closeness to what they typed. */
export function rankUnits(units: Unit[], input: string): Unit[] {
  const q = fold(input);
  return units
    .map((u) => {
      const code = fold(u.code);
      const name = fold(u.name);
      const score =
        code === q
          ? 0
          : name === q
            ? 0
            : name.includes(q) || code.startsWith(q)
              ? 1
              : 2 + Math.min(editDistance(q, code), editDistance(q, name));
      return { u, score };
    })
    .sort((a, b) => a.score - b.score || a.u.code.localeCompare(b.u.code))
    .map((x) => x.u);
}

/** A long read (src/offload.ts): ranking every unit in scope takes seconds nationally. */
export const suggestUnits = longRead('suggestUnits', suggestUnitsInPlace);

async function suggestUnitsInPlace(db: Db, input: string, roles: RoleAt[], limit = 3): Promise<string[]> {
  const visible = (await allUnits(db)).filter((u) => roles.some((r) => u.path.startsWith(r.unitPath)));
  return rankUnits(visible, input)
    .slice(0, limit)
    .map((u) => `${u.code} (${u.name})`);
}

export type UnitLookup = { unit: Unit; hints?: undefined } | { unit: null; hints: string[] };

/**
 * A unit by the code the person typed, only if it is in their scope (their roles of the `wanted`
 * kinds, or `alsoVisible`, such as a supervisor's assigned cell). Any other unit is "not found" with
 * the same hints as a code that does not exist, so no answer confirms that a neighbouring unit
 * exists or shows its name.
 */
export async function findUnitInScope(
  db: Db,
  code: string,
  roles: RoleAt[],
  wanted?: readonly Role[],
  alsoVisible?: (unit: Unit) => Promise<boolean>,
): Promise<UnitLookup> {
  const unit = code ? await unitByCode(db, code) : undefined;
  if (unit && (canAccess(roles, unit.path, wanted) || (await alsoVisible?.(unit)))) return { unit };
  return { unit: null, hints: await suggestUnits(db, code, wanted ? rolesIn(roles, wanted) : roles) };
}
