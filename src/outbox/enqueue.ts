/**
 * Building outbox rows. Every message is written in the same commit as the change that caused it,
 * so a crash never leaves a saved record without its confirmation, nor a confirmation without it.
 */
import { outbox } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { splitText } from '../channels/split';
import type { OutgoingMessage, Platform } from '../channels/types';
import { sortableId } from '../util/ids';

export const TEXT_LIMITS: Record<Platform, number> = { telegram: 4096, zalo: 2000, sim: 2000 };

export interface Target {
  platform: Platform;
  chatId: string;
  personId?: string | null;
  /** A group's forum topic (Telegram): the answer to a message goes where it was written. */
  threadId?: string;
}

export interface EnqueueOptions {
  /** Unique key: a second enqueue with the same key is ignored (reminders). */
  dedupeKey?: string;
  /** Do not send before this moment (quiet hours). */
  notBefore?: Date;
  /** Drop instead of sending after this moment (the event has passed). */
  expiresAt?: Date;
  /**
   * 'reply': an answer to the person's own message, sent before waiting reminders, digests and
   * notices ('bulk', the default) of other chats.
   */
  priority?: 'reply' | 'bulk';
}

/**
 * Long texts become several rows (in order); buttons go with the last part. Row ids sort like their
 * creation (sortableId): the dispatcher takes a chat's smallest pending id as the head of its queue.
 */
export function enqueue(
  db: Db,
  target: Target,
  message: OutgoingMessage,
  now: Date,
  opts: EnqueueOptions = {},
): Write[] {
  const parts = message.text ? splitText(message.text, TEXT_LIMITS[target.platform]) : [''];
  return parts.map((text, i) => {
    const last = i === parts.length - 1;
    const payload: OutgoingMessage = last ? { ...message, text } : { text };
    if (target.threadId) payload.threadId = target.threadId;
    const dedupeKey = opts.dedupeKey ? (parts.length > 1 ? `${opts.dedupeKey}#${i}` : opts.dedupeKey) : null;
    const insert = db.insert(outbox).values({
      id: sortableId(now),
      dedupeKey,
      platform: target.platform,
      chatId: target.chatId,
      personId: target.personId ?? null,
      payload: JSON.stringify(payload),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: (opts.notBefore ?? now).getTime(),
      expiresAt: opts.expiresAt?.getTime() ?? null,
      createdAt: now.getTime(),
      priority: opts.priority === 'reply' ? 0 : 1,
    });
    return (dedupeKey ? insert.onConflictDoNothing() : insert) as unknown as Write;
  });
}
