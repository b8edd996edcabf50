import { and, eq, isNull } from 'drizzle-orm';
import { groupLinks, type Platform } from '../schema';
import type { Db, Write } from '../types';

export type GroupLink = typeof groupLinks.$inferSelect;

export async function activeGroupLink(
  db: Db,
  platform: Platform,
  chatId: string,
): Promise<GroupLink | undefined> {
  return db
    .select()
    .from(groupLinks)
    .where(
      and(eq(groupLinks.platform, platform), eq(groupLinks.chatId, chatId), isNull(groupLinks.unlinkedAt)),
    )
    .get();
}

/** The group chats linked to a unit now. */
export async function groupsOfUnit(db: Db, unitId: string): Promise<GroupLink[]> {
  return db
    .select()
    .from(groupLinks)
    .where(and(eq(groupLinks.unitId, unitId), isNull(groupLinks.unlinkedAt)))
    .all();
}

export function unlinkGroup(db: Db, platform: Platform, chatId: string, now: Date): Write {
  return db
    .update(groupLinks)
    .set({ unlinkedAt: now.getTime() })
    .where(
      and(eq(groupLinks.platform, platform), eq(groupLinks.chatId, chatId), isNull(groupLinks.unlinkedAt)),
    );
}
