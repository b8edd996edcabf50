/**
 * The breakdown table of a summary: one row per child unit, worst first as computeSummary orders them
 * (the same rows `tonghop` lists), and the totals. Each cell carries its number in `data-v` for the
 * sorting script; met and reported count the due months (the months so far while none is due), as
 * `tonghop` does.
 */
import { html } from 'hono/html';
import type { ChildRow, Figures, Summary } from '../../domain/summaries/compute';
import { shares } from '../../domain/summaries/compute';
import { isCell } from '../../domain/units/kinds';
import { dashboard as t } from '../../messages/vi/dashboard';
import { type Html, href } from './layout';

const ratio = (a: number, b: number) => (b > 0 ? a / b : -1);
const tone = (share: number) => (share < 0 ? '' : share >= 0.9 ? 'good' : share >= 0.6 ? 'ok' : 'bad');

/** `due`: the figure is past its due date; before that a low share is no failure, so it is not coloured. */
function fraction(done: number, of: number, due: boolean): Html {
  const s = ratio(done, of);
  return html`<td data-v="${s.toFixed(4)}" class="${due ? tone(s) : ''}">${of > 0 ? `${done}/${of}` : '—'}</td>`;
}

function count(n: number, bad = false): Html {
  return html`<td data-v="${n}" class="${bad && n > 0 ? 'bad' : ''}">${n}</td>`;
}

function figureCells(f: Figures, whole: Figures = f): Html {
  const due = f.dueMonths > 0;
  const met = due ? f.dueMonths - f.missedMonths : f.met;
  const months = due ? f.dueMonths : f.cellMonths;
  const attendance = ratio(f.present, f.total);
  // A unit owing nothing due yet, among units with due months: no share of due months to show.
  const metCell =
    shares(f, whole).basis === 'none_due'
      ? html`<td data-v="1">${t.notDueYet}</td>`
      : fraction(met, months, due);
  return html`<td data-v="${f.cells}">${f.cells}</td>${metCell}${fraction(f.thematicQuarters, f.quarters, f.quartersDue > 0)}
<td data-v="${attendance.toFixed(4)}">${attendance < 0 ? '—' : `${Math.round(attendance * 100)}%`}</td>
${count(f.reportsOnTime)}${count(f.reportsLate)}${count(f.reportsReturned, true)}${count(f.reportsMissing, true)}
${fraction(f.visitedCells, f.cells, due && f.dueMonths === f.cellMonths)}${count(f.petitionsRaised)}${count(f.petitionsResolved)}`;
}

function childRow(c: ChildRow, s: Summary): Html {
  const path = isCell(c.kind) ? `/chi-bo/${c.unitId}` : `/don-vi/${c.unitId}`;
  return html`<tr><td data-v="${c.name}"><a href="${href(path, s.period.key)}">${c.name}</a> <span class="code">${c.code}</span></td>${figureCells(c, s.totals)}</tr>`;
}

export function breakdownTable(s: Summary): Html {
  const cols = t.columns;
  const heads = [
    cols.unit,
    cols.cells,
    cols.met,
    cols.thematic,
    cols.attendance,
    cols.onTime,
    cols.late,
    cols.returned,
    cols.missing,
    cols.visited,
    cols.raised,
    cols.resolved,
  ];
  // The open-month hint: shares of a month still running count what is done so far.
  const soFar = shares(s.totals).basis === 'so_far';
  return html`<p class="hint sort-hint" hidden>${t.sortHint}</p>${soFar ? html`<p class="hint">${t.openMonth}</p>` : ''}
<div class="scroll"><table class="sortable" id="breakdown">
<thead><tr>${heads.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${s.children.map((c) => childRow(c, s))}</tbody>
<tfoot><tr><td>${t.totalRow}</td>${figureCells(s.totals)}</tr></tfoot>
</table></div>`;
}
