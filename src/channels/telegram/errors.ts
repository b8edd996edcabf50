/**
 * What a Telegram error means for the sender, read from its code and description (Telegram's
 * error_code is "subject to change"; the descriptions are what every client library matches on).
 * Only a refusal by the chat itself may mark a person unreachable or unlink a group: a bad token
 * or a bad picture must never do that to anyone. See docs/platforms.md for where each is verified.
 */
import { GrammyError, HttpError } from 'grammy';
import type { SendFailure } from '../types';

/**
 * The chat will not take our messages: blocked, kicked, gone, or the bot may not write there at all.
 * A group that only forbids pictures or files ("not enough rights to send photos to the chat",
 * CHAT_SEND_PHOTOS_FORBIDDEN) still takes text: that is about this message, not the chat.
 */
const CHAT_REFUSED =
  /chat not found|user not found|PEER_ID_INVALID|USER_IS_BLOCKED|USER_DEACTIVATED|not enough rights to send text|have no rights to send|need administrator rights|CHAT_WRITE_FORBIDDEN|CHAT_SEND_PLAIN_FORBIDDEN|CHAT_RESTRICTED|group chat was deactivated/i;

export function telegramFailure(err: unknown): SendFailure | undefined {
  if (err instanceof HttpError) return { kind: 'network', message: err.message };
  if (!(err instanceof GrammyError)) return undefined;
  const message = err.message;
  const code = err.error_code;
  const description = err.description ?? '';
  if (code === 429) {
    const seconds = err.parameters.retry_after;
    return seconds !== undefined
      ? { kind: 'rate_limited', retryAfterMs: seconds * 1000, message }
      : { kind: 'rate_limited', message };
  }
  const migrateTo = err.parameters.migrate_to_chat_id;
  if (migrateTo !== undefined) return { kind: 'moved', toChatId: String(migrateTo), message };
  // 401 Unauthorized: the token was revoked or never valid; 404 Not Found: a malformed token or a
  // wrong API root. Either way nothing can be sent until the operator fixes it.
  if (code === 401 || code === 404) return { kind: 'setup', message };
  // Every 403 is the chat refusing: blocked by the user, kicked from the group, user deactivated,
  // "bot can't initiate conversation", "bot is not a member".
  if (code === 403) return { kind: 'refused', message };
  if (code === 400)
    return CHAT_REFUSED.test(description) ? { kind: 'refused', message } : { kind: 'bad_request', message };
  if (code === 413) return { kind: 'bad_request', message };
  // 5xx, 409 (a webhook/polling conflict) and anything new: theirs or passing, try again later.
  return { kind: 'server', message };
}
