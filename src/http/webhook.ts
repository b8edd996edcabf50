/**
 * A platform webhook: constant-time secret check, bounded body, strict JSON, at-most-once handling.
 * The answer never waits on the platform API (replies go through the outbox) and no input, however
 * odd, produces a 5xx: Telegram would redeliver it forever.
 */
import type { Context } from 'hono';
import { handleIncoming } from '../bot/handle';
import type { IncomingMessage, Platform } from '../channels/types';
import type { Deps } from '../deps';
import { safeEqual } from '../util/safe-equal';

/** Belt and braces behind the Content-Length check: no update is anywhere near this. */
const MAX_WEBHOOK_CHARS = 1024 * 1024;

export interface WebhookSpec {
  platform: Platform;
  secretHeader: string;
  secret: string | undefined;
  /** 401 for Telegram (what grammY answers), 403 for Zalo (the official sample). */
  denyStatus: 401 | 403;
  toIncoming(body: unknown): IncomingMessage | null | 'invalid';
  /**
   * An authenticated body we cannot read: 'reject' (400: Telegram, whose every update has an
   * update_id) or 'ignore' (200 and a log line: Zalo, whose shapes are not all documented, and
   * which might deliver a refused event again).
   */
  unreadable: 'reject' | 'ignore';
  ok(c: Context): Response;
}

export function webhookHandler(deps: Deps, spec: WebhookSpec) {
  return async function webhook(c: Context): Promise<Response> {
    const given = c.req.header(spec.secretHeader);
    if (!spec.secret || !given || !safeEqual(given, spec.secret)) {
      return c.body(null, spec.denyStatus);
    }
    let body: unknown;
    try {
      const text = await c.req.text();
      if (text.length > MAX_WEBHOOK_CHARS) return c.json({ error: 'body too large' }, 413);
      body = JSON.parse(text);
    } catch {
      return c.json({ error: 'malformed JSON' }, 400);
    }
    let msg: IncomingMessage | null | 'invalid';
    try {
      msg = spec.toIncoming(body);
    } catch {
      msg = 'invalid';
    }
    if (msg === 'invalid') {
      if (spec.unreadable === 'reject') return c.json({ error: 'not an update' }, 400);
      deps.log.info('webhook event not understood', { platform: spec.platform, ...shapeOf(body) });
      return spec.ok(c);
    }
    if (msg) {
      try {
        if (deps.acceptUpdate) {
          await deps.acceptUpdate(msg);
          acknowledge(deps, c, msg);
        } else {
          acknowledge(deps, c, msg);
          await handleIncoming(deps, msg);
        }
      } catch (err) {
        // Not even durable: let the platform deliver it again.
        if (deps.acceptUpdate) {
          deps.log.error('webhook accept failed', {
            updateKey: msg.updateKey,
            error: err instanceof Error ? err.message : String(err),
          });
          return c.json({ error: 'try again' }, 503);
        }
        // Logged without the update's text; 200 so the platform does not redeliver a poison update.
        deps.log.error('webhook handling failed', {
          updateKey: msg.updateKey,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return spec.ok(c);
  };
}

/**
 * A pressed button is answered as soon as it is accepted, not behind the outbox, where it could wait
 * past the query's expiry behind a retrying row or a long reply. Best effort, never awaited by the
 * platform's request (on Workers it is kept alive with waitUntil).
 */
export function acknowledge(
  deps: Pick<Deps, 'channels' | 'log'>,
  c: Context | undefined,
  msg: IncomingMessage,
): void {
  const channel = deps.channels[msg.platform];
  if (!msg.callbackId || !channel?.acknowledge) return;
  const done = channel.acknowledge(msg.callbackId).catch((err: unknown) => {
    deps.log.warn('callback answer failed', {
      updateKey: msg.updateKey,
      error: err instanceof Error ? err.message : String(err),
    });
  });
  try {
    c?.executionCtx.waitUntil(done);
  } catch {
    // Node has no execution context: the promise simply runs on.
  }
}

/** What an unreadable body looks like, without any of its text: field names and the event's name. */
function shapeOf(body: unknown): Record<string, unknown> {
  const record = (v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const top = record(body);
  const inner = record(top?.result) ?? top;
  const event = inner?.event_name;
  return {
    shape: Array.isArray(body) ? 'array' : body === null ? 'null' : typeof body,
    keys: top ? Object.keys(top).slice(0, 12) : [],
    messageKeys: Object.keys(record(inner?.message) ?? {}).slice(0, 12),
    event: typeof event === 'string' ? event.replace(/[^\w.-]/g, '').slice(0, 60) : undefined,
  };
}
