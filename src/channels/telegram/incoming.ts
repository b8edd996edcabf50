/**
 * Turns a Telegram Update into our IncomingMessage. Only `update_id` is required of the envelope;
 * each part is checked on its own so that an odd field elsewhere never costs us a message.
 */
import { z } from 'zod';
import type { IncomingMessage } from '../types';

/**
 * The update types chibo asks for (setWebhook, getUpdates), each handled below: messages, their
 * edits (answered, never acted on), button presses, and the bot's own membership (blocked,
 * unblocked, added to or removed from a group). Telegram sends nothing else then.
 */
export const TELEGRAM_ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'callback_query',
  'my_chat_member',
] as const;

export interface TelegramIncomingOptions {
  /** The bot's username: a command or mention addressed to another bot is not for us. */
  username?: string;
}

/** Telegram ids are integers (negative for groups); we keep text. */
const id = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform(String);

const user = z.object({
  id,
  is_bot: z.boolean().optional().catch(undefined),
  first_name: z.string().optional().catch(undefined),
  last_name: z.string().optional().catch(undefined),
});

type TgUser = z.infer<typeof user>;

const chat = z.object({ id, type: z.string() });

const message = z.object({
  message_id: z.number().int(),
  date: z.number().int().nonnegative().optional().catch(undefined),
  chat,
  from: user.optional().catch(undefined),
  /** Sent as a chat: an anonymous group admin (the group), a channel, or a linked channel's post. */
  sender_chat: chat.optional().catch(undefined),
  text: z.string().optional().catch(undefined),
  /** Set on replies too; only a topic message (`is_topic_message`) names a forum topic to answer in. */
  message_thread_id: z.number().int().positive().optional().catch(undefined),
  is_topic_message: z.boolean().optional().catch(undefined),
  migrate_to_chat_id: id.optional().catch(undefined),
  migrate_from_chat_id: id.optional().catch(undefined),
  location: z
    .object({ latitude: z.number().finite(), longitude: z.number().finite() })
    .optional()
    .catch(undefined),
});
type TgMessage = z.infer<typeof message>;

const callbackQuery = z.object({
  id: z.string().min(1),
  from: user,
  message: z.object({ chat }).optional().catch(undefined),
  data: z.string().optional().catch(undefined),
});

const chatMemberUpdated = z.object({
  chat,
  from: user,
  date: z.number().int().nonnegative().optional().catch(undefined),
  old_chat_member: z.object({ status: z.string() }).optional().catch(undefined),
  new_chat_member: z.object({ status: z.string() }),
});

const envelope = z.object({ update_id: z.number().int().nonnegative() });

/** Content we cannot read; a message with none of these and no text/location is a service message. */
const UNSUPPORTED_CONTENT = [
  'sticker',
  'photo',
  'voice',
  'video',
  'video_note',
  'audio',
  'document',
  'animation',
  'contact',
  'poll',
  'dice',
  'game',
  'story',
  'paid_media',
];

const GROUP_TYPES = new Set(['group', 'supergroup']);
const PRESENT = new Set(['member', 'administrator', 'creator']);

/**
 * 'invalid': no numeric update_id, so not a Telegram update at all.
 * null: an update we do not act on (channel posts, service messages, other bots, unknown kinds).
 */
export function telegramToIncoming(
  update: unknown,
  options: TelegramIncomingOptions = {},
): IncomingMessage | null | 'invalid' {
  const head = envelope.safeParse(update);
  if (!head.success) return 'invalid';
  const u = update as Record<string, unknown>;
  const updateKey = `telegram:${head.data.update_id}`;

  if (u.message !== undefined) return fromMessage(updateKey, u.message, false, options);
  if (u.edited_message !== undefined) return fromMessage(updateKey, u.edited_message, true, options);
  if (u.callback_query !== undefined) return fromCallback(updateKey, u.callback_query);
  if (u.my_chat_member !== undefined) return fromMembership(updateKey, u.my_chat_member);
  return null;
}

function fromMessage(
  updateKey: string,
  raw: unknown,
  edited: boolean,
  options: TelegramIncomingOptions,
): IncomingMessage | null {
  const parsed = message.safeParse(raw);
  if (!parsed.success) return null;
  const m = parsed.data;
  const chatType = chatTypeOf(m.chat.type);
  // A group upgraded to a supergroup: a service message in the old chat (migrate_to) and one in
  // the new (migrate_from). Both say the same move; the second finds nothing left to move.
  if (chatType === 'group' && (m.migrate_to_chat_id || m.migrate_from_chat_id)) {
    const from = m.migrate_to_chat_id ? m.chat.id : m.migrate_from_chat_id!;
    const to = m.migrate_to_chat_id ?? m.chat.id;
    return {
      platform: 'telegram',
      updateKey,
      chatId: from,
      chatType: 'group',
      userId: m.from?.id ?? from,
      kind: 'moved',
      movedTo: to,
    };
  }
  if (!chatType || !m.from) return null;
  // Written as a chat, not a person: `from` is then a placeholder (GroupAnonymousBot 1087968824,
  // Channel_Bot, or 777000 "Telegram" — not marked is_bot — for a linked channel's post), so
  // nobody may be linked or acted for. An anonymous admin (sent as the group itself) typing one of
  // our commands is told why nothing happens; posts as a channel are ignored.
  if (m.sender_chat) {
    const text = m.text === undefined || edited ? undefined : addressedToUs(m.text, options.username);
    const asGroup = chatType === 'group' && m.sender_chat.id === m.chat.id;
    if (!asGroup || !text?.trimStart().startsWith('/')) return null;
    const { displayName: _placeholder, ...base } = baseOf(updateKey, m, m.from, chatType);
    return { ...base, userId: m.sender_chat.id, kind: 'anonymous', text };
  }
  if (m.from.is_bot) return null;
  const base = baseOf(updateKey, m, m.from, chatType);
  const text = m.text === undefined ? undefined : addressedToUs(m.text, options.username);
  if (text === null) return null; // "/lich@otherbot": another bot's command
  if (edited) {
    // In a group only an edited command of ours deserves an answer; other edits are chatter.
    if (chatType === 'group' && !text?.trimStart().startsWith('/')) return null;
    return text === undefined ? null : { ...base, kind: 'edited', text };
  }
  if (text !== undefined) return { ...base, kind: 'text', text };
  if (m.location) {
    return {
      ...base,
      kind: 'location',
      location: { latitude: m.location.latitude, longitude: m.location.longitude },
    };
  }
  const fields = raw as Record<string, unknown>;
  if (UNSUPPORTED_CONTENT.some((key) => fields[key] !== undefined)) return { ...base, kind: 'unsupported' };
  return null;
}

