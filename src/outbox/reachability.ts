/**
 * Who can be reached: a chat the platform refused for good is marked (a person's identity) or
 * unlinked (a group, reason 'unreachable'), so messages go elsewhere and coordinators see it in
 * `lienlac`. The mark comes off the moment the person writes again, or Telegram says they unblocked
 * the bot; a lost group comes back when someone writes in it or the bot is added back. A group that
 * became a supergroup keeps its link, and its waiting messages, under the new id.
 */
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { chatIdentities, groupLinks, outbox, type Platform } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import type { IncomingMessage } from '../channels/types';

/** Reasons a link may come back by itself (see groupLinks.unlinkReason). */
const RETURNING = ['unreachable', 'removed'];

export function markUnreachable(db: Db, platform: Platform, chatId: string, reason: string, at: Date): Write {
  return db
    .update(chatIdentities)
    .set({ unreachableAt: at.getTime(), unreachableReason: reason.slice(0, 200) })
    .where(and(eq(chatIdentities.platform, platform), eq(chatIdentities.chatId, chatId)));
}

/** Writes that make the writer's chat reachable again, for a message they just sent. */
export async function reachableAgain(db: Db, msg: IncomingMessage): Promise<Write[]> {
  if (msg.kind === 'blocked' || msg.kind === 'left_group' || msg.kind === 'moved') return [];
  if (msg.chatType === 'private') {
    // Only a message from the person's own private chat proves it takes our messages again.
    return [
      db
        .update(chatIdentities)
        .set({ unreachableAt: null, unreachableReason: null })
        .where(
          and(
            eq(chatIdentities.platform, msg.platform),
            eq(chatIdentities.externalId, msg.userId),
            eq(chatIdentities.chatId, msg.chatId),
            isNotNull(chatIdentities.unreachableAt),
          ),
        ),
    ];
  }
  const lost = await lostGroupLink(db, msg.platform, msg.chatId);
  return lost ? [relink(db, lost.id)] : [];
}

/** The group's latest link when it was lost in a way that comes back, and nothing replaced it. */
export async function lostGroupLink(db: Db, platform: Platform, chatId: string) {
  const links = await db
    .select()
    .from(groupLinks)
    .where(and(eq(groupLinks.platform, platform), eq(groupLinks.chatId, chatId)))
    .all();
  if (links.some((l) => l.unlinkedAt === null)) return undefined;
  const latest = links.sort((a, b) => (b.unlinkedAt ?? 0) - (a.unlinkedAt ?? 0))[0];
  return latest && RETURNING.includes(latest.unlinkReason ?? '') ? latest : undefined;
}

export function relink(db: Db, linkId: string): Write {
  return db.update(groupLinks).set({ unlinkedAt: null, unlinkReason: null }).where(eq(groupLinks.id, linkId));
}

/** A group became a supergroup: its link and its waiting messages move to the new id. */
export function moveChat(db: Db, platform: Platform, from: string, to: string): Write[] {
  return [
    db
      .update(groupLinks)
      .set({ chatId: to })
      .where(
        and(
          eq(groupLinks.platform, platform),
          eq(groupLinks.chatId, from),
          isNull(groupLinks.unlinkedAt),
          // A chat has one active link: a supergroup linked already keeps its own.
          sql`NOT EXISTS (SELECT 1 FROM group_links AS other WHERE other.platform = group_links.platform
            AND other.chat_id = ${to} AND other.unlinked_at IS NULL)`,
        ),
      ),
    db
      .update(outbox)
      .set({ chatId: to })
      .where(and(eq(outbox.platform, platform), eq(outbox.chatId, from), eq(outbox.status, 'pending'))),
  ];
}
