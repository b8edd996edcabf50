/** `baocao tralai MÃ THÁNG lý do`: a coordinator sends a report back; the secretaries are told what to fix. */

import { type CommandContext, type CommandResult, reply } from '../../commands/define';
import { audit } from '../../db/repo/audit';
import { holdersOf } from '../../db/repo/people';
import { reportFor, returnReport } from '../../db/repo/reports';
import { canAccess } from '../bot/scope';
import { findUnitInScope } from '../bot/unit-lookup';
import { FIELD_MAX } from '../domain/reports/draft';
import { matchPeriod, periodLabel } from '../domain/reports/period';
import { align, slice, tidyValue } from '../domain/reports/text';
import { reports } from '../messages/vi';
import { overLimit } from '../text/length';
import { cleanText } from '../text/normalize';

export async function sendBack(ctx: CommandContext, rest: string): Promise<CommandResult> {
  const { db, person, now, newId } = ctx;
  const tz = ctx.config.TIMEZONE;
  const code = rest.split(' ')[0] ?? '';
  if (!code) return reply(reports.returnUsage);
  // Visible through any role: a committee member is told the coordinators do this; anyone else
  // is told the code is unknown, as for a code that does not exist.
  const { unit, hints } = await findUnitInScope(db, code, person!.roles);
  if (!unit) return reply(`${reports.unitUnknown(code)}${hints.length ? ` (${hints.join(', ')})` : ''}`);
  if (!canAccess(person!.roles, unit.path, ['coordinator']))
    return reply(reports.returnNotAllowed(unit.name));
  const after = align(rest.slice(code.length).trim());
  const m = matchPeriod(after.folded, now, tz);
  if (!m) return reply(reports.returnUsage);
  if (!m.result.ok) return reply(m.result.reason === 'future' ? reports.periodFuture : reports.returnUsage);
  const period = m.result.period;
  const label = periodLabel(period);
  const note = tidyValue(cleanText(slice(after, m.length)));
  if (!note) return reply(reports.returnNoNote);
  if (overLimit(note, FIELD_MAX) !== null) return reply(reports.returnNoteTooLong);
  const report = await reportFor(db, unit.id, period);
  if (!report) return reply(reports.returnNothing(unit.name, label));
  if (report.status === 'returned') return reply(reports.returnAlready(unit.name, label));
  const secretaries = await holdersOf(db, unit.id, ['secretary', 'deputy'], now);
  const to = new Set(secretaries.map((p) => p.id));
  to.add(report.submittedBy);
  to.delete(person!.id);
  return {
    replies: [{ text: reports.returnDone(unit.name, label, to.size) }],
    writes: [
      returnReport(db, report, note, person!.id, now),
      audit(
        db,
        newId(),
        {
          actorPersonId: person!.id,
          via: 'bot',
          action: 'return_report',
          entity: 'report',
          entityId: report.id,
          detail: { unit: unit.code, period, note },
        },
        now,
      ),
    ],
    notify: [...to].map((personId) => ({
      personId,
      message: { text: reports.returnedToSecretary(unit.name, label, note, person!.name) },
    })),
  };
}
