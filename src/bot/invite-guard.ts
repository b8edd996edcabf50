/**
 * The limits of src/domain/invites/attempts over the invite_failures table: the same on Node and
 * Workers, since the state is rows in the bot's own database, written in the command's write set.
 */
import { recentFailures, recordFailure } from '../../db/repo/invite-failures';
import type { Db, Write } from '../../db/types';
import {
  type AttemptLimit,
  chatScope,
  lockedUntil,
  OVERALL_LIMIT,
  OVERALL_SCOPE,
  PER_CHAT_LIMIT,
} from '../domain/invites/attempts';

export interface Attempts {
  /** Set while a limit holds (the chat's own first: it says more to the person). */
  lock: { scope: 'chat' | 'overall'; until: Date } | null;
  /** Failures inside the windows so far (at most the limit). */
  chatFailures: number;
  overallFailures: number;
}

async function recent(db: Db, scope: string, limit: AttemptLimit, now: Date): Promise<number[]> {
  return recentFailures(db, scope, now.getTime() - limit.windowMs, limit.max);
}

/** Whether this chat may try a code now. */
export async function attemptLock(db: Db, platform: string, chatId: string, now: Date): Promise<Attempts> {
  const chat = await recent(db, chatScope(platform, chatId), PER_CHAT_LIMIT, now);
  const overall = await recent(db, OVERALL_SCOPE, OVERALL_LIMIT, now);
  const chatUntil = lockedUntil(chat, PER_CHAT_LIMIT, now);
  const overallUntil = lockedUntil(overall, OVERALL_LIMIT, now);
  return {
    lock: chatUntil
      ? { scope: 'chat', until: chatUntil }
      : overallUntil
        ? { scope: 'overall', until: overallUntil }
        : null,
    chatFailures: chat.length,
    overallFailures: overall.length,
  };
}

/**
 * A failed attempt: always against the chat; against everybody's limit only when a well-formed code
 * was looked up and not found (a typo the check digit caught tells a guesser nothing).
 */
export function failedAttempt(
  db: Db,
  newId: () => string,
  at: { platform: string; chatId: string; lookedUp: boolean },
  now: Date,
): Write[] {
  const scopes = [chatScope(at.platform, at.chatId), ...(at.lookedUp ? [OVERALL_SCOPE] : [])];
  return recordFailure(db, newId, scopes, now);
}
