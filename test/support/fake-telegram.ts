/**
 * A local stand-in for the Telegram Bot API on 127.0.0.1 that answers the way Telegram does,
 * errors included: a revoked token is 401 "Unauthorized", a malformed one or an unknown method 404
 * "Not Found"; a person who blocked the bot 403 "Forbidden: bot was blocked by the user"; an
 * unknown chat 400 "Bad Request: chat not found"; a group upgraded to a supergroup 400 with
 * parameters.migrate_to_chat_id; a too-long text, a bad button, a picture URL it cannot fetch, a
 * stale callback query, an http:// webhook: each with Telegram's description (see
 * docs/platforms.md for where each one is verified). It records calls, can enforce Telegram-like
 * flood limits (429 with retry_after) and script failures, and builds updates as Telegram sends
 * them (group commands as privacy mode lets them through, callback queries it will accept answers to).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export interface FakeTelegramCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
}

export type TelegramScript =
  | { kind: 'error'; status: number; description: string; retryAfter?: number; migrateTo?: number }
  | { kind: 'hang' }
  | { kind: 'reset' };

export interface FakeTelegram {
  url: string;
  /** Calls Telegram accepted (ok: true), in order. */
  calls: FakeTelegramCall[];
  callsTo(method: string): FakeTelegramCall[];
  /** Every call that got an answer, refused ones included. */
  allCalls: FakeTelegramCall[];
  /** Calls of a method that got an error answer. */
  refusedTo(method: string): FakeTelegramCall[];
  failNext(method: string, ...scripts: TelegramScript[]): void;
  /** Enforce limits like Telegram: per chat at most 1 message in `perChatMs` (bursts of `burst`), overall `perSecond`. */
  limits?: { perSecond: number; perChatMs: number; burst: number };
  count429: number;
  /** Queues an update for getUpdates (long polling). */
  pushUpdate(update: Record<string, unknown>): void;
  /** The token stops working (BotFather /revoke): every call with it answers 401. */
  revokeToken(token: string): void;
  /** Revokes the token once this many further messages have been accepted (mid-dispatch). */
  revokeTokenAfter(token: string, sends: number): void;
  /** The person stopped the bot: sends answer 403 until `unblock`. */
  block(userId: number | string): void;
  /** The chat takes messages again: unblocked, or the bot added back to the group. */
  unblock(userId: number | string): void;
  /** The account was deleted: 403 "user is deactivated". */
  deactivate(userId: number | string): void;
  /** A chat Telegram does not know (never started, wrong id): 400 "chat not found". */
  forget(chatId: number | string): void;
  /** The bot was removed from a group. */
  kick(chatId: number | string): void;
  /** The bot may not write in the group. */
  restrict(chatId: number | string): void;
  /** The bot may write text in the group, but not send pictures or files. */
  restrictMedia(chatId: number | string): void;
  /**
   * The supergroup has topics, these ones open: a send with another message_thread_id (or to a
   * chat without topics) answers 400 "message thread not found", as Telegram does.
   */
  forum(chatId: number | string, openTopics: number[]): void;
  /** The group became a supergroup: the old id answers 400 with migrate_to_chat_id. */
  migrate(fromChatId: number | string, toChatId: number): void;
  /** A callback_query update for a button press, whose id answerCallbackQuery will then accept once. */
  callbackUpdate(opts: {
    updateId: number;
    userId: number;
    chatId?: number;
    data: string;
    chatType?: string;
  }): Record<string, unknown>;
  /** The menus set with setMyCommands, by `scope.type/language_code`. */
  menus: Map<string, { command: string; description: string }[]>;
  webhook: { url: string; allowed_updates?: string[]; secret_token?: string };
  close(): Promise<void>;
}

async function readBody(req: Request): Promise<Record<string, unknown>> {
  const type = req.headers.get('content-type') ?? '';
  if (type.includes('application/json')) return (await req.json()) as Record<string, unknown>;
  if (type.includes('multipart/form-data')) return parseMultipart(await req.text(), type);
  if (type.includes('x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(await req.text()));
  return {};
}

/** grammY's streamed multipart uploads, read by hand: text fields as strings, files as '[file]'. */
function parseMultipart(raw: string, type: string): Record<string, unknown> {
  const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
  const out: Record<string, unknown> = {};
  if (!boundary) return out;
  for (const section of raw.split(`--${boundary}`)) {
    const [head = '', ...rest] = section.split('\r\n\r\n');
    const name = /name="([^"]+)"/.exec(head)?.[1];
    if (!name) continue;
    out[name] = /filename=/.test(head) ? '[file]' : rest.join('\r\n\r\n').replace(/\r\n$/, '');
  }
  return out;
}

