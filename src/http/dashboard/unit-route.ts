/**
 * The common start of every page about one unit: the unit from the address, only inside the person's
 * scope (anything else is the one "not found" page), and the period asked for.
 */
import type { Context } from 'hono';
import type { Unit } from '../../../db/repo/units';
import type { Db } from '../../../db/types';
import type { Deps } from '../../deps';
import { dashboard as t } from '../../messages/vi/dashboard';
import { messagePage } from './layout';
import { type Chosen, chosenPeriod } from './period';
import { unitInScope } from './scope';
import type { DashboardEnv, Viewer } from './session';

export interface UnitRequest {
  c: Context<DashboardEnv>;
  viewer: Viewer;
  unit: Unit;
  db: Db;
  now: Date;
  tz: string;
  chosen: Chosen;
}

export function notFoundPage(c: Context<DashboardEnv>) {
  return c.html(messagePage(t.notFoundTitle, t.notFound, c.get('viewer')), 404);
}

export function unitRoute(deps: Deps, handle: (r: UnitRequest) => Promise<Response>) {
  return async (c: Context<DashboardEnv>) => {
    const viewer = c.get('viewer');
    const db = deps.store.db;
    const unit = await unitInScope(db, viewer, c.req.param('id') ?? '');
    if (!unit) return notFoundPage(c);
    const now = deps.clock();
    const tz = deps.config.TIMEZONE;
    return handle({ c, viewer, unit, db, now, tz, chosen: chosenPeriod(c.req.query('ky'), now, tz) });
  };
}
