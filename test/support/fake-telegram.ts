/**
 * A local stand-in for the Telegram Bot API on 127.0.0.1: records calls, answers like Telegram,
 * and can enforce Telegram-like flood limits (429 with retry_after) or script failures.
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
  | { kind: 'error'; status: number; description: string; retryAfter?: number }
  | { kind: 'hang' }
  | { kind: 'reset' };

export interface FakeTelegram {
  url: string;
  calls: FakeTelegramCall[];
  callsTo(method: string): FakeTelegramCall[];
  failNext(method: string, ...scripts: TelegramScript[]): void;
  /** Enforce limits like Telegram: per chat at most 1 message in `perChatMs` (bursts of `burst`), overall `perSecond`. */
  limits?: { perSecond: number; perChatMs: number; burst: number };
  count429: number;
  /** Queues an update for getUpdates (long polling). */
  pushUpdate(update: Record<string, unknown>): void;
  close(): Promise<void>;
}

async function readBody(req: Request): Promise<Record<string, unknown>> {
  const type = req.headers.get('content-type') ?? '';
  if (type.includes('application/json')) return (await req.json()) as Record<string, unknown>;
  if (type.includes('multipart/form-data') || type.includes('x-www-form-urlencoded')) {
    const form = await req.formData();
    const out: Record<string, unknown> = {};
    form.forEach((v, k) => {
      out[k] = typeof v === 'string' ? v : '[file]';
    });
    return out;
  }
  return {};
}

export async function startFakeTelegram(
  opts: { limits?: FakeTelegram['limits'] } = {},
): Promise<FakeTelegram> {
  const calls: FakeTelegramCall[] = [];
  const scripts = new Map<string, TelegramScript[]>();
  const sentAt: number[] = [];
  const chatLast = new Map<string, number[]>();
  let messageId = 1000;
  const updates: Record<string, unknown>[] = [];
  const fake: FakeTelegram = {
    url: '',
    calls,
    callsTo: (m) => calls.filter((c) => c.method === m),
    failNext(method, ...s) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...s]);
    },
    limits: opts.limits,
    count429: 0,
    pushUpdate(update) {
      updates.push(update);
    },
    close: async () => {},
  };
  const app = new Hono();
  app.all('/bot:token/:method', async (c) => {
    const method = c.req.param('method');
    const body = await readBody(c.req.raw);
    const script = scripts.get(method)?.shift() ?? scripts.get('*')?.shift();
    if (script?.kind === 'hang') return new Promise<Response>(() => {});
    if (script?.kind === 'reset') {
      (c.env as { incoming?: { socket?: { destroy(): void } } }).incoming?.socket?.destroy();
      return new Promise<Response>(() => {});
    }
    if (script?.kind === 'error') {
      return c.json(
        {
          ok: false,
          error_code: script.status,
          description: script.description,
          ...(script.retryAfter ? { parameters: { retry_after: script.retryAfter } } : {}),
        },
        script.status as 400,
      );
    }
    const now = Date.now();
    if (fake.limits && (method === 'sendMessage' || method === 'sendPhoto' || method === 'sendDocument')) {
      const chat = String(body.chat_id);
      const recent = sentAt.filter((t) => now - t < 1000);
      const chatRecent = (chatLast.get(chat) ?? []).filter((t) => now - t < fake.limits!.perChatMs);
      if (recent.length >= fake.limits.perSecond || chatRecent.length >= fake.limits.burst) {
        fake.count429++;
        return c.json(
          {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests: retry after 1',
            parameters: { retry_after: 1 },
          },
          429,
        );
      }
      sentAt.push(now);
      if (sentAt.length > 1000) sentAt.splice(0, 500);
      chatLast.set(chat, [...chatRecent, now]);
    }
    calls.push({ method, body, at: now });
    if (method === 'getUpdates') {
      const offset = Number(body.offset ?? 0);
      for (let i = 0; i < 5 && !updates.some((u) => Number(u.update_id) >= offset); i++)
        await new Promise((r) => setTimeout(r, 20));
      return c.json({ ok: true, result: updates.filter((u) => Number(u.update_id) >= offset) });
    }
    if (method === 'getMe')
      return c.json({
        ok: true,
        result: { id: 1, is_bot: true, first_name: 'chibo', username: 'chibo_bot' },
      });
    if (method.startsWith('send')) {
      return c.json({
        ok: true,
        result: {
          message_id: ++messageId,
          date: Math.floor(now / 1000),
          chat: { id: Number(body.chat_id), type: 'private' },
          text: body.text,
        },
      });
    }
    return c.json({ ok: true, result: true });
  });
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