/** Form fields arrive as strings; JSON ones as values. */
function field<T>(body: Record<string, unknown>, name: string): T | undefined {
  const v = body[name];
  if (typeof v !== 'string') return v as T | undefined;
  try {
    return JSON.parse(v) as T;
  } catch {
    return v as T;
  }
}

const KNOWN_METHODS = new Set([
  'getMe',
  'getUpdates',
  'setWebhook',
  'deleteWebhook',
  'getWebhookInfo',
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendChatAction',
  'answerCallbackQuery',
  'setMyCommands',
  'getMyCommands',
  'deleteMyCommands',
  'editMessageText',
  'editMessageReplyMarkup',
]);
const SEND_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'sendChatAction']);
const COMMAND = /^[a-z0-9_]{1,32}$/;

export async function startFakeTelegram(
  opts: { limits?: FakeTelegram['limits']; botUsername?: string } = {},
): Promise<FakeTelegram> {
  const username = opts.botUsername ?? 'chibo_bot';
  const calls: FakeTelegramCall[] = [];
  const allCalls: FakeTelegramCall[] = [];
  const scripts = new Map<string, TelegramScript[]>();
  const sentAt: number[] = [];
  const chatLast = new Map<string, number[]>();
  const revoked = new Set<string>();
  const refusing = new Map<string, { status: number; description: string; migrateTo?: number }>();
  const noMedia = new Set<string>();
  const forums = new Map<string, Set<number>>();
  const callbacks = new Set<string>();
  let revokeLater: { token: string; left: number } | undefined;
  let messageId = 1000;
  const updates: Record<string, unknown>[] = [];
  const refuse = (id: number | string, status: number, description: string, migrateTo?: number) =>
    refusing.set(String(id), { status, description, migrateTo });
  const fake: FakeTelegram = {
    url: '',
    calls,
    callsTo: (m) => calls.filter((c) => c.method === m),
    allCalls,
    refusedTo: (m) => allCalls.filter((c) => c.method === m && !calls.includes(c)),
    failNext(method, ...s) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...s]);
    },
    limits: opts.limits,
    count429: 0,
    pushUpdate(update) {
      updates.push(update);
    },
    revokeToken: (token) => revoked.add(token),
    revokeTokenAfter: (token, sends) => {
      revokeLater = { token, left: sends };
      if (sends <= 0) revoked.add(token);
    },
    block: (id) => refuse(id, 403, 'Forbidden: bot was blocked by the user'),
    unblock: (id) => refusing.delete(String(id)),
    deactivate: (id) => refuse(id, 403, 'Forbidden: user is deactivated'),
    forget: (id) => refuse(id, 400, 'Bad Request: chat not found'),
    kick: (id) =>
      refuse(
        id,
        403,
        String(id).startsWith('-100')
          ? 'Forbidden: bot was kicked from the supergroup chat'
          : 'Forbidden: bot was kicked from the group chat',
      ),
    restrict: (id) => refuse(id, 400, 'Bad Request: not enough rights to send text messages to the chat'),
    restrictMedia: (id) => noMedia.add(String(id)),
    forum: (id, openTopics) => forums.set(String(id), new Set(openTopics)),
    migrate: (from, to) => refuse(from, 400, 'Bad Request: group chat was upgraded to a supergroup chat', to),
    callbackUpdate({ updateId, userId, chatId, data, chatType }) {
      const id = `cb${updateId}`;
      callbacks.add(id);
      const chat = chatId ?? userId;
      return {
        update_id: updateId,
        callback_query: {
          id,
          from: { id: userId, is_bot: false, first_name: 'An' },
          message: {
            message_id: 1,
            date: Math.floor(Date.now() / 1000),
            chat: { id: chat, type: chatType ?? (chat < 0 ? 'supergroup' : 'private') },
            text: '…',
          },
          chat_instance: String(chat),
          data,
        },
      };
    },
    menus: new Map(),
    webhook: { url: '' },
    close: async () => {},
  };

  const error = (
    c: { json: (b: unknown, s: number) => Response },
    status: number,
    description: string,
    parameters?: object,
  ) =>
    c.json(
      { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
      status as 400,
    );

  const app = new Hono();
  app.all('/bot:token/:method', async (c) => {
    const method = c.req.param('method') ?? '';
    const token = c.req.param('token') ?? '';
    const body = await readBody(c.req.raw);
    const now = Date.now();
    const record = () => {
      const call = { method, body, at: now };
      allCalls.push(call);
      return call;
    };
    // Telegram answers 404 to a path that is not /bot<id>:<secret>/<known method>, 401 to a token
    // that is well formed but not (or no longer) a bot's.
    if (!/^\d+:[\w-]+$/.test(token) || !KNOWN_METHODS.has(method)) return error(c, 404, 'Not Found');
    if (revoked.has(token)) {
      record();
      return error(c, 401, 'Unauthorized');
    }

    const script = scripts.get(method)?.shift() ?? scripts.get('*')?.shift();
    if (script?.kind === 'hang') return new Promise<Response>(() => {});
    if (script?.kind === 'reset') {
      (c.env as { incoming?: { socket?: { destroy(): void } } }).incoming?.socket?.destroy();
      return new Promise<Response>(() => {});
    }
    if (script?.kind === 'error') {
      record();
      return error(
        c,
        script.status,
        script.description,
        script.retryAfter
          ? { retry_after: script.retryAfter }
          : script.migrateTo
            ? { migrate_to_chat_id: script.migrateTo }
            : undefined,
      );
    }

    const chat = String(body.chat_id ?? '');
    if (SEND_METHODS.has(method)) {
      const refusal = refusing.get(chat);
      if (refusal) {
        record();
        return error(
          c,
          refusal.status,
          refusal.description,
          refusal.migrateTo ? { migrate_to_chat_id: refusal.migrateTo } : undefined,
        );
      }
    }

    if (noMedia.has(chat) && (method === 'sendPhoto' || method === 'sendDocument')) {
      record();
      const what = method === 'sendPhoto' ? 'photos' : 'documents';
      return error(c, 400, `Bad Request: not enough rights to send ${what} to the chat`);
    }

    if (fake.limits && (method === 'sendMessage' || method === 'sendPhoto' || method === 'sendDocument')) {
      const recent = sentAt.filter((t) => now - t < 1000);
      const chatRecent = (chatLast.get(chat) ?? []).filter((t) => now - t < fake.limits!.perChatMs);
      if (recent.length >= fake.limits.perSecond || chatRecent.length >= fake.limits.burst) {
        fake.count429++;
        record();
        return error(c, 429, 'Too Many Requests: retry after 1', { retry_after: 1 });
      }
      sentAt.push(now);
      if (sentAt.length > 1000) sentAt.splice(0, 500);
      chatLast.set(chat, [...chatRecent, now]);
    }

    const thread = body.message_thread_id;
    const topicMissing =
      SEND_METHODS.has(method) && thread !== undefined && !forums.get(chat)?.has(Number(thread));
    const problem = topicMissing ? 'Bad Request: message thread not found' : await validate(method, body);
    const call = record();
    if (problem) return error(c, 400, problem);
    calls.push(call);
    if (revokeLater && method.startsWith('send') && --revokeLater.left <= 0) {
      revoked.add(revokeLater.token);
      revokeLater = undefined;
    }

    switch (method) {
      case 'getUpdates': {
        if (fake.webhook.url)
          return error(
            c,
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          );
        const offset = Number(body.offset ?? 0);
        for (let i = 0; i < 5 && !updates.some((u) => Number(u.update_id) >= offset); i++)
          await new Promise((r) => setTimeout(r, 20));
        return c.json({ ok: true, result: updates.filter((u) => Number(u.update_id) >= offset) });
      }
      case 'getMe':
        return c.json({
          ok: true,
          result: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'chibo', username },
        });
      case 'setWebhook':
        fake.webhook = {
          url: String(body.url ?? ''),
          allowed_updates: field<string[]>(body, 'allowed_updates'),
          secret_token: body.secret_token as string | undefined,
        };
        return c.json({
          ok: true,
          result: true,
          description: fake.webhook.url ? 'Webhook was set' : 'Webhook was deleted',
        });
      case 'deleteWebhook':
        fake.webhook = { url: '' };
        return c.json({ ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return c.json({
          ok: true,
          result: {
            url: fake.webhook.url,
            has_custom_certificate: false,
            pending_update_count: 0,
            allowed_updates: fake.webhook.allowed_updates,
          },
        });
      case 'answerCallbackQuery':
        callbacks.delete(String(body.callback_query_id));
        return c.json({ ok: true, result: true });
      case 'setMyCommands': {
        const scope = field<{ type: string }>(body, 'scope')?.type ?? 'default';
        fake.menus.set(`${scope}/${body.language_code ?? ''}`, field(body, 'commands') ?? []);
        return c.json({ ok: true, result: true });
      }
      default:
        if (method.startsWith('send') && method !== 'sendChatAction') {
          const id = Number(body.chat_id);
          return c.json({
            ok: true,
            result: {
              message_id: ++messageId,
              date: Math.floor(now / 1000),
              chat: { id, type: id > 0 ? 'private' : String(id).startsWith('-100') ? 'supergroup' : 'group' },
              ...(body.text !== undefined ? { text: body.text } : {}),
            },
          });
        }
        return c.json({ ok: true, result: true });
    }
  });

  /** What Telegram refuses about the call itself: its description, or undefined when it is fine. */
  async function validate(method: string, body: Record<string, unknown>): Promise<string | undefined> {
    const markup = field<{ inline_keyboard?: { callback_data?: string }[][] }>(body, 'reply_markup');
    for (const row of markup?.inline_keyboard ?? [])
      for (const b of row)
        if (
          b.callback_data !== undefined &&
          (b.callback_data === '' || new TextEncoder().encode(b.callback_data).length > 64)
        )
          return 'Bad Request: BUTTON_DATA_INVALID';
    const caption = body.caption;
    if (typeof caption === 'string' && caption.length > 1024)
      return 'Bad Request: message caption is too long';
    const markupProblem = entitiesProblem(body.parse_mode, body.text ?? body.caption);
    if (markupProblem) return markupProblem;
    switch (method) {
      case 'sendMessage': {
        const text = typeof body.text === 'string' ? body.text : '';
        if (text.trim() === '') return 'Bad Request: message text is empty';
        if (text.length > 4096) return 'Bad Request: message is too long';
        return undefined;
      }
      case 'sendPhoto': {
        const photo = body.photo;
        // An upload: grammY streams the file as its own part and sends photo=attach://<part>.
        if (photo === '[file]') return undefined;
        if (typeof photo === 'string' && photo.startsWith('attach://'))
          return body[photo.slice('attach://'.length)] === '[file]'
            ? undefined
            : 'Bad Request: wrong file identifier/HTTP URL specified';
        if (typeof photo !== 'string' || !/^https?:\/\//.test(photo))
          return 'Bad Request: wrong file identifier/HTTP URL specified';
        // Telegram fetches the picture itself before it answers.
        try {
          const res = await fetch(photo, { signal: AbortSignal.timeout(2_000) });
          if (!res.ok) return 'Bad Request: failed to get HTTP URL content';
          if (!(res.headers.get('content-type') ?? '').startsWith('image/'))
            return 'Bad Request: wrong type of the web page content';
          await res.arrayBuffer();
        } catch {
          return 'Bad Request: failed to get HTTP URL content';
        }
        return undefined;
      }
      case 'answerCallbackQuery':
        return callbacks.has(String(body.callback_query_id))
          ? undefined
          : 'Bad Request: query is too old and response timeout expired or query ID is invalid';
      case 'setMyCommands': {
        const list = field<{ command?: string; description?: string }[]>(body, 'commands') ?? [];
        if (list.length > 100) return 'Bad Request: too many commands';
        for (const cmd of list) {
          if (!COMMAND.test(cmd.command ?? '')) return 'Bad Request: BOT_COMMAND_INVALID';
          const d = (cmd.description ?? '').trim();
          if (d.length < 1 || d.length > 256)
            return 'Bad Request: command description must be 1-256 characters';
        }
        return undefined;
      }
      case 'setWebhook': {
        const url = String(body.url ?? '');
        if (url === '') return undefined;
        if (!url.startsWith('https://'))
          return 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook';
        const port = new URL(url).port;
        if (!['', '443', '80', '88', '8443'].includes(port))
          return 'Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443';
        const secret = body.secret_token;
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(secret)))
          return 'Bad Request: bad webhook: secret token contains unallowed characters';
        return undefined;
      }
      default:
        return undefined;
    }
  }

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      server.close(() => resolve());
    });
  return fake;
}

