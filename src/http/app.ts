/** The HTTP surface: webhooks, health, served media, and the simulator when it is on. */
import { and, count, eq, gt } from 'drizzle-orm';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { commands } from '../../commands/index';
import { media, outbox } from '../../db/schema';
import { matchCommand } from '../bot/match';
import type { SimulatorChannel } from '../channels/simulator/channel';
import { telegramToIncoming } from '../channels/telegram/incoming';
import type { Platform } from '../channels/types';
import { zaloToIncoming } from '../channels/zalo/incoming';
import type { Deps } from '../deps';
import { MAX_RETRY_AFTER_MS } from '../outbox/backoff';
import { type HealthRow, readHealth } from '../outbox/health';
import { adminRoutes } from './admin/routes';
import { DASHBOARD_PATH, dashboardRoutes } from './dashboard/routes';
import { simulatorRoutes } from './simulator';
import { webhookHandler } from './webhook';

export const VERSION = '0.1.0';
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppOptions {
  simulator?: SimulatorChannel;
}

export function createApp(deps: Deps, opts: AppOptions = {}) {
  const app = new Hono();
  const streamLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json({ error: 'body too large' }, 413),
  });
  // Platforms send Content-Length: check it without wrapping the body stream (which costs as much as
  // the rest of the webhook); a body without it is counted as it streams in.
  const limit: MiddlewareHandler = async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || !/^\d+$/.test(declared)) return streamLimit(c, next);
    if (Number(declared) > MAX_BODY_BYTES) return c.json({ error: 'body too large' }, 413);
    await next();
  };

  app.post(
    '/webhook/telegram',
    limit,
    webhookHandler(deps, {
      platform: 'telegram',
      secretHeader: 'X-Telegram-Bot-Api-Secret-Token',
      secret: deps.config.TELEGRAM_BOT_TOKEN ? deps.config.TELEGRAM_WEBHOOK_SECRET : undefined,
      denyStatus: 401,
      // Read at each update: the Node runtime learns the username from getMe after start.
      toIncoming: (body) => telegramToIncoming(body, { username: deps.config.TELEGRAM_BOT_USERNAME }),
      unreadable: 'reject',
      ok: (c) => c.body(null, 200),
    }),
  );
  app.post(
    '/webhook/zalo',
    limit,
    webhookHandler(deps, {
      platform: 'zalo',
      secretHeader: 'X-Bot-Api-Secret-Token',
      secret: deps.config.ZALO_BOT_TOKEN ? deps.config.ZALO_WEBHOOK_SECRET : undefined,
      denyStatus: 403,
      toIncoming: (body) => zaloToIncoming(body, { isCommand: isOurCommand }),
      unreadable: 'ignore',
      ok: (c) => c.json({ message: 'Success' }),
    }),
  );

  // status 'degraded' (HTTP 200) when a platform cannot be sent to; 503 only when the database is down.
  app.get('/healthz', async (c) => {
    let database = false;
    let backlog: number | null = null;
    let inboxBacklog: number | null = null;
    let platforms: Record<string, PlatformStatus> = {};
    try {
      const row = await deps.store.db
        .select({ n: count() })
        .from(outbox)
        .where(eq(outbox.status, 'pending'))
        .get();
      backlog = row?.n ?? 0;
      inboxBacklog = (await deps.inboxBacklog?.()) ?? 0;
      platforms = platformStatuses(deps, await readHealth(deps.store.db));
      database = true;
    } catch (err) {
      deps.log.error('health check failed', { error: err instanceof Error ? err.message : String(err) });
    }
    const sending = Object.values(platforms).every((p) => p.status === 'ok');
    return c.json(
      {
        status: database && sending ? 'ok' : 'degraded',
        version: VERSION,
        database,
        outboxBacklog: backlog,
        inboxBacklog,
        platforms,
        retryAfterCapSeconds: MAX_RETRY_AFTER_MS / 1000,
      },
      database ? 200 : 503,
    );
  });

  app.get('/media/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return c.notFound();
    const row = await deps.store.db
      .select()
      .from(media)
      .where(and(eq(media.id, id), gt(media.expiresAt, deps.clock().getTime())))
      .get();
    if (!row) return c.notFound();
    const bytes = Uint8Array.from(atob(row.data), (ch) => ch.charCodeAt(0));
    return c.body(bytes, 200, {
      'content-type': row.contentType,
      'cache-control': 'private, max-age=86400, immutable',
    });
  });

  app.route('/admin', adminRoutes(deps));
  app.route(DASHBOARD_PATH, dashboardRoutes(deps));
  if (opts.simulator) app.route('/', simulatorRoutes(deps, opts.simulator));

  app.onError((err, c) => {
    deps.log.error('http error', { path: c.req.path, error: err.message });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;

/** Whether a text starts with one of our commands (where a Zalo group mention ends). */
export const isOurCommand = (text: string) => matchCommand(text, commands) !== null;

interface PlatformStatus {
  status: 'ok' | 'halted' | 'probation';
  cause?: string;
  error?: string;
  since?: string;
  nextCheckAt?: string;
  /** The last retry_after longer than the cap: what was asked, and when. */
  retryAfterCapped?: { askedSeconds: number; at: string };
}

/** Each configured platform's sending state, from platform_health (no row: sending normally). */
function platformStatuses(deps: Deps, health: Map<Platform, HealthRow>): Record<string, PlatformStatus> {
  const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());
  const out: Record<string, PlatformStatus> = {};
  for (const platform of Object.keys(deps.channels) as Platform[]) {
    if (platform === 'sim') continue;
    const row = health.get(platform);
    const status: PlatformStatus = { status: row?.state ?? 'ok' };
    if (row && row.state !== 'ok') {
      status.cause = row.cause ?? undefined;
      status.error = row.error ?? undefined;
      status.since = iso(row.since);
      status.nextCheckAt = iso(row.probeAt);
    }
    if (row?.cappedAt) {
      status.retryAfterCapped = {
        askedSeconds: Math.round((row.cappedAskedMs ?? 0) / 1000),
        at: iso(row.cappedAt)!,
      };
    }
    out[platform] = status;
  }
  return out;
}
