/**
 * A local stand-in for the Zalo Bot Platform API: a Hono app served on 127.0.0.1 (port 0) that
 * records every call and answers either like Zalo does or with a scripted failure. It answers with
 * Zalo's error table (`{ok: false, error_code, description}`: 400 wrong path or API name, 401 token
 * invalid or expired, 404 not found / invalid access, 408 getUpdates with nothing to give, 429
 * quota), fetches a sendPhoto URL before it answers (as Zalo does), and hands out updates through
 * getUpdates. Where Zalo documents nothing, the fake says what it assumes (see docs/platforms.md):
 * a chat the bot may not write to answers 404, a picture it cannot fetch 400.
 *
 *   const zalo = await startFakeZalo({ token: '123:secret' });
 *   zalo.failNext('sendMessage', { kind: 'api', errorCode: 429, description: 'Quota exceeded' });
 *   ... createZaloApi({ token, apiRoot: zalo.url }) ...
 *   await zalo.close();
 */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import { Hono } from 'hono';

export interface FakeZaloCall {
  method: string;
  /** Parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  contentType: string | undefined;
  httpMethod: string;
}

export type FakeZaloScript =
  /** `{ok: false, error_code, description}` with the given HTTP status (default 200, as Zalo does). */
  | {
      kind: 'api';
      errorCode: number;
      description: string;
      status?: number;
      headers?: Record<string, string>;
      parameters?: Record<string, unknown>;
    }
  /** `{ok: true, result}`. */
  | { kind: 'ok'; result?: unknown }
  /** Any status and body, e.g. an HTML error page from a proxy. */
  | { kind: 'raw'; status: number; body: string; contentType?: string }
  /** Never answers; the request stays open until the client gives up or the server closes. */
  | { kind: 'hang' }
  /** Drops the TCP connection without an HTTP answer. */
  | { kind: 'reset' };

export interface FakeZalo {
  /** Use as `apiRoot`. */
  url: string;
  token: string;
  calls: FakeZaloCall[];
  /** Calls to one method, in order. */
  callsTo(method: string): FakeZaloCall[];
  /** sendMessage/sendPhoto calls Zalo accepted (ok: true), in order. */
  delivered(): FakeZaloCall[];
  /** The next call to `method` (or to any method, with '*') answers with `script`; queued in order. */
  failNext(method: string, ...scripts: FakeZaloScript[]): void;
  /** The token is reset in Bot Creator: the old one answers 401 from now on, `next` works. */
  rotateToken(next: string): void;
  /** Resets the token once this many further messages have been accepted (mid-dispatch). */
  rotateTokenAfter(sends: number, next: string): void;
  /**
   * Sends whose text matches are delivered (recorded as accepted) but never answered: the answer
   * is lost, as when the process dies or the network drops after Zalo took the message.
   */
  swallowWhen(match: ((text: string) => boolean) | undefined): void;
  /** This chat no longer takes the bot's messages (assumed: 404, see above). */
  refuse(chatId: string): void;
  /** From the `n`th further send on, every send answers 429 "Quota exceeded" until `lift`. */
  quota(n: number): void;
  lift(): void;
  /** Queues an update for getUpdates, as Zalo sends it (webhook body shape). */
  pushUpdate(body: unknown): void;
  webhookUrl(): string;
  close(): Promise<void>;
}

const METHODS = new Set([
  'getMe',
  'getUpdates',
  'setWebhook',
  'deleteWebhook',
  'getWebhookInfo',
  'sendMessage',
  'sendPhoto',
  'sendSticker',
  'sendChatAction',
]);

export function createFakeZaloApp(initialToken: string) {
  const calls: FakeZaloCall[] = [];
  const delivered: FakeZaloCall[] = [];
  const scripts = new Map<string, FakeZaloScript[]>();
  const hanging = new Set<() => void>();
  const refused = new Set<string>();
  const updates: unknown[] = [];
  let token = initialToken;
  let rotateLater: { left: number; next: string } | undefined;
  let swallow: ((text: string) => boolean) | undefined;
  let quotaLeft = Number.POSITIVE_INFINITY;
  let webhookUrl = '';
  let nextMessage = 1;

  const app = new Hono<{ Bindings: HttpBindings }>();
  app.all('*', async (c) => {
    const match = /^\/bot([^/]+)\/([^/]+)$/.exec(decodeURIComponent(c.req.path));
    if (!match) return c.json({ ok: false, error_code: 404, description: 'Not Found' }, 404);
    const [, gotToken, method] = match as unknown as [string, string, string];
    const raw = await c.req.text();
    let body: unknown = raw;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {}
    const call = { method, body, contentType: c.req.header('content-type'), httpMethod: c.req.method };
    calls.push(call);

    if (gotToken !== token) return c.json({ ok: false, error_code: 401, description: 'Unauthorized' });
    const script = scripts.get(method)?.shift() ?? scripts.get('*')?.shift();
    if (script) {
      switch (script.kind) {
        case 'api':
          return c.json(
            {
              ok: false,
              error_code: script.errorCode,
              description: script.description,
              ...(script.parameters ? { parameters: script.parameters } : {}),
            },
            (script.status ?? 200) as 200,
            script.headers,
          );
        case 'ok':
          return c.json({ ok: true, result: script.result });
        case 'raw':
          return c.body(script.body, script.status as 200, {
            'content-type': script.contentType ?? 'text/html',
          });
        case 'hang':
          return new Promise<Response>((resolve) => {
            const release = () => resolve(new Response(null, { status: 504 }));
            hanging.add(release);
            c.req.raw.signal.addEventListener('abort', release);
          });
        case 'reset':
          c.env.incoming.socket.destroy();
          return new Response(null);
      }
    }

    if (!METHODS.has(method)) return c.json({ ok: false, error_code: 400, description: 'Bad Request' });
    const args = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const now = Date.now();
    if (method === 'sendMessage' || method === 'sendPhoto') {
      if (typeof args.chat_id === 'string' && refused.has(args.chat_id))
        return c.json({ ok: false, error_code: 404, description: 'Not Found' });
      if (quotaLeft <= 0) return c.json({ ok: false, error_code: 429, description: 'Quota exceeded' });
      quotaLeft--;
    }
    switch (method) {
      case 'getUpdates': {
        if (webhookUrl) return c.json({ ok: false, error_code: 400, description: 'Webhook is set' });
        // Zalo holds the request up to `timeout` seconds; the fake waits a little, then says 408.
        for (let i = 0; i < 10 && updates.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        const next = updates.shift();
        if (next === undefined) return c.json({ ok: false, error_code: 408, description: 'Request timeout' });
        const event = next as { result?: unknown };
        // getUpdates answers {ok, result: event}, the same event a webhook carries.
        return c.json({ ok: true, result: event.result ?? next });
      }
      case 'getMe':
        return c.json({
          ok: true,
          result: {
            id: '1459232241454765289',
            account_name: 'bot.Chibo',
            account_type: 'BASIC',
            can_join_groups: false,
          },
        });
      case 'setWebhook':
        if (typeof args.url !== 'string' || typeof args.secret_token !== 'string') {
          return c.json({ ok: false, error_code: 400, description: 'Bad Request' });
        }
        webhookUrl = args.url;
        return c.json({ ok: true, result: { url: webhookUrl, updated_at: now } });
      case 'deleteWebhook':
        webhookUrl = '';
        return c.json({ ok: true, result: { url: '', updated_at: now } });
      case 'getWebhookInfo':
        return c.json({ ok: true, result: { url: webhookUrl, updated_at: now } });
      case 'sendChatAction':
        return c.json({ ok: true });
      default: {
        if (typeof args.chat_id !== 'string')
          return c.json({ ok: false, error_code: 400, description: 'Bad Request' });
        if (
          method === 'sendMessage' &&
          (typeof args.text !== 'string' || args.text.length > 2000 || args.text === '')
        ) {
          return c.json({ ok: false, error_code: 400, description: 'text must be 1-2000 characters' });
        }
        if (method === 'sendPhoto' && !(await fetchable(args.photo))) {
          return c.json({ ok: false, error_code: 400, description: 'Bad Request' });
        }
        delivered.push(call);
        if (rotateLater && --rotateLater.left <= 0) {
          token = rotateLater.next;
          rotateLater = undefined;
        }
        if (swallow && typeof args.text === 'string' && swallow(args.text)) {
          return new Promise<Response>((resolve) => {
            const release = () => resolve(new Response(null, { status: 504 }));
            hanging.add(release);
            c.req.raw.signal.addEventListener('abort', release);
          });
        }
        const id = `m${String(nextMessage++).padStart(19, '0')}`;
        return c.json({ ok: true, result: { message_id: id, date: now } });
      }
    }
  });

  return {
    app,
    calls,
    delivered,
    get token() {
      return token;
    },
    failNext(method: string, ...more: FakeZaloScript[]) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...more]);
    },
    rotateToken(next: string) {
      token = next;
    },
    rotateTokenAfter(sends: number, next: string) {
      rotateLater = { left: sends, next };
    },
    swallowWhen(match: ((text: string) => boolean) | undefined) {
      swallow = match;
    },
    refuse(chatId: string) {
      refused.add(chatId);
    },
    quota(n: number) {
      quotaLeft = n;
    },
    lift() {
      quotaLeft = Number.POSITIVE_INFINITY;
    },
    pushUpdate(body: unknown) {
      updates.push(body);
    },
    webhookUrl: () => webhookUrl,
    releaseHanging() {
      for (const release of hanging) release();
      hanging.clear();
    },
  };
}

