import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { preparedFor } from '../prepared';
import { groupLinks, type Platform } from '../schema';
import type { Db, Write } from '../types';
import { chunks } from './meetings';

/** group: the group instead of its members' private chats; both: the group and each member privately. */
export const GROUP_MODES = ['group', 'both'] as const;
export type GroupMode = (typeof GROUP_MODES)[number];

export type GroupLink = typeof groupLinks.$inferSelect;

const linkOfChat = preparedFor((db) =>
  db
    .select()
    .from(groupLinks)
    .where(
      and(
        eq(groupLinks.platform, sql.placeholder('platform')),
        eq(groupLinks.chatId, sql.placeholder('chatId')),
        isNull(groupLinks.unlinkedAt),
      ),
    )
    .prepare(),
);

export async function activeGroupLink(
  db: Db,
  platform: Platform,
  chatId: string,
): Promise<GroupLink | undefined> {
  return linkOfChat(db).get({ platform, chatId });
}

/** The group chats linked to a unit now. */
export async function groupsOfUnit(db: Db, unitId: string): Promise<GroupLink[]> {
  return db
    .select()
    .from(groupLinks)
    .where(and(eq(groupLinks.unitId, unitId), isNull(groupLinks.unlinkedAt)))
    .all();
}

/** `reason`: see groupLinks.unlinkReason ('unreachable' and 'removed' links come back by themselves). */
export function unlinkGroup(db: Db, platform: Platform, chatId: string, now: Date, reason?: string): Write {
  return db
    .update(groupLinks)
    .set({ unlinkedAt: now.getTime(), unlinkReason: reason ?? null })
    .where(
      and(eq(groupLinks.platform, platform), eq(groupLinks.chatId, chatId), isNull(groupLinks.unlinkedAt)),
    );
}

/** The group chats linked now to each of many units (a scheduler page): unit id → links. */
export async function groupsOfUnits(db: Db, unitIds: string[]): Promise<Map<string, GroupLink[]>> {
  const out = new Map<string, GroupLink[]>();
  for (const ids of chunks(unitIds)) {
    const rows = await db
      .select()
      .from(groupLinks)
      .where(and(inArray(groupLinks.unitId, ids), isNull(groupLinks.unlinkedAt)))
      .all();
    for (const g of rows) out.set(g.unitId, [...(out.get(g.unitId) ?? []), g]);
  }
  return out;
}

export function setGroupMode(db: Db, platform: Platform, chatId: string, mode: GroupMode): Write {
  return db
    .update(groupLinks)
    .set({ mode })
    .where(
      and(eq(groupLinks.platform, platform), eq(groupLinks.chatId, chatId), isNull(groupLinks.unlinkedAt)),
    );
}
