/**
 * When a platform refuses a message for good (the person blocked the bot, the chat is unknown, a Zalo
 * group the bot cannot post to), the same message goes to the person's other platform, or to the
 * group's members privately, and the unreachable chat is recorded for coordinators (`lienlac`).
 */
import { and, eq } from 'drizzle-orm';
import { audit } from '../../db/repo/audit';
import { activeGroupLink, unlinkGroup } from '../../db/repo/groups';
import { holdersOf, identitiesOfPerson } from '../../db/repo/people';
import { outbox } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { chooseTargets } from '../bot/targets';
import type { OutgoingMessage, SendFailure } from '../channels/types';
import { targetCache } from '../meetings/recipients';
import type { NewId } from '../util/ids';
import type { OutboxRow } from './dispatcher';
import { enqueue } from './enqueue';
import { markUnreachable } from './reachability';

export function createFallback(db: Db, newId: NewId) {
  /**
   * The chat is a linked group that refused us: unlinked as unreachable (it comes back by itself).
   * Takes the link its caller already read: each query counts against FALLBACK_QUERIES.
   */
  function unlinkRefusedGroup(
    row: OutboxRow,
    failure: SendFailure,
    at: Date,
    link: { unitId: string } | undefined,
  ): Write[] {
    if (!link) return [];
    return [
      unlinkGroup(db, row.platform, row.chatId, at, 'unreachable'),
      audit(
        db,
        newId(),
        {
          via: 'system',
          action: 'group_unreachable',
          entity: 'unit',
          entityId: link.unitId,
          detail: { platform: row.platform, chatId: row.chatId, reason: failure.message.slice(0, 200) },
        },
        at,
      ),
    ];
  }

  return async function onGiveUp(row: OutboxRow, failure: SendFailure, at: Date): Promise<Write[]> {
    if (failure.kind !== 'refused') return [];
    // A group's forum topic means nothing in the private chats the message goes to instead.
    const { threadId: _topic, ...message } = JSON.parse(row.payload) as OutgoingMessage;
    if (!message.text && !message.photo && !message.document) return [];
    const key = (platform: string, chatId: string) =>
      `${row.dedupeKey ?? row.id}:fallback:${platform}:${chatId}`;
    const writes: Write[] = [];

    if (row.personId) {
      const ids = await identitiesOfPerson(db, row.personId);
      const own = chooseTargets(ids, row.personId);
      const here = (t: { platform: string; chatId: string }) =>
        t.platform === row.platform && t.chatId === row.chatId;
      // A person's message in their own chat: that chat is marked and the other platform takes it.
      // An answer to what they asked in a group: the group refused it (unlinked, like any group
      // refusal), and the answer goes to the person's own chats, this platform's included.
      const inOwnChat = ids.some(here);
      if (inOwnChat) writes.push(markUnreachable(db, row.platform, row.chatId, failure.message, at));
      else
        writes.push(
          ...unlinkRefusedGroup(row, failure, at, await activeGroupLink(db, row.platform, row.chatId)),
        );
      for (const t of own) {
        if (inOwnChat ? t.platform === row.platform : here(t)) continue;
        // A person who receives on both platforms already has this message there (same commit,
        // same text): a second copy would be noise, not a fallback.
        const twin = await db
          .select({ id: outbox.id })
          .from(outbox)
          .where(
            and(
              eq(outbox.platform, t.platform),
              eq(outbox.chatId, t.chatId),
              eq(outbox.createdAt, row.createdAt),
              eq(outbox.payload, row.payload),
            ),
          )
          .get();
        if (twin) continue;
        writes.push(
          ...enqueue(db, t, message, at, {
            dedupeKey: key(t.platform, t.chatId),
            expiresAt: row.expiresAt ? new Date(row.expiresAt) : undefined,
            priority: row.priority === 0 ? 'reply' : 'bulk',
          }),
        );
      }
      return writes;
    }

    const link = await activeGroupLink(db, row.platform, row.chatId);
    if (!link) return [];
    writes.push(...unlinkRefusedGroup(row, failure, at, link));
    const members = await holdersOf(db, link.unitId, ['committee', 'coordinator', 'secretary', 'deputy'], at);
    // Every member's chats in two queries, not one per member: the outbox plans its query budget
    // (QUERIES_PER_SEND) on a fallback costing a few queries, however large the group.
    const targets = targetCache(db);
    await targets.prime(members.map((m) => m.id));
    for (const member of members) {
      for (const t of targets.targets(member.id)) {
        writes.push(
          ...enqueue(db, t, message, at, {
            dedupeKey: key(t.platform, t.chatId),
            expiresAt: row.expiresAt ? new Date(row.expiresAt) : undefined,
          }),
        );
      }
    }
    return writes;
  };
}
