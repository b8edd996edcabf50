/**
 * The number of members a meeting record's total is checked against. Only a known figure counts:
 * the import's `member_count`, or else the total of the unit's last recorded meeting. Nothing else
 * (in particular not the number of people linked to chibo, which is not the membership), so that a
 * warning never rests on data that does not exist.
 */
import { and, desc, eq } from 'drizzle-orm';
import { meetingRecords } from '../../../db/schema';
import type { Db } from '../../../db/types';

export async function knownMemberCount(
  db: Db,
  unit: { id: string; memberCount: number | null },
): Promise<number | null> {
  if (unit.memberCount) return unit.memberCount;
  const last = await db
    .select({ total: meetingRecords.total })
    .from(meetingRecords)
    .where(and(eq(meetingRecords.unitId, unit.id), eq(meetingRecords.isCurrent, true)))
    .orderBy(desc(meetingRecords.heldOn), desc(meetingRecords.recordedAt))
    .get();
  return last?.total ?? null;
}
