/** Saving a confirmed meeting record: a new revision (the old one kept), the meeting marked held. */
import { and, eq } from 'drizzle-orm';
import type { CommandContext, CommandResult } from '../../commands/define';
import { audit } from '../../db/repo/audit';
import { markProcessed } from '../../db/repo/keys';
import { currentRecord, meetingInSlot } from '../../db/repo/meetings';
import { meetingRecords, meetings } from '../../db/schema';
import type { Write } from '../../db/types';
import { periodOf } from '../domain/meetings/record';
import { meetings as t } from '../messages/vi/meetings';
import type { HopDraft } from './record-flow';

/** `12/2026` for a month, `49/2026` for an ISO week. */
export const periodText = (period: string) =>
  period.includes('W')
    ? `${period.slice(6)}/${period.slice(0, 4)}`
    : `${period.slice(5)}/${period.slice(0, 4)}`;

export async function saveRecord(ctx: CommandContext, d: HopDraft): Promise<CommandResult> {
  const { db, now, newId, person } = ctx;
  const r = d.record;
  const unitId = d.unitId!;
  const period = periodOf(r.heldOn!, d.weekly);
  const existing = await currentRecord(db, unitId, period);
  const revision = (existing?.revision ?? 0) + 1;
  const meeting = await meetingInSlot(db, unitId, period);
  const id = newId();
  const writes: Write[] = [
    // Two confirmations at the same moment must not both become revision N.
    markProcessed(db, `meeting-record:${unitId}:${period}:${revision}`, now),
    db
      .update(meetingRecords)
      .set({ isCurrent: false })
      .where(
        and(
          eq(meetingRecords.unitId, unitId),
          eq(meetingRecords.period, period),
          eq(meetingRecords.isCurrent, true),
        ),
      ),
    db.insert(meetingRecords).values({
      id,
      meetingId: meeting?.id ?? null,
      unitId,
      period,
      heldOn: r.heldOn!,
      present: r.present!,
      total: r.total!,
      absentExcused: r.absentExcused!,
      absentUnexcused: r.absentUnexcused!,
      kind: r.kind ?? 'regular',
      topic: r.topic ?? null,
      attendeeText: r.attendeeText ?? null,
      attendeePersonId: r.attendeePersonId ?? null,
      grade: r.grade ?? null,
      note: r.note ?? null,
      revision,
      isCurrent: true,
      recordedBy: person!.id,
      recordedAt: now.getTime(),
    }),
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: revision > 1 ? 'correct_meeting_record' : 'record_meeting',
        entity: 'meeting_record',
        entityId: id,
        detail: { unitId, period, revision },
      },
      now,
    ),
  ];
  // A recorded meeting needs no more reminders, nor the "did it take place?" question.
  if (meeting)
    writes.push(
      db
        .update(meetings)
        .set({ status: 'held', nextReminderAt: null, updatedAt: now.getTime() })
        .where(eq(meetings.id, meeting.id)),
    );
  const saved = d.weekly ? t.savedWeek : t.saved;
  return { replies: [{ text: saved(d.unitName!, periodText(period), revision) }], writes, flow: null };
}
