/**
 * A cell's page: its monthly rule and next meeting, who is its secretary and who supervises it, the
 * figures of the period (the same lines as `tonghop` for the cell), then its meeting records, reports
 * and visits of the period with every revision, who sent a report back and the supervisors' notes.
 */
import type { Context } from 'hono';
import { html } from 'hono/html';
import { describeRule } from '../../../commands/lich';
import { activeSupervisors, peopleByIds, upcomingMeetings } from '../../../db/repo/meetings';
import { holdersOf } from '../../../db/repo/people';
import { draftOf } from '../../../db/repo/reports';
import type { Deps } from '../../deps';
import { ruleFromJson } from '../../domain/meetings/rule';
import { periodLabel } from '../../domain/reports/period';
import { computeSummary } from '../../domain/summaries/compute';
import { figureLines, periodName } from '../../domain/summaries/render';
import { formatDateInput, formatDateTimeVi, localParts } from '../../domain/time/zone';
import { isCell } from '../../domain/units/kinds';
import { dashboard as t } from '../../messages/vi/dashboard';
import { GRADE_NAMES, KIND_NAMES, meetings as mt } from '../../messages/vi/meetings';
import { reportBody } from '../../messages/vi/reports';
import { type CellRecords, cellRecords } from './cell-records';
import { frame, type Html, href } from './layout';
import { chosenPeriod, periodPicker } from './period';
import { unitInScope } from './scope';
import type { DashboardEnv } from './session';
import { stamp } from './stamp';
import { crumbs, notFoundPage } from './unit-page';

const list = (items: string[]) => html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`;

function recordsSection(r: CellRecords, tz: string): Html {
  const when = (ms: number) => stamp(ms, tz);
  return html`<h2>${t.recordsTitle}</h2>${
    r.records.length === 0
      ? html`<p>${t.noRecords}</p>`
      : html`<ul class="records">${r.records.map(
          (
            m,
          ) => html`<li class="${m.isCurrent ? '' : 'muted'}"><div class="head">${t.recordHead(formatDateInput(m.heldOn), KIND_NAMES[m.kind])}</div>
${list([
  t.recordLine(m.present, m.total, m.absentExcused, m.absentUnexcused),
  ...(m.grade ? [t.grade(GRADE_NAMES[m.grade])] : []),
  ...(m.topic ? [t.topic(m.topic)] : []),
  ...(m.attendeeText ? [t.attendee(m.attendeeText)] : []),
  ...(m.note ? [t.notes(m.note)] : []),
  t.revision(m.revision, when(m.recordedAt), r.names.get(m.recordedBy) ?? '?', m.isCurrent),
])}</li>`,
        )}</ul>`
  }`;
}

function reportsSection(r: CellRecords, tz: string): Html {
  const when = (ms: number) => stamp(ms, tz);
  return html`<h2>${t.reportsTitle}</h2>${
    r.reports.length === 0
      ? html`<p>${t.noReports}</p>`
      : html`<ul class="records">${r.reports.map(
          (x) => html`<li><div class="head">${t.reportHead(periodLabel(x.period))}: ${
            x.status === 'returned'
              ? t.reportReturned(
                  r.names.get(x.returnedBy ?? '') ?? '?',
                  when(x.returnedAt ?? 0),
                  x.returnedNote ?? '',
                )
              : x.late
                ? t.reportLate
                : t.reportOnTime
          }</div>
${list([
  ...reportBody(draftOf(x))
    .split('\n')
    .map((l) => l.replace(/^• /, '')),
  ...x.revisions.map((v) => t.reportRevision(v.revision, when(v.at), r.names.get(v.by) ?? '?')),
])}</li>`,
        )}</ul>`
  }`;
}

function visitsSection(r: CellRecords): Html {
  return html`<h2>${t.visitsTitle}</h2>${
    r.visits.length === 0
      ? html`<p>${t.noVisits}</p>`
      : html`<ul class="records">${r.visits.map(
          (
            v,
          ) => html`<li><div class="head">${t.visitHead(formatDateInput(v.visitedOn), v.who ?? '?')}${v.unassigned ? ` (${t.visitUnassigned})` : ''}</div>
${list([...(v.grade ? [t.grade(GRADE_NAMES[v.grade])] : []), ...(v.notes ? [t.notes(v.notes)] : [])])}</li>`,
        )}</ul>`
  }`;
}

export function cellPage(deps: Deps) {
  return async (c: Context<DashboardEnv>) => {
    const viewer = c.get('viewer');
    const db = deps.store.db;
    const now = deps.clock();
    const tz = deps.config.TIMEZONE;
    const unit = await unitInScope(db, viewer, c.req.param('id') ?? '');
    if (!unit) return notFoundPage(c);
    if (!isCell(unit.kind)) return c.redirect(href(`/don-vi/${unit.id}`, c.req.query('ky')), 302);
    const chosen = chosenPeriod(c.req.query('ky'), now, tz);
    const key = chosen.period.key;
    const summary = await computeSummary(db, unit, chosen.period, { now, tz });
    const rule = ruleFromJson(unit.meetingRule);
    // A meeting that began a little while ago is still "the next one" (as `lich` says).
    const [next] = await upcomingMeetings(db, unit.id, new Date(now.getTime() - 3 * 3_600_000), 1);
    const secretaries = await holdersOf(db, unit.id, ['secretary'], now);
    const supervisorIds =
      (await activeSupervisors(db, [unit.id], localParts(now, tz).isoDate)).get(unit.id) ?? [];
    const supervisors = await peopleByIds(db, supervisorIds);
    const records = await cellRecords(db, unit.id, chosen.period);
    const names = (ps: { name: string }[]) => (ps.length ? ps.map((p) => p.name).join(', ') : t.nobody);
    const title = t.cellTitle(unit.name, unit.code);
    const body = html`${await crumbs(deps, viewer, unit, key)}
<h1>${title} — ${periodName(chosen.period)}</h1>
${periodPicker(href(`/chi-bo/${unit.id}`), chosen.period, now, tz)}
${chosen.note ? html`<p class="note">${chosen.note}</p>` : ''}
<section class="box"><h2>${t.ruleTitle}</h2><p>${rule ? describeRule(rule) : t.noRule}</p>
<h2>${t.nextTitle}</h2><p>${next ? mt.meetingLine(formatDateTimeVi(new Date(next.scheduledAt), tz), next.place, next.kind, next.topic) : t.noNext}</p>
<h2>${t.peopleTitle}</h2><p>${t.secretaries}: ${names(secretaries)}<br>${t.supervisors}: ${names(supervisors)}</p></section>
<section class="box"><h2>${t.figuresTitle}</h2><ul class="figures">${figureLines(summary).map((l) => html`<li>${l}</li>`)}</ul></section>
<div class="actions"><a class="button" href="${href(`/don-vi/${unit.id}/cham`, key)}">${t.laggardsLink}</a>
<a class="button" href="${href(`/don-vi/${unit.id}/excel`, key)}" download>${t.excel}</a></div>
${recordsSection(records, tz)}${reportsSection(records, tz)}${visitsSection(records)}`;
    return c.html(frame({ title, viewer, body }));
  };
}
