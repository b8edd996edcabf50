/**
 * A cell's page: its monthly rule and next meeting, who is its secretary and who supervises it, the
 * figures of the period (the same lines as `tonghop` for the cell), then its meeting records, reports
 * and visits of the period with every revision, who sent a report back and the supervisors' notes.
 */
import { html } from 'hono/html';
import { describeRule } from '../../../commands/lich';
import { activeSupervisors, peopleByIds, upcomingMeetings } from '../../../db/repo/meetings';
import { holdersOf } from '../../../db/repo/people';
import { draftOf } from '../../../db/repo/reports';
import type { Deps } from '../../deps';
import { ruleFromJson } from '../../domain/meetings/rule';
import { periodLabel } from '../../domain/reports/period';
import { computeSummary } from '../../domain/summaries/compute';
import { formatDateInput, formatDateTimeVi, localParts } from '../../domain/time/zone';
import { isCell } from '../../domain/units/kinds';
import { dashboard as t } from '../../messages/vi/dashboard';
import { GRADE_NAMES, KIND_NAMES, meetings as mt } from '../../messages/vi/meetings';
import { reportBody } from '../../messages/vi/reports';
import { type CellRecords, cellRecords } from './cell-records';
import { crumbs, figuresAndActions, heading } from './fragments';
import { frame, type Html, href } from './layout';
import { stamp } from './stamp';
import { type UnitRequest, unitRoute } from './unit-route';

/** One item: its heading line and its detail lines; `muted` for a superseded revision. */
interface Item {
  head: string;
  lines: string[];
  muted?: boolean;
}

function section(title: string, empty: string, items: Item[]): Html {
  const body =
    items.length === 0
      ? html`<p>${empty}</p>`
      : html`<ul class="records">${items.map(
          (i) =>
            html`<li class="${i.muted ? 'muted' : ''}"><div class="head">${i.head}</div><ul>${i.lines.map((l) => html`<li>${l}</li>`)}</ul></li>`,
        )}</ul>`;
  return html`<h2>${title}</h2>${body}`;
}

function recordItems(r: CellRecords, tz: string): Item[] {
  return r.records.map((m) => ({
    head: t.recordHead(formatDateInput(m.heldOn), KIND_NAMES[m.kind]),
    lines: [
      t.recordLine(m.present, m.total, m.absentExcused, m.absentUnexcused),
      ...(m.grade ? [t.grade(GRADE_NAMES[m.grade])] : []),
      ...(m.topic ? [t.topic(m.topic)] : []),
      ...(m.attendeeText ? [t.attendee(m.attendeeText)] : []),
      ...(m.note ? [t.notes(m.note)] : []),
      t.revision(m.revision, stamp(m.recordedAt, tz), r.names.get(m.recordedBy) ?? '?', m.isCurrent),
    ],
    muted: !m.isCurrent,
  }));
}

function reportItems(r: CellRecords, tz: string): Item[] {
  return r.reports.map((x) => {
    const state =
      x.status === 'returned'
        ? t.reportReturned(
            r.names.get(x.returnedBy ?? '') ?? '?',
            stamp(x.returnedAt ?? 0, tz),
            x.returnedNote ?? '',
          )
        : x.late
          ? t.reportLate
          : t.reportOnTime;
    const content = reportBody(draftOf(x))
      .split('\n')
      .map((l) => l.replace(/^• /, ''));
    const revisions = x.revisions.map((v) =>
      t.reportRevision(v.revision, stamp(v.at, tz), r.names.get(v.by) ?? '?'),
    );
    return { head: `${t.reportHead(periodLabel(x.period))}: ${state}`, lines: [...content, ...revisions] };
  });
}

function visitItems(r: CellRecords): Item[] {
  return r.visits.map((v) => ({
    head: `${t.visitHead(formatDateInput(v.visitedOn), v.who ?? '?')}${v.unassigned ? ` (${t.visitUnassigned})` : ''}`,
    lines: [...(v.grade ? [t.grade(GRADE_NAMES[v.grade])] : []), ...(v.notes ? [t.notes(v.notes)] : [])],
  }));
}

/** The rule, the next meeting and the people, as the secretary set them in chat. */
async function about(r: UnitRequest): Promise<Html> {
  const { db, unit, now, tz } = r;
  const rule = ruleFromJson(unit.meetingRule);
  // A meeting that began a little while ago is still "the next one" (as `lich` says).
  const [next] = await upcomingMeetings(db, unit.id, new Date(now.getTime() - 3 * 3_600_000), 1);
  const secretaries = await holdersOf(db, unit.id, ['secretary'], now);
  const assigned = (await activeSupervisors(db, [unit.id], localParts(now, tz).isoDate)).get(unit.id) ?? [];
  const supervisors = await peopleByIds(db, assigned);
  const names = (ps: { name: string }[]) => (ps.length ? ps.map((p) => p.name).join(', ') : t.nobody);
  const nextLine = next
    ? mt.meetingLine(formatDateTimeVi(new Date(next.scheduledAt), tz), next.place, next.kind, next.topic)
    : t.noNext;
  return html`<section class="box"><h2>${t.ruleTitle}</h2><p>${rule ? describeRule(rule) : t.noRule}</p>
<h2>${t.nextTitle}</h2><p>${nextLine}</p>
<h2>${t.peopleTitle}</h2><p>${t.secretaries}: ${names(secretaries)}<br>${t.supervisors}: ${names(supervisors)}</p></section>`;
}

export function cellPage(deps: Deps) {
  return unitRoute(deps, async (r) => {
    const { c, unit, chosen, tz } = r;
    if (!isCell(unit.kind)) return c.redirect(href(`/don-vi/${unit.id}`, c.req.query('ky')), 302);
    const summary = await computeSummary(r.db, unit, chosen.period, { now: r.now, tz });
    const records = await cellRecords(r.db, unit.id, chosen.period);
    const title = t.cellTitle(unit.name, unit.code);
    const body = html`${await crumbs(r)}${heading(r, title, `/chi-bo/${unit.id}`)}${await about(r)}${figuresAndActions(r, summary)}
${section(t.recordsTitle, t.noRecords, recordItems(records, tz))}
${section(t.reportsTitle, t.noReports, reportItems(records, tz))}
${section(t.visitsTitle, t.noVisits, visitItems(records))}`;
    return c.html(frame({ title, viewer: r.viewer, body }));
  });
}
