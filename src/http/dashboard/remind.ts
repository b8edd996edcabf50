/**
 * "Remind now": the one thing the dashboard changes. The cell must be in the person's scope and still
 * lagging in that list for that period (nobody is reminded of something done); the reminder goes
 * through the outbox like the scheduled ones: held until the quiet hours end, one per chat under a
 * unique key (a second press the same day adds nothing), and dropped if still unsent a day later.
 */
import type { Context } from 'hono';
import type { Write } from '../../../db/types';
import type { Deps } from '../../deps';
import { periodLabel } from '../../domain/reports/period';
import { outsideQuietHours } from '../../domain/reports/reminders';
import { periodFromKey } from '../../domain/summaries/period';
import { periodName } from '../../domain/summaries/render';
import { isCell } from '../../domain/units/kinds';
import { keyFor } from '../../meetings/recipients';
import { dashboard as t } from '../../messages/vi/dashboard';
import { enqueue } from '../../outbox/enqueue';
import { checkedForm } from './csrf';
import { LAG_KINDS, type Laggard, type LagKind, laggardsIn } from './laggards';
import { href, messagePage } from './layout';
import { unitInScope } from './scope';
import type { DashboardEnv } from './session';
import { notFoundPage } from './unit-route';

const DAY_MS = 86_400_000;

function text(kind: LagKind, from: string, l: Laggard, periodText: string): string {
  const months = l.months.map(periodLabel);
  if (kind === 'unmet') return t.remindMeeting(from, l.cell.name, months);
  if (kind === 'unreported') return t.remindReport(from, l.cell.name, months, l.returnedOnly);
  return t.remindVisit(from, l.cell.name, periodText);
}

export function remindRoute(deps: Deps) {
  return async (c: Context<DashboardEnv>) => {
    const viewer = c.get('viewer');
    const form = await checkedForm(c, viewer);
    if (!form) return c.html(messagePage(t.loginTitle, t.formExpired, viewer), 403);
    const db = deps.store.db;
    const now = deps.clock();
    const tz = deps.config.TIMEZONE;
    const cell = await unitInScope(db, viewer, form.unit ?? '');
    const period = periodFromKey((form.ky ?? '').slice(0, 8));
    const kind = LAG_KINDS.find((k) => k === form.kind);
    if (!cell || !isCell(cell.kind) || !period || !kind) return notFoundPage(c);
    const from = await unitInScope(db, viewer, form.from ?? '');
    const back = from ? href(`/don-vi/${from.id}/cham`, period.key) : href(`/chi-bo/${cell.id}`, period.key);

    const lagging = (await laggardsIn(db, cell.path, period, { now, tz }))[kind].find(
      (l) => l.cell.unitId === cell.id,
    );
    if (!lagging) return c.html(messagePage(t.remind, t.remindNothing, viewer), 409);
    const notBefore = outsideQuietHours(now, tz, deps.config.QUIET_HOURS);
    const message = { text: text(kind, viewer.person.name, lagging, periodName(period)) };
    const writes: Write[] = [];
    for (const r of lagging.recipients) {
      r.targets.forEach((target, i) => {
        writes.push(
          ...enqueue(db, target, message, now, {
            dedupeKey: keyFor(r.key, target, i),
            notBefore,
            expiresAt: new Date(notBefore.getTime() + DAY_MS),
          }),
        );
      });
    }
    if (writes.length > 0) {
      await deps.store.commit(writes);
      deps.kick();
      deps.log.info('dashboard reminder', { kind, unitId: cell.id, by: viewer.person.id });
    }
    return c.redirect(back, 303);
  };
}
