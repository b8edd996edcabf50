/** The HTTP surface: webhooks, health, served media, and the simulator when it is on. */
import { and, count, eq, gt } from 'drizzle-orm';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { media, outbox } from '../../db/schema';
import type { SimulatorChannel } from '../channels/simulator/channel';
import { telegramToIncoming } from '../channels/telegram/incoming';
import { zaloToIncoming } from '../channels/zalo/incoming';
import type { Deps } from '../deps';
import { adminRoutes } from './admin/routes';
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
      secretHeader: 'X-Telegram-Bot-Api-Secret-Token',
      secret: deps.config.TELEGRAM_BOT_TOKEN ? deps.config.TELEGRAM_WEBHOOK_SECRET : undefined,
      denyStatus: 401,
      toIncoming: telegramToIncoming,
      ok: (c) => c.body(null, 200),
    }),
  );
  app.post(
    '/webhook/zalo',
    limit,
    webhookHandler(deps, {
      secretHeader: 'X-Bot-Api-Secret-Token',
      secret: deps.config.ZALO_BOT_TOKEN ? deps.config.ZALO_WEBHOOK_SECRET : undefined,
      denyStatus: 403,
      toIncoming: zaloToIncoming,
      ok: (c) => c.json({ message: 'Success' }),
    }),
  );

  app.get('/healthz', async (c) => {
    let database = false;
    let backlog: number | null = null;
    let inboxBacklog: number | null = null;
    try {
      const row = await deps.store.db
        .select({ n: count() })
        .from(outbox)
        .where(eq(outbox.status, 'pending'))
        .get();
      backlog = row?.n ?? 0;
      inboxBacklog = (await deps.inboxBacklog?.()) ?? 0;
      database = true;
    } catch (err) {
      deps.log.error('health check failed', { error: err instanceof Error ? err.message : String(err) });
    }
    return c.json(
      {
        status: database ? 'ok' : 'degraded',
        version: VERSION,
        database,
        outboxBacklog: backlog,
        inboxBacklog,
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
    return c.body(bytes, 200, { 'content-type': row.contentType, 'cache-control': 'private, max-age=300' });
  });

  app.route('/admin', adminRoutes(deps));
  if (opts.simulator) app.route('/', simulatorRoutes(deps, opts.simulator));

  app.onError((err, c) => {
    deps.log.error('http error', { path: c.req.path, error: err.message });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
