/**
 * Units by the id in the address, only inside the person's scope: any other id, whether it exists or
 * not, gets the same "not found" page (the same status, the same words), so the dashboard is no
 * directory of the province.
 */
import { inArray } from 'drizzle-orm';
import { type Unit, unitById } from '../../../db/repo/units';
import { units } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { canAccess } from '../../bot/scope';
import { SUMMARY_ROLES } from '../../domain/summaries/target';
import type { Viewer } from './session';

const ID_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;

export async function unitInScope(db: Db, viewer: Viewer, id: string): Promise<Unit | null> {
  if (!ID_SHAPE.test(id)) return null;
  const unit = await unitById(db, id);
  return unit && canAccess(viewer.person.roles, unit.path, SUMMARY_ROLES) ? unit : null;
}

/** The unit's ancestors the person may see, top first (never above their own units). */
export async function visibleAncestors(db: Db, viewer: Viewer, unit: Unit): Promise<Unit[]> {
  const ids = unit.path.split('/').filter((x) => x && x !== unit.id);
  if (ids.length === 0) return [];
  const rows = await db.select().from(units).where(inArray(units.id, ids)).all();
  return rows
    .filter((u) => canAccess(viewer.person.roles, u.path, SUMMARY_ROLES))
    .sort((a, b) => a.depth - b.depth);
}
