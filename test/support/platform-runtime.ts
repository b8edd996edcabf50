/**
 * The real Node runtime (SQLite file, inbox, dispatcher, channels) pointed at the local fake
 * Telegram and Zalo APIs, with helpers to post updates to its webhooks the way the platforms do.
 * Handling and sending run when a test says so (`settle`), so what happened in between is visible.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/deps';
import { createRuntime, type Runtime } from '../../src/entry/node-runtime';
import { createRateLimiter, DEFAULT_RULES } from '../../src/outbox/rate-limit';
import { createOutboxDispatcher } from '../../src/outbox/setup';
import type { FakeTelegram } from './fake-telegram';
import type { FakeZalo } from './fake-zalo';

export const TG_SECRET = 'platform_tg_secret_1';
export const ZALO_SECRET = 'platform_zalo_secret_1';

export interface PlatformRuntime {
  rt: Runtime;
  file: string;
  /** Log lines (level, message, data) the runtime wrote. */
  logs: { level: string; msg: string; data?: Record<string, unknown> }[];
  telegram(update: unknown): Promise<number>;
  zalo(body: unknown): Promise<number>;
  /** Handles every accepted update, then sends until nothing is due (within the drain's budget). */
  settle(): Promise<void>;
  /** Handles every accepted update, then sends once what is due now: no back-offs waited out, no pacing. */
  sendDue(): Promise<void>;
  health(): Promise<Record<string, any>>;
  /** Stops the runtime; the database file stays for a restart unless `remove`. */
  close(opts?: { remove?: boolean }): Promise<void>;
}

export async function startPlatformRuntime(opts: {
  tg?: FakeTelegram;
  zalo?: FakeZalo;
  telegramToken?: string;
  env?: Record<string, string>;
  /** Reuse a database file (a restart). */
  file?: string;
}): Promise<PlatformRuntime> {
  const file = opts.file ?? join(mkdtempSync(join(tmpdir(), 'chibo-platforms-')), 'chibo.db');
  const logs: PlatformRuntime['logs'] = [];
  const log: Logger = {
    debug() {},
    info: (msg, data) => logs.push({ level: 'info', msg, data }),
    warn: (msg, data) => logs.push({ level: 'warn', msg, data }),
    error: (msg, data) => logs.push({ level: 'error', msg, data }),
  };
  const env: Record<string, string> = { DATABASE_PATH: file, DEMO_DATA: '0', SIMULATOR: '0', ...opts.env };
  if (opts.tg) {
    env.TELEGRAM_BOT_TOKEN = opts.telegramToken ?? '123:platform-token';
    env.TELEGRAM_WEBHOOK_SECRET = TG_SECRET;
    env.TELEGRAM_API_ROOT = opts.tg.url;
    env.TELEGRAM_BOT_USERNAME ??= 'chibo_bot';
  }
  if (opts.zalo) {
    env.ZALO_BOT_TOKEN = opts.zalo.token;
    env.ZALO_WEBHOOK_SECRET = ZALO_SECRET;
    env.ZALO_API_ROOT = opts.zalo.url;
  }
  const rt = await createRuntime(loadConfig(env), { log, cron: false });
  // Sending only when the test settles: no background drains racing the assertions.
  rt.deps.kick = () => {};
  const once = createOutboxDispatcher(
    {
      store: rt.database.store,
      channels: rt.deps.channels,
      now: () => new Date(),
      log: rt.deps.log,
      newId: () => crypto.randomUUID(),
    },
    {
      limiter: createRateLimiter({
        telegram: DEFAULT_RULES.sim,
        zalo: DEFAULT_RULES.sim,
        sim: DEFAULT_RULES.sim,
      }),
    },
  );
  const post = async (path: string, header: Record<string, string>, body: unknown) => {
    const res = await rt.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...header },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  };
  return {
    rt,
    file,
    logs,
    telegram: (update) => post('/webhook/telegram', { 'X-Telegram-Bot-Api-Secret-Token': TG_SECRET }, update),
    zalo: (body) => post('/webhook/zalo', { 'X-Bot-Api-Secret-Token': ZALO_SECRET }, body),
    async settle() {
      await rt.processInbox();
      await rt.drain();
    },
    async sendDue() {
      await rt.processInbox();
      await once.drainOnce();
    },
    async health() {
      return (await (await rt.app.request('/healthz')).json()) as Record<string, any>;
    },
    async close({ remove = false } = {}) {
      await rt.stop();
      if (remove) rmSync(join(file, '..'), { recursive: true, force: true });
    },
  };
}
