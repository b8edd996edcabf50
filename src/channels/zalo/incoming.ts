/** Turns a Zalo webhook body (or a getUpdates result) into our IncomingMessage. */
import type { IncomingMessage } from '../types';
import { zaloMessageSchema, zaloWebhookBodySchema } from './schemas';

export interface ZaloIncomingOptions {
  /** Whether a text starts with one of our commands: finds where the leading @mention ends. */
  isCommand?: (text: string) => boolean;
}

/**
 * 'invalid': not an event we can read (the webhook answers 200 and logs its shape: a 4xx would
 * only make Zalo deliver it again). null: a real event we do not act on (follow, bots, unknown kinds).
 */
export function zaloToIncoming(
  body: unknown,
  options: ZaloIncomingOptions = {},
): IncomingMessage | null | 'invalid' {
  const event = zaloWebhookBodySchema.safeParse(body);
  if (!event.success) return 'invalid';
  const parsed = zaloMessageSchema.safeParse(event.data.message);
  // Every message.<kind>.received is someone writing to us; anything else (user.follow…) is not.
  const named = event.data.event_name;
  if (named !== undefined && !/^message\.[a-z_]+\.received$/.test(named)) return null;
  if (!parsed.success) return 'invalid';
  const m = parsed.data;
  // getUpdates results have been seen without event_name: tell the kind from the content.
  const kind = /^message\.([a-z_]+)\.received$/.exec(named ?? '')?.[1] ?? kindOf(m);
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
    // Zalo sends message.unsupported.received instead of the content for protected users
    // (children, people with disabilities, people who cannot read) and for kinds it does not pass on.
    kind: kind === 'unsupported' ? 'unreadable' : 'unsupported',
  };
  const displayName = m.from?.display_name ?? m.from?.name ?? m.from?.first_name;
  if (displayName) incoming.displayName = displayName;
  if (m.date !== undefined) incoming.sentAt = m.date;
  if (kind === 'text' && m.text !== undefined && m.text.trim() !== '') {
    incoming.kind = 'text';
    incoming.text = chatType === 'group' ? withoutMention(m.text, options.isCommand) : m.text;
  }
  return incoming;
}

function kindOf(m: { text?: string; photo?: string; photo_url?: string; sticker?: string }): string {
  if (m.text !== undefined) return 'text';
  if (m.photo !== undefined || m.photo_url !== undefined) return 'image';
  if (m.sticker !== undefined) return 'sticker';
  return 'unsupported';
}

/**
 * A group message reaches the bot only when it @mentions the bot (or replies to it), and the text
 * then starts with "@" and the bot's display name, which Zalo requires to begin with "Bot" and which
 * may have several words ("@Bot Chi Bộ lich"). The name ends where one of our commands begins;
 * without a command after it the text is left as it is (and, in a group, not answered).
 */
export function withoutMention(text: string, isCommand?: (text: string) => boolean): string {
  const lead = /^\s*@/.exec(text);
  if (!lead || !isCommand) return text;
  const gaps = /\s+/g;
  gaps.lastIndex = lead[0].length;
  for (let words = 1; words <= 6; words++) {
    const gap = gaps.exec(text);
    if (!gap) break;
    const rest = text.slice(gap.index + gap[0].length);
    if (isCommand(rest)) return rest;
  }
  return text;
}
