/**
 * Updates that are not someone talking to a command: the bot added to or removed from a group,
 * blocked or unblocked in a private chat, a group become a supergroup, a message Zalo withheld,
 * an edited message. Each becomes a plain result (replies and writes) for the pipeline to commit
 * with the update's processed key, like a command's.
 */
import type { CommandResult } from '../../commands/define';
import { audit } from '../../db/repo/audit';
import { activeGroupLink, unlinkGroup } from '../../db/repo/groups';
import { unitById } from '../../db/repo/units';
import type { Db } from '../../db/types';
import type { IncomingMessage } from '../channels/types';
import type { Config } from '../config';
import { channels, groups } from '../messages/vi';
import { placeOf } from '../messages/vi/groups';
import { lostGroupLink, markUnreachable, moveChat, relink } from '../outbox/reachability';
import type { NewId } from '../util/ids';

/** What Telegram answers a send to someone who blocked the bot; stored as the reason, like a refusal. */
const BLOCKED_REASON = 'Forbidden: bot was blocked by the user';

export interface EventContext {
  db: Db;
  config: Config;
  newId: NewId;
  /** The sender's person id, when linked. */
  personId?: string;
}

/**
 * The result for a platform event; null when it needs nothing but its processed key; undefined when
 * the message is not an event (the command pipeline takes it).
 */
export async function platformEvent(
  ctx: EventContext,
  msg: IncomingMessage,
  now: Date,
): Promise<CommandResult | null | undefined> {
  const { db } = ctx;
  const place = placeOf(msg.platform, ctx.config);
  switch (msg.kind) {
    case 'left_group': {
      // Removed from the group: unlink it, so the unit's messages fall back to members' private chats.
      const link = await activeGroupLink(db, msg.platform, msg.chatId);
      if (!link) return null;
      return {
        replies: [],
        writes: [
          unlinkGroup(db, msg.platform, msg.chatId, now, 'removed'),
          audit(
            db,
            ctx.newId(),
            {
              actorPersonId: ctx.personId,
              via: 'bot',
              action: 'unlink_group',
              entity: 'unit',
              entityId: link.unitId,
            },
            now,
          ),
        ],
      };
    }
    case 'joined_group': {
      if (await activeGroupLink(db, msg.platform, msg.chatId)) return null;
      // Added back where it had been: the link it lost comes back with it.
      const lost = await lostGroupLink(db, msg.platform, msg.chatId);
      const unit = lost ? await unitById(db, lost.unitId) : undefined;
      if (!lost || !unit) return { replies: [{ text: groups.joinedHint(place) }] };
      return {
        replies: [{ text: groups.rejoined(unit.name) }],
        writes: [
          relink(db, lost.id),
          audit(
            db,
            ctx.newId(),
            {
              actorPersonId: ctx.personId,
              via: 'bot',
              action: 'relink_group',
              entity: 'unit',
              entityId: unit.id,
            },
            now,
          ),
        ],
      };
    }
    case 'blocked':
      // Marked at once, before any message is refused: reminders go to the person's other platform.
      return { replies: [], writes: [markUnreachable(db, msg.platform, msg.chatId, BLOCKED_REASON, now)] };
    case 'unblocked':
      return { replies: [] }; // the pipeline's reachableAgain clears the mark
    case 'moved':
      return msg.movedTo && msg.movedTo !== msg.chatId
        ? { replies: [], writes: moveChat(db, msg.platform, msg.chatId, msg.movedTo) }
        : null;
    case 'unreadable':
      // A protected Zalo user is not "not linked": say what happened and whom to ask.
      return msg.chatType === 'private' ? { replies: [{ text: channels.unreadable }] } : null;
    case 'edited':
      return { replies: [{ text: channels.editedNotRead }] };
    case 'anonymous':
      return { replies: [{ text: groups.anonymousSender }] };
    default:
      return undefined;
  }
}
