/** The cells whose monthly report a person sends: where they are secretary or deputy, each once. */
import type { RoleAt } from '../../db/repo/people';
import type { Role } from '../../db/schema';

const SENDERS: readonly Role[] = ['secretary', 'deputy'];

export function reportCells(roles: RoleAt[]): RoleAt[] {
  const seen = new Set<string>();
  return roles.filter((r) => SENDERS.includes(r.role) && !seen.has(r.unitId) && seen.add(r.unitId));
}
