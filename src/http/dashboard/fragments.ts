/** Pieces several pages share: the way up, the page heading with its period picker, the figures. */
import { html } from 'hono/html';
import type { Summary } from '../../domain/summaries/compute';
import { figureLines, periodName } from '../../domain/summaries/render';
import { dashboard as t } from '../../messages/vi/dashboard';
import { type Html, href } from './layout';
import { periodPicker } from './period';
import { visibleAncestors } from './scope';
import type { UnitRequest } from './unit-route';

/** Links up to the highest unit the person sees (never above it). */
export async function crumbs(r: UnitRequest): Promise<Html> {
  const up = await visibleAncestors(r.db, r.viewer, r.unit);
  if (up.length === 0) return html``;
  return html`<nav class="crumbs">${up.map(
    (u) => html`<a href="${href(`/don-vi/${u.id}`, r.chosen.period.key)}">${t.up(u.name)}</a>`,
  )}</nav>`;
}

/** The title with the period, the picker that reloads `path` for another one, and the default's note. */
export function heading(r: UnitRequest, title: Html | string, path: string): Html {
  const { period, note } = r.chosen;
  return html`<h1>${title} — ${periodName(period)}</h1>
${periodPicker(href(path), period, r.now, r.tz)}
${note ? html`<p class="note">${note}</p>` : ''}`;
}

/** The figure lines `tonghop` says, and the ways on: laggards and the Excel file. */
export function figuresAndActions(r: UnitRequest, s: Summary): Html {
  const key = r.chosen.period.key;
  return html`<section class="box"><h2>${t.figuresTitle}</h2><ul class="figures">${figureLines(s).map((l) => html`<li>${l}</li>`)}</ul></section>
<div class="actions"><a class="button" href="${href(`/don-vi/${r.unit.id}/cham`, key)}">${t.laggardsLink}</a>
<a class="button" href="${href(`/don-vi/${r.unit.id}/excel`, key)}" download>${t.excel}</a></div>`;
}
