/**
 * A unit's page: the figures `tonghop` says (the same lines from the same summary), the breakdown by
 * child unit, the `bieudo` chart's SVG, and the links to the laggards and the Excel file of the same
 * unit and period. A cell's address leads to the cell's own page.
 */
import { html, raw } from 'hono/html';
import type { Deps } from '../../deps';
import { summaryChartSvg } from '../../domain/summaries/chart';
import { computeSummary, type Summary } from '../../domain/summaries/compute';
import { noCellLines, periodName } from '../../domain/summaries/render';
import { isCell } from '../../domain/units/kinds';
import { dashboard as t } from '../../messages/vi/dashboard';
import { crumbs, figuresAndActions, heading } from './fragments';
import { frame, type Html, href } from './layout';
import { unitRoute } from './unit-route';
import { breakdownTable } from './unit-table';

function chart(s: Summary): Html {
  if (noCellLines(s.period, s.today, s.totals.cells, s.tree)) return html``;
  const label = t.chartAlt(s.unit.name, periodName(s.period));
  // chart.ts escapes every text it writes into the SVG.
  return html`<h2>${t.chartTitle}</h2><figure class="chart box" role="img" aria-label="${label}">${raw(summaryChartSvg(s).svg)}</figure>`;
}

export function unitPage(deps: Deps) {
  return unitRoute(deps, async (r) => {
    const { c, unit, chosen } = r;
    if (isCell(unit.kind)) return c.redirect(href(`/chi-bo/${unit.id}`, c.req.query('ky')), 302);
    const s = await computeSummary(r.db, unit, chosen.period, { now: r.now, tz: r.tz });
    const none = noCellLines(s.period, s.today, s.totals.cells, s.tree);
    const title = html`${unit.name} <span class="code">${unit.code}</span>`;
    const body = html`${await crumbs(r)}${heading(r, title, `/don-vi/${unit.id}`)}${figuresAndActions(r, s)}
${
  none
    ? ''
    : s.children.length > 0
      ? html`<h2>${t.breakdownTitle}</h2>${breakdownTable(s)}`
      : html`<p>${t.noChildren}</p>`
}
${chart(s)}`;
    return c.html(frame({ title: unit.name, viewer: r.viewer, body, sortable: true }));
  });
}
