/**
 * Zalo long polling (ZALO_POLLING=1): for trying a real Zalo bot from a laptop without a public
 * HTTPS address. getUpdates holds the request open up to its timeout and answers one update, or 408
 * when none came; it does not work while a webhook is set, so the webhook is deleted first (the
 * Zalo docs recommend webhooks for production, where no update can be missed between two polls).
 */
import type { ZaloApi } from './client';
import { ZaloApiError } from './client';

export interface ZaloPollingOptions {
  api: Pick<ZaloApi, 'getUpdates' | 'deleteWebhook'>;
  /** Takes one update as Zalo sent it (the same body as a webhook's). */
  onUpdate(body: unknown): Promise<void>;
  log: {
    warn(msg: string, data?: Record<string, unknown>): void;
    error(msg: string, data?: Record<string, unknown>): void;
  };
  sleep?: (ms: number) => Promise<void>;
  timeoutSeconds?: number;
}

export interface ZaloPolling {
  /** Resolves once the loop has ended. */
  stop(): Promise<void>;
}

const FIRST_PAUSE_MS = 1_000;
const MAX_PAUSE_MS = 60_000;

export function startZaloPolling(opts: ZaloPollingOptions): ZaloPolling {
  const controller = new AbortController();
  // Stopping ends a pause at once.
  const sleep =
    opts.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        controller.signal.addEventListener('abort', wake, { once: true });
      }));
  let stopped = false;

  const loop = (async () => {
    try {
      await opts.api.deleteWebhook();
    } catch (err) {
      opts.log.warn('zalo deleteWebhook failed', { error: describe(err) });
    }
    let pause = FIRST_PAUSE_MS;
    while (!stopped) {
      try {
        const result = await opts.api.getUpdates(opts.timeoutSeconds, controller.signal);
        pause = FIRST_PAUSE_MS;
        const updates =
          result === null || result === undefined ? [] : Array.isArray(result) ? result : [result];
        for (const update of updates) {
          try {
            await opts.onUpdate(update);
          } catch (err) {
            opts.log.error('zalo polled update failed', { error: describe(err) });
          }
        }
      } catch (err) {
        if (stopped) break;
        // A bad token does not get better by asking faster: wait, up to a minute between tries.
        const level = err instanceof ZaloApiError && err.errorCode === 401 ? 'error' : 'warn';
        opts.log[level]('zalo polling failed', { error: describe(err), waitMs: pause });
        await sleep(pause);
        pause = Math.min(MAX_PAUSE_MS, pause * 2);
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      controller.abort();
      await loop;
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