export async function startFakeZalo(options: { token?: string } = {}): Promise<FakeZalo> {
  const token = options.token ?? '123456789:fake-zalo-secret';
  const fake = createFakeZaloApp(token);
  let server!: Server;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: fake.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    ) as Server;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    get token() {
      return fake.token;
    },
    calls: fake.calls,
    callsTo: (method) => fake.calls.filter((call) => call.method === method),
    delivered: () => fake.delivered,
    failNext: fake.failNext,
    rotateToken: fake.rotateToken,
    rotateTokenAfter: fake.rotateTokenAfter,
    swallowWhen: fake.swallowWhen,
    refuse: fake.refuse,
    quota: fake.quota,
    lift: fake.lift,
    pushUpdate: fake.pushUpdate,
    webhookUrl: fake.webhookUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        fake.releaseHanging();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Zalo fetches the picture itself; a URL it cannot get, or that is not a picture, fails the send. */
async function fetchable(url: unknown): Promise<boolean> {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return false;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok && (res.headers.get('content-type') ?? '').startsWith('image/');
  } catch {
    return false;
  }
}

/**
 * A Zalo webhook body: the documented `{ok, result: {event_name, message}}` or the flat
 * `{event_name, message}` seen in production. A group message starts with the bot's @mention.
 */
export function zaloEvent(opts: {
  messageId: string;
  chatId: string;
  userId?: string;
  text?: string;
  group?: boolean;
  event?: string;
  wrapped?: boolean;
  displayName?: string;
}): Record<string, unknown> {
  const message: Record<string, unknown> = {
    message_id: opts.messageId,
    date: 1764126000000,
    chat: { id: opts.chatId, chat_type: opts.group ? 'GROUP' : 'PRIVATE' },
    from: { id: opts.userId ?? opts.chatId, display_name: opts.displayName ?? 'Ted', is_bot: false },
  };
  if (opts.text !== undefined) message.text = opts.text;
  const event = {
    event_name:
      opts.event ?? (opts.text !== undefined ? 'message.text.received' : 'message.unsupported.received'),
    message,
  };
  return opts.wrapped === false ? event : { ok: true, result: event };
}
