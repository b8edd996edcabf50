/**
 * A platform webhook: constant-time secret check, bounded body, strict JSON, at-most-once handling.
 * The answer never waits on the platform API (replies go through the outbox) and no input, however
 * odd, produces a 5xx: Telegram would redeliver it forever.
 */
import type { Context } from 'hono';
import { handleIncoming } from '../bot/handle';
import type { IncomingMessage } from '../channels/types';
import type { Deps } from '../deps';
import { safeEqual } from '../util/safe-equal';

/** Belt and braces behind the Content-Length check: no update is anywhere near this. */
const MAX_WEBHOOK_CHARS = 1024 * 1024;

export interface WebhookSpec {
  secretHeader: string;
  secret: string | undefined;
  /** 401 for Telegram (what grammY answers), 403 for Zalo (the official sample). */
  denyStatus: 401 | 403;
  toIncoming(body: unknown): IncomingMessage | null | 'invalid';
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
    if (msg === 'invalid') return c.json({ error: 'not an update' }, 400);
    if (msg) {
      try {
        if (deps.acceptUpdate) await deps.acceptUpdate(msg);
        else await handleIncoming(deps, msg);
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
