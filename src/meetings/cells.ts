/**
 * Which cell a meetings command is about: the only one the person serves, a code or name typed
 * first ("lich KP2 5/12 19h30"), or a choice offered as buttons (numbered on Zalo and the simulator).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { RoleAt } from '../../db/repo/people';
import { type Role, units } from '../../db/schema';
import type { Db } from '../../db/types';
import type { Choice } from '../bot/flow/choices';
import { nameKeys, unitAtStart } from '../bot/unit-words';
import { fold } from '../text/normalize';
import { STANDING_COMMITTEE } from './recipients';

export interface Cell {
  id: string;
  code: string;
  name: string;
}

/** The units where the person holds one of `roles`, each once. */
export function cellsWithRole(roles: RoleAt[], wanted: readonly Role[]): Cell[] {
  const seen = new Set<string>();
  const out: Cell[] = [];
  for (const r of roles) {
    if (!wanted.includes(r.role) || seen.has(r.unitId)) continue;
    seen.add(r.unitId);
    out.push({ id: r.unitId, code: r.unitCode, name: r.unitName });
  }
  return out;
}

/** The cell named first ("lich KP2 5/12 19h30", "hop khu pho 3 …"), or the only one; the rest of the text. */
export function cellInArgs(cells: Cell[], args: string): { cells: Cell[]; args: string } {
  const named = unitAtStart(cells, args);
  if (named) return { cells: named.units, args: named.rest };
  return { cells: cells.length === 1 ? cells : [], args };
}

/** The person's cells as choices of a flow step. */
export function cellChoices(cells: Cell[]): Choice[] {
  return cells.map((c) => ({ value: `u:${c.id}`, label: c.name, words: [fold(c.code), ...nameKeys(c)] }));
}

/** The cell chosen with a `u:<id>` button, if it is still one of the person's. */
export function chosenCell(cells: Cell[], value: string): Cell | undefined {
  return value.startsWith('u:') ? cells.find((c) => c.id === value.slice(2)) : undefined;
}

/**
 * The units whose meetings the person runs: those where they hold one of `roles` (a cell, a
 * commune whose secretary they are), plus the standing committees under those units, which the
 * commune's secretary and deputies chair.
 */
export async function meetingUnits(db: Db, roles: RoleAt[], wanted: readonly Role[]): Promise<Cell[]> {
  const own = cellsWithRole(roles, wanted);
  const parents = own.filter((c) => roles.some((r) => r.unitId === c.id && r.unitKind !== 'cell'));
  if (parents.length === 0) return own;
  const children = await db
    .select({ id: units.id, code: units.code, name: units.name })
    .from(units)
    .where(
      and(
        inArray(
          units.parentId,
          parents.map((p) => p.id),
        ),
        eq(units.kind, STANDING_COMMITTEE),
      ),
    )
    .all();
  return [...own, ...children.filter((c) => !own.some((o) => o.id === c.id))];
}
