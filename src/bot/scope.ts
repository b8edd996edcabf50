/**
 * Scope: a person may see and change a unit when they hold a role at it or at one of its ancestors.
 * Every command that reads or writes a unit's data goes through these checks.
 */
import type { RoleAt } from '../../db/repo/people';
import type { Role } from '../../db/schema';

export function rolesIn(roles: RoleAt[], wanted: readonly Role[]): RoleAt[] {
  return roles.filter((r) => wanted.includes(r.role));
}

/** True when one of the person's roles (of the wanted kinds) is at `unitPath` or above it. */
export function canAccess(roles: RoleAt[], unitPath: string, wanted?: readonly Role[]): boolean {
  return roles.some((r) => (!wanted || wanted.includes(r.role)) && unitPath.startsWith(r.unitPath));
}

/** The highest units where the person holds one of the roles (no unit listed twice or below another). */
export function topUnits(roles: RoleAt[], wanted?: readonly Role[]): RoleAt[] {
  const mine = wanted ? rolesIn(roles, wanted) : roles;
  return mine.filter(
    (r, i) =>
      !mine.some(
        (o, j) => j !== i && r.unitPath.startsWith(o.unitPath) && (o.unitPath !== r.unitPath || j < i),
      ),
  );
}