/**
 * What Telegram says of a text it cannot parse in the given parse_mode (core.telegram.org/bots/api
 * "Formatting options"): in HTML a `<` that opens no supported tag or a bare `&`; in MarkdownV2 an
 * unescaped reserved character. Without parse_mode every character is text.
 */
function entitiesProblem(mode: unknown, text: unknown): string | undefined {
  if (typeof text !== 'string' || mode === undefined) return undefined;
  const fail = (what: string) => `Bad Request: can't parse entities: ${what}`;
  if (mode === 'HTML') {
    const tag =
      /^<\/?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote|a(\s+href="[^"]*")?|span\s+class="tg-spoiler")>/;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '<' && !tag.test(text.slice(i)))
        return fail(`unsupported start tag at byte offset ${i}`);
      if (text[i] === '&' && !/^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.test(text.slice(i)))
        return fail(`can't find end of the entity starting at byte offset ${i}`);
    }
  }
  if (mode === 'MarkdownV2' && /(?<!\\)[_*[\]()~`>#+\-=|{}.!]/.test(text.replace(/\\./g, '')))
    return fail('character is reserved and must be escaped with the preceding \\');
  return undefined;
}

/** A text message as Telegram delivers it, in a private chat (userId) or a group (chatId < 0). */
export function telegramMessage(opts: {
  updateId: number;
  userId: number;
  text: string;
  chatId?: number;
  edited?: boolean;
  /** A message in this forum topic (is_topic_message), or with this thread id only (a reply). */
  thread?: { id: number; topic: boolean };
}): Record<string, unknown> {
  const chatId = opts.chatId ?? opts.userId;
  const message = {
    message_id: opts.updateId,
    date: 1764126000,
    chat:
      chatId > 0
        ? { id: chatId, type: 'private', first_name: 'An' }
        : { id: chatId, type: String(chatId).startsWith('-100') ? 'supergroup' : 'group', title: 'Chi bộ' },
    from: { id: opts.userId, is_bot: false, first_name: 'An', language_code: 'vi' },
    text: opts.text,
    ...(opts.edited ? { edit_date: 1764126060 } : {}),
    ...(opts.thread
      ? { message_thread_id: opts.thread.id, ...(opts.thread.topic ? { is_topic_message: true } : {}) }
      : {}),
  };
  return { update_id: opts.updateId, [opts.edited ? 'edited_message' : 'message']: message };
}

/**
 * Whether Telegram passes a group message to a bot in privacy mode (the default): commands
 * addressed to it (`/cmd@bot`), general commands when it was the last bot to write there, replies to
 * its messages; never plain text (core.telegram.org/bots/features#privacy-mode).
 */
export function deliveredInPrivacyMode(
  text: string,
  botUsername: string,
  opts: { lastBotInGroup?: boolean; replyToBot?: boolean } = {},
): boolean {
  if (opts.replyToBot) return true;
  const command = /^\/[A-Za-z0-9_]+(?:@([A-Za-z0-9_]+))?/.exec(text.trim());
  if (!command) return false;
  if (command[1]) return command[1].toLowerCase() === botUsername.toLowerCase();
  return opts.lastBotInGroup === true;
}

/** The bot's own membership changed (my_chat_member): blocked/unblocked in private, added/removed in a group. */
export function myChatMember(opts: {
  updateId: number;
  userId: number;
  chatId?: number;
  from: string;
  to: string;
}): Record<string, unknown> {
  const chatId = opts.chatId ?? opts.userId;
  const bot = { id: 1, is_bot: true, first_name: 'chibo', username: 'chibo_bot' };
  return {
    update_id: opts.updateId,
    my_chat_member: {
      chat:
        chatId > 0
          ? { id: chatId, type: 'private', first_name: 'An' }
          : { id: chatId, type: 'group', title: 'Chi bộ' },
      from: { id: opts.userId, is_bot: false, first_name: 'An' },
      date: 1764126000,
      old_chat_member: { status: opts.from, user: bot },
      new_chat_member: { status: opts.to, user: bot },
    },
  };
}

/**
 * The two service messages Telegram sends when a group becomes a supergroup. The one in the new
 * supergroup comes from GroupAnonymousBot as the supergroup itself (sender_chat), as observed
 * (InsanusMokrassar/ktgbotapi PR 514).
 */
export function migrationUpdates(updateId: number, userId: number, fromChatId: number, toChatId: number) {
  const from = { id: userId, is_bot: false, first_name: 'An' };
  const supergroup = { id: toChatId, type: 'supergroup', title: 'Chi bộ' };
  return [
    {
      update_id: updateId,
      message: {
        message_id: 9,
        date: 1764126000,
        chat: { id: fromChatId, type: 'group', title: 'Chi bộ' },
        from,
        migrate_to_chat_id: toChatId,
      },
    },
    {
      update_id: updateId + 1,
      message: {
        message_id: 1,
        date: 1764126000,
        chat: supergroup,
        from: { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' },
        sender_chat: supergroup,
        migrate_from_chat_id: fromChatId,
      },
    },
  ];
}

/** Polls until `check` holds (real async work in another component), or fails after `ms`. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw last instanceof Error ? last : new Error('condition not met in time');
}
