/**
 * The laggards page: the three lists of laggards.ts, each cell with the people a reminder goes to,
 * the chats it would reach, and a "remind now" button (one form per cell and list, carrying the
 * session's token) or, once pressed today, when it goes out.
 */
import { html } from 'hono/html';
import type { Unit } from '../../../db/repo/units';
import type { Deps } from '../../deps';
import { periodLabel } from '../../domain/reports/period';
import { periodName } from '../../domain/summaries/render';
import { DASHBOARD_PATH } from '../../domain/web-login/base';
import { dashboard as t } from '../../messages/vi/dashboard';
import { onboarding } from '../../messages/vi/onboarding';
import { crumbs, heading } from './fragments';
import { type Laggard, type LagKind, laggardsIn, type Recipient } from './laggards';
import { frame, type Html, href } from './layout';
import type { Viewer } from './session';
import { stamp } from './stamp';
import { unitRoute } from './unit-route';

const TITLES: Record<LagKind, string> = {
  unmet: t.unmetTitle,
  unreported: t.unreportedTitle,
  unvisited: t.unvisitedTitle,
};

function reach(r: Recipient): string {
  if (r.targets.length === 0) return t.notLinked;
  const where = [...new Set(r.targets.map((x) => onboarding.platforms[x.platform] ?? x.platform))].join(', ');
  return r.unreachable ? `${where} (${t.unreachable})` : where;
}

interface Where {
  viewer: Viewer;
  from: Unit;
  periodKey: string;
  tz: string;
}

function remindCell(w: Where, kind: LagKind, l: Laggard): Html {
  const reachable = l.recipients.filter((r) => r.targets.length > 0);
  if (reachable.length === 0) return html``;
  const done = reachable.filter((r) => r.remindedAt !== undefined);
  if (done.length === reachable.length) {
    const at = Math.max(...done.map((r) => r.remindedAt!));
    return html`<span class="muted">${t.reminded(stamp(at, w.tz))}</span>`;
  }
  return html`<form class="inline" method="post" action="${DASHBOARD_PATH}/nhac">
<input type="hidden" name="csrf" value="${w.viewer.csrfToken}"><input type="hidden" name="kind" value="${kind}">
<input type="hidden" name="unit" value="${l.cell.unitId}"><input type="hidden" name="from" value="${w.from.id}">
<input type="hidden" name="ky" value="${w.periodKey}"><button type="submit">${t.remind}</button></form>`;
}

function monthsText(l: Laggard, kind: LagKind): string {
  if (kind === 'unvisited') return t.noVisitMark;
  const list = l.months.map(periodLabel).join(', ');
  const state = l.returnedOnly ? t.returnedMark : l.overdue ? t.lateMark : t.notDueYet;
  return `${list} — ${state}`;
}

function row(w: Where, kind: LagKind, l: Laggard): Html {
  const c = t.laggardCols;
  const nobody = kind === 'unvisited' ? t.noSupervisor : t.noSecretary;
  const lines = (items: string[]) => items.map((x, i) => html`${i ? html`<br>` : ''}${x}`);
  // The commune is said only when the page lists several (a province's or a district's page).
  const parent =
    l.cell.parentName && l.cell.parentCode !== w.from.code
      ? html`<br><span class="muted">${l.cell.parentName}</span>`
      : '';
  const who = l.recipients.length
    ? lines(l.recipients.map((r) => r.name))
    : html`<span class="muted">${nobody}</span>`;
  return html`<tr data-unit="${l.cell.unitId}"><td><a href="${href(`/chi-bo/${l.cell.unitId}`, w.periodKey)}">${l.cell.name}</a> <span class="code">${l.cell.code}</span>${parent}</td>
<td data-label="${c.who}">${who}</td><td data-label="${c.reach}">${lines(l.recipients.map(reach))}</td>
<td data-label="${c.months}">${monthsText(l, kind)}</td><td>${remindCell(w, kind, l)}</td></tr>`;
}

function section(w: Where, kind: LagKind, list: Laggard[]): Html {
  const c = t.laggardCols;
  const head = html`<thead><tr><th>${c.cell}</th><th>${c.who}</th><th>${c.reach}</th><th>${c.months}</th><th>${c.act}</th></tr></thead>`;
  const body =
    list.length === 0
      ? html`<p>${t.noneLagging}</p>`
      : html`<div class="scroll"><table class="list" id="lag-${kind}">${head}<tbody>${list.map((l) => row(w, kind, l))}</tbody></table></div>`;
  return html`<h2>${TITLES[kind]} (${list.length})</h2>${body}`;
}

export function laggardsPage(deps: Deps) {
  return unitRoute(deps, async (r) => {
    const { unit, chosen } = r;
    const key = chosen.period.key;
    const lists = await laggardsIn(r.db, unit.path, chosen.period, { now: r.now, tz: r.tz });
    const where = { viewer: r.viewer, from: unit, periodKey: key, tz: r.tz };
    const title = t.laggardsTitle(unit.name, periodName(chosen.period));
    const body = html`${await crumbs(r)}
<nav class="crumbs"><a href="${href(`/don-vi/${unit.id}`, key)}">${t.up(unit.name)}</a></nav>
${heading(r, t.laggardsTitle(unit.name), `/don-vi/${unit.id}/cham`)}
${section(where, 'unmet', lists.unmet)}${section(where, 'unreported', lists.unreported)}${section(where, 'unvisited', lists.unvisited)}`;
    return r.c.html(frame({ title, viewer: r.viewer, body }));
  });
}