function fromCallback(updateKey: string, raw: unknown): IncomingMessage | null {
  const parsed = callbackQuery.safeParse(raw);
  if (!parsed.success) return null;
  const q = parsed.data;
  if (q.data === undefined || q.from.is_bot) return null;
  // Without the message (inline mode) the only chat we know is the person's own.
  const chatType = q.message ? chatTypeOf(q.message.chat.type) : 'private';
  if (!chatType) return null;
  const incoming: IncomingMessage = {
    platform: 'telegram',
    updateKey,
    chatId: q.message?.chat.id ?? q.from.id,
    chatType,
    userId: q.from.id,
    kind: 'choice',
    choice: q.data,
    callbackId: q.id,
  };
  const name = nameOf(q.from);
  if (name) incoming.displayName = name;
  return incoming;
}

/** The bot itself was blocked or unblocked (private chat), added to or removed from a group. */
function fromMembership(updateKey: string, raw: unknown): IncomingMessage | null {
  const parsed = chatMemberUpdated.safeParse(raw);
  if (!parsed.success) return null;
  const c = parsed.data;
  const status = c.new_chat_member.status;
  if (c.chat.type === 'private') {
    // Telegram sends my_chat_member in a private chat only when the person blocks (kicked) or
    // unblocks (member) the bot.
    const kind = status === 'kicked' ? 'blocked' : status === 'member' ? 'unblocked' : undefined;
    if (!kind) return null;
    const incoming: IncomingMessage = {
      platform: 'telegram',
      updateKey,
      chatId: c.chat.id,
      chatType: 'private',
      userId: c.from.id,
      kind,
    };
    if (c.date !== undefined) incoming.sentAt = c.date * 1000;
    return incoming;
  }
  if (!GROUP_TYPES.has(c.chat.type)) return null; // channels
  const wasPresent = PRESENT.has(c.old_chat_member?.status ?? '');
  let kind: 'left_group' | 'joined_group';
  if (status === 'left' || status === 'kicked') kind = 'left_group';
  // A promotion (member → administrator) is not a new arrival.
  else if ((status === 'member' || status === 'administrator') && !wasPresent) kind = 'joined_group';
  else return null;
  const incoming: IncomingMessage = {
    platform: 'telegram',
    updateKey,
    chatId: c.chat.id,
    chatType: 'group',
    userId: c.from.id,
    kind,
  };
  const name = nameOf(c.from);
  if (name) incoming.displayName = name;
  if (c.date !== undefined) incoming.sentAt = c.date * 1000;
  return incoming;
}

function baseOf(
  updateKey: string,
  m: TgMessage,
  from: TgUser,
  chatType: 'private' | 'group',
): Omit<IncomingMessage, 'kind'> {
  const base: Omit<IncomingMessage, 'kind'> = {
    platform: 'telegram',
    updateKey,
    chatId: m.chat.id,
    chatType,
    userId: from.id,
  };
  const name = nameOf(from);
  if (name) base.displayName = name;
  if (m.date !== undefined) base.sentAt = m.date * 1000;
  // A message in General, or a reply in a group without topics, has a thread id that a send
  // refuses ("message thread not found"): only a topic's own messages are answered in the topic.
  if (chatType === 'group' && m.is_topic_message && m.message_thread_id !== undefined)
    base.threadId = String(m.message_thread_id);
  return base;
}

/**
 * The text with a leading mention of this bot taken off; null when it is addressed to another bot
 * (`/lich@otherbot`, `@otherbot lich`). Bot usernames end in "bot", which tells a bot's mention
 * from a person's when our own username is not known.
 */
function addressedToUs(text: string, username: string | undefined): string | null {
  const ours = (name: string) =>
    username ? name.toLowerCase() === username.toLowerCase() : /bot$/i.test(name);
  const command = /^\s*\/[^\s@]+@([A-Za-z0-9_]{3,64})(?=\s|$)/.exec(text);
  if (command) return ours(command[1]!) ? text : null;
  const mention = /^\s*@([A-Za-z0-9_]{3,64})(?:\s+|$)/.exec(text);
  if (!mention || !/bot$/i.test(mention[1]!)) return text;
  return ours(mention[1]!) ? text.slice(mention[0].length) : null;
}

function chatTypeOf(type: string): 'private' | 'group' | undefined {
  if (type === 'private') return 'private';
  return GROUP_TYPES.has(type) ? 'group' : undefined;
}

function nameOf(u: TgUser): string | undefined {
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ').trim();
  return name || undefined;
}
