/**
 * Notices: a coordinator's short text to the secretaries of a unit's cells. One receipt row per
 * recipient; `daxem` sets its ackAt. Messages go through the outbox with a key per (notice, person)
 * and, for reminders, per day, so a retried command or a second "nhắc lại" the same day sends nothing
 * more.
 */
import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm';
import { noticeReceipts, notices, people, roleAssignments, units } from '../../../db/schema';
import type { Db, Write } from '../../../db/types';
import { personTargets } from '../../bot/targets';
import { notices as t } from '../../messages/vi/notices';
import { enqueue } from '../../outbox/enqueue';
import { pathRange } from '../summaries/query';
import { localParts } from '../time/zone';

export const MAX_NOTICE = 1500;
export type Notice = typeof notices.$inferSelect;

/** People holding a secretary role now at a cell in the subtree (each once). */
export async function secretariesUnder(db: Db, path: string, now: Date): Promise<{ personId: string }[]> {
  const { lo, hi } = pathRange(path);
  return db
    .selectDistinct({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(
      and(
        eq(roleAssignments.role, 'secretary'),
        sql`${units.path} >= ${lo} and ${units.path} < ${hi}`,
        sql`(${roleAssignments.validTo} is null or ${roleAssignments.validTo} > ${now.getTime()})`,
      ),
    )
    .all();
}

/** The same text to the same unit in the last day: the earlier notice. */
export async function recentDuplicate(
  db: Db,
  unitId: string,
  text: string,
  now: Date,
): Promise<Notice | undefined> {
  return db
    .select()
    .from(notices)
    .where(
      and(
        eq(notices.unitId, unitId),
        eq(notices.text, text),
        gte(notices.createdAt, now.getTime() - 86_400_000),
      ),
    )
    .get();
}

export async function noticeMessages(
  db: Db,
  notice: Pick<Notice, 'id' | 'code' | 'text'>,
  fromName: string,
  unitName: string,
  personIds: string[],
  now: Date,
  reminderKey?: string,
): Promise<Write[]> {
  const writes: Write[] = [];
  const text = (reminderKey ? t.reminder : t.message)(fromName, unitName, notice.code, notice.text);
  for (const personId of personIds) {
    const key = `notice:${notice.id}:${personId}${reminderKey ? `:${reminderKey}` : ''}`;
    for (const target of await personTargets(db, personId))
      writes.push(...enqueue(db, target, { text }, now, { dedupeKey: `${key}:${target.platform}` }));
  }
  return writes;
}

export async function noticeByCode(db: Db, code: string): Promise<Notice | undefined> {
  return db.select().from(notices).where(eq(notices.code, code.trim().toUpperCase())).get();
}

export async function latestNoticeFrom(db: Db, personId: string): Promise<Notice | undefined> {
  return db
    .select()
    .from(notices)
    .where(eq(notices.fromPersonId, personId))
    .orderBy(desc(notices.createdAt))
    .get();
}

export interface NoticeStatus {
  total: number;
  read: number;
  unread: { personId: string; name: string; units: string }[];
}

export async function noticeStatus(db: Db, noticeId: string, now: Date): Promise<NoticeStatus> {
  const counts = await db
    .select({ total: sql<number>`count(*)`, read: sql<number>`count(${noticeReceipts.ackAt})` })
    .from(noticeReceipts)
    .where(eq(noticeReceipts.noticeId, noticeId))
    .get();
  const unread = await db
    .select({
      personId: people.id,
      name: people.name,
      units: sql<string>`coalesce((select group_concat(u.name, ', ') from role_assignments ra join units u on u.id = ra.unit_id
        where ra.person_id = ${people.id} and ra.role = 'secretary'
          and (ra.valid_to is null or ra.valid_to > ${now.getTime()})), '')`,
    })
    .from(noticeReceipts)
    .innerJoin(people, eq(people.id, noticeReceipts.personId))
    .where(and(eq(noticeReceipts.noticeId, noticeId), isNull(noticeReceipts.ackAt)))
    .orderBy(people.name)
    .all();
  return { total: Number(counts?.total ?? 0), read: Number(counts?.read ?? 0), unread };
}

/** A day key in the deployment's zone, for "one reminder per person per day". */
export function dayKey(now: Date, tz: string): string {
  return localParts(now, tz).isoDate;
}

export async function unackedFor(db: Db, personId: string): Promise<Notice | undefined> {
  const row = await db
    .select({ notice: notices })
    .from(noticeReceipts)
    .innerJoin(notices, eq(notices.id, noticeReceipts.noticeId))
    .where(and(eq(noticeReceipts.personId, personId), isNull(noticeReceipts.ackAt)))
    .orderBy(desc(notices.createdAt))
    .get();
  return row?.notice;
}
