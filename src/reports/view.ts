/** `baocao xem [MÃ] [tháng]`: a report with its status and every revision, for those who may read it. */
import { inArray } from 'drizzle-orm';
import { type CommandContext, type CommandResult, reply } from '../../commands/define';
import { draftOf, latestReport, type Report, reportFor, revisionsOf } from '../../db/repo/reports';
import { type unitByCode, unitById } from '../../db/repo/units';
import { people } from '../../db/schema';
import { findUnitInScope } from '../bot/unit-lookup';
import { parsePeriod, periodLabel } from '../domain/reports/period';
import { formatDateInput, formatTimeVi, localParts } from '../domain/time/zone';
import { reportBody, reports } from '../messages/vi';
import { reportCells } from './cells';

function when(t: number, tz: string): string {
  const d = new Date(t);
  return `${formatTimeVi(d, tz)} ${formatDateInput(localParts(d, tz).isoDate)}`;
}

export async function view(ctx: CommandContext, rest: string): Promise<CommandResult> {
  const { db, person, now } = ctx;
  const tz = ctx.config.TIMEZONE;
  // "baocao xem 11/2026" names a month; "baocao xem KP3 11/2026" a cell first.
  const whole = rest ? parsePeriod(rest, now, tz) : null;
  let named: Awaited<ReturnType<typeof unitByCode>>;
  let periodText = rest;
  if (rest && whole && !whole.ok && whole.reason === 'invalid') {
    const first = rest.split(' ')[0]!;
    const found = await findUnitInScope(db, first, person!.roles);
    named = found.unit ?? undefined;
    if (!named) {
      const hints = found.hints ?? [];
      return reply(
        `${reports.unitUnknown(first)}${hints.length ? ` (${hints.join(', ')})` : ''}`,
        reports.viewUsage,
      );
    }
    periodText = rest.slice(first.length).trim();
  }
  let period: string | undefined;
  if (periodText) {
    const p = parsePeriod(periodText, now, tz);
    if (!p.ok)
      return reply(
        p.reason === 'future' ? reports.periodFuture : reports.periodInvalid(periodText.slice(0, 20)),
      );
    period = p.period;
  }
  let unitIds: string[];
  if (named) {
    unitIds = [named.id];
  } else {
    const cells = reportCells(person!.roles);
    if (cells.length === 0) return reply(reports.viewUsage);
    unitIds = cells.map((c) => c.unitId);
  }
  const texts: string[] = [];
  for (const id of unitIds) {
    const unit = await unitById(db, id);
    const name = unit?.name ?? '';
    const report = period ? await reportFor(db, id, period) : await latestReport(db, id);
    if (!report) {
      texts.push(period ? reports.viewNone(name, periodLabel(period)) : reports.noReportAtAll(name));
      continue;
    }
    texts.push(await renderReport(ctx, name, report, tz));
  }
  return { replies: texts.map((text) => ({ text })) };
}

async function renderReport(ctx: CommandContext, unitName: string, r: Report, tz: string): Promise<string> {
  const revs = await revisionsOf(ctx.db, r.id);
  const ids = [...new Set([...revs.map((x) => x.by), r.returnedBy].filter((x): x is string => !!x))];
  const names = new Map(
    ids.length
      ? (
          await ctx.db
            .select({ id: people.id, name: people.name })
            .from(people)
            .where(inArray(people.id, ids))
            .all()
        ).map((p) => [p.id, p.name])
      : [],
  );
  const lines = [reports.viewHeader(unitName, periodLabel(r.period))];
  lines.push(
    r.status === 'returned'
      ? reports.viewStatusReturned(
          r.returnedNote ?? '',
          names.get(r.returnedBy ?? '') ?? '?',
          when(r.returnedAt ?? 0, tz),
        )
      : reports.viewStatusSubmitted(r.late),
  );
  lines.push(reportBody(draftOf(r)));
  for (const x of revs) lines.push(reports.viewRevision(x.revision, when(x.at, tz), names.get(x.by) ?? '?'));
  return lines.join('\n');
}
