/**
 * A unit's page: the figures `tonghop` says (the same lines from the same summary), the breakdown by
 * child unit, the `bieudo` chart's SVG, and the links to the laggards and the Excel file of the same
 * unit and period. A cell's address leads to the cell's own page.
 */
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { Unit } from '../../../db/repo/units';
import type { Deps } from '../../deps';
import { summaryChartSvg } from '../../domain/summaries/chart';
import { computeSummary, type Summary } from '../../domain/summaries/compute';
import { figureLines, noCellLines, periodName } from '../../domain/summaries/render';
import { isCell } from '../../domain/units/kinds';
import { dashboard as t } from '../../messages/vi/dashboard';
import { frame, type Html, href, messagePage } from './layout';
import { chosenPeriod, periodPicker } from './period';
import { unitInScope, visibleAncestors } from './scope';
import type { DashboardEnv, Viewer } from './session';
import { breakdownTable } from './unit-table';

export function notFoundPage(c: Context<DashboardEnv>) {
  return c.html(messagePage(t.notFoundTitle, t.notFound, c.get('viewer')), 404);
}

/** Links up to the highest unit the person sees. */
export async function crumbs(deps: Deps, viewer: Viewer, unit: Unit, periodKey: string): Promise<Html> {
  const up = await visibleAncestors(deps.store.db, viewer, unit);
  if (up.length === 0) return html``;
  return html`<nav class="crumbs">${up.map(
    (u) => html`<a href="${href(`/don-vi/${u.id}`, periodKey)}">${t.up(u.name)}</a>`,
  )}</nav>`;
}

function chart(s: Summary): Html {
  if (noCellLines(s.period, s.today, s.totals.cells, s.tree)) return html``;
  const label = t.chartAlt(s.unit.name, periodName(s.period));
  // chart.ts escapes every text it writes into the SVG.
  return html`<h2>${t.chartTitle}</h2><figure class="chart box" role="img" aria-label="${label}">${raw(summaryChartSvg(s).svg)}</figure>`;
}

export function unitPage(deps: Deps) {
  return async (c: Context<DashboardEnv>) => {
    const viewer = c.get('viewer');
    const db = deps.store.db;
    const now = deps.clock();
    const tz = deps.config.TIMEZONE;
    const unit = await unitInScope(db, viewer, c.req.param('id') ?? '');
    if (!unit) return notFoundPage(c);
    if (isCell(unit.kind)) return c.redirect(href(`/chi-bo/${unit.id}`, c.req.query('ky')), 302);
    const chosen = chosenPeriod(c.req.query('ky'), now, tz);
    const s = await computeSummary(db, unit, chosen.period, { now, tz });
    const key = chosen.period.key;
    const none = noCellLines(s.period, s.today, s.totals.cells, s.tree);
    const body = html`${await crumbs(deps, viewer, unit, key)}
<h1>${unit.name} <span class="code">${unit.code}</span> — ${periodName(chosen.period)}</h1>
${periodPicker(href(`/don-vi/${unit.id}`), chosen.period, now, tz)}
${chosen.note ? html`<p class="note">${chosen.note}</p>` : ''}
<section class="box"><h2>${t.figuresTitle}</h2><ul class="figures">${figureLines(s).map((l) => html`<li>${l}</li>`)}</ul></section>
<div class="actions"><a class="button" href="${href(`/don-vi/${unit.id}/cham`, key)}">${t.laggardsLink}</a>
<a class="button" href="${href(`/don-vi/${unit.id}/excel`, key)}" download>${t.excel}</a></div>
${
  none
    ? ''
    : s.children.length > 0
      ? html`<h2>${t.breakdownTitle}</h2>${breakdownTable(s)}`
      : html`<p>${t.noChildren}</p>`
}
${chart(s)}`;
    return c.html(frame({ title: unit.name, viewer, body, sortable: true }));
  };
}
