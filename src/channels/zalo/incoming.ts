/** Turns a Zalo webhook body into our IncomingMessage. */
import type { IncomingMessage } from '../types';
import { zaloMessageSchema, zaloWebhookBodySchema } from './schemas';

/**
 * 'invalid': not a Zalo event at all (the HTTP layer answers 400).
 * null: a real event we do not act on (follow/unfollow, messages from bots, unknown kinds).
 */
export function zaloToIncoming(body: unknown): IncomingMessage | null | 'invalid' {
  const event = zaloWebhookBodySchema.safeParse(body);
  if (!event.success) return 'invalid';
  const { event_name: eventName } = event.data;
  // Every message.<kind>.received is someone writing to us; anything else (user.follow…) is not.
  const kind = /^message\.([a-z_]+)\.received$/.exec(eventName)?.[1];
  if (kind === undefined) return null;

  const parsed = zaloMessageSchema.safeParse(event.data.message);
  if (!parsed.success) return 'invalid';
  const m = parsed.data;
  if (m.from?.is_bot) return null;

  const chatType = m.chat.chat_type === 'GROUP' ? 'group' : 'private';
  // In a private chat the chat is the person; in a group we cannot tell who wrote without `from`.
  const userId = m.from?.id ?? (chatType === 'private' ? m.chat.id : undefined);
  if (userId === undefined) return null;

  const incoming: IncomingMessage = {
    platform: 'zalo',
    updateKey: `zalo:${m.message_id}`,
    chatId: m.chat.id,
    chatType,
    userId,
    kind: 'unsupported',
  };
  const displayName = m.from?.display_name ?? m.from?.name ?? m.from?.first_name;
  if (displayName) incoming.displayName = displayName;
  if (m.date !== undefined) incoming.sentAt = m.date;
  if (kind === 'text' && m.text !== undefined && m.text.trim() !== '') {
    incoming.kind = 'text';
    incoming.text = m.text;
  }
  return incoming;
}
