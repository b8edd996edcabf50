/** Sending a confirmed report: a first send or a new revision, and the coordinator told of a re-send. */
import type { CommandContext, CommandResult } from '../../commands/define';
import { audit } from '../../db/repo/audit';
import { reportFor, saveReport } from '../../db/repo/reports';
import { unitById } from '../../db/repo/units';
import { isLate, periodLabel } from '../domain/reports/period';
import { reports } from '../messages/vi';
import type { ReportFlow } from './report-flow';

export async function submitReport(ctx: CommandContext, d: ReportFlow): Promise<CommandResult> {
  const { db, now, person, newId } = ctx;
  const unit = await unitById(db, d.unitId!);
  const existing = await reportFor(db, d.unitId!, d.period!);
  const late = existing ? existing.late : isLate(d.period!, now, ctx.config.TIMEZONE);
  const label = periodLabel(d.period!);
  const writes = saveReport(
    db,
    {
      existing,
      id: newId(),
      revisionId: newId(),
      unitId: d.unitId!,
      period: d.period!,
      draft: d.report,
      by: person!.id,
      late,
    },
    now,
  );
  const revision = (existing?.revision ?? 0) + 1;
  writes.push(
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: existing ? 'correct_report' : 'submit_report',
        entity: 'report',
        entityId: existing?.id ?? null,
        detail: { unit: unit?.code, period: d.period, revision },
      },
      now,
    ),
  );
  const texts = [existing ? reports.savedCorrection(label, revision) : reports.saved(label, late)];
  const notify = [];
  if (existing?.status === 'returned' && existing.returnedBy) {
    texts.push(reports.savedResent(label));
    notify.push({
      personId: existing.returnedBy,
      message: { text: reports.resentToCoordinator(unit?.name ?? '', unit?.code ?? '', label, revision) },
    });
  }
  return { replies: [{ text: texts.join('\n') }], writes, flow: null, notify };
}
