/**
 * The bot as a Cloudflare Worker: the same app, commands and jobs as on Node, with D1 for storage,
 * a cron trigger for the scheduler tick and the platform clients over the Worker's fetch. Built once
 * per isolate; no simulator, no demo data (no one could chat with the demo people without it).
 */
import { createD1Store } from '../../db/d1';
import { loadConfig } from '../config';
import { type Deps, jsonLogger } from '../deps';
import { installSummaryRenderers } from '../domain/summaries/renderers';
import { xlsxRenderer } from '../domain/summaries/xlsx';
import { createApp } from '../http/app';
import { createOutboxDispatcher } from '../outbox/setup';
import { createPlatforms } from '../platforms';
import { tick } from '../scheduler/tick';
import { randomId } from '../util/ids';

/** Bindings (wrangler.toml) plus vars and secrets, which all arrive as strings. */
export interface Env {
  DB: D1Database;
  [name: string]: unknown;
}

export interface WorkerOptions {
  /** Outgoing calls to the platforms (tests pass a fake API). */
  fetch?: typeof fetch;
  clock?: () => Date;
  /** How long one drain may keep sending; waitUntil allows 30 s after the response. */
  drainBudgetMs?: number;
}

interface Runtime {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  drain(): Promise<unknown>;
  /** True once after any `deps.kick()`; the next handler to finish starts a drain. */
  takeKick(): boolean;
}

// Excel files (xuat, /admin/export) through exceljs's browser bundle, evaluated on the first export
// only; pictures (bieudo) still need the Node runtime.
installSummaryRenderers({
  xlsx: xlsxRenderer(async () => (await import('exceljs/dist/exceljs.bare.min.js')).default),
});

function build(env: Env, opts: WorkerOptions): Runtime {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  const config = loadConfig({ ...vars, SIMULATOR: '0' });
  const clock = opts.clock ?? (() => new Date());
  const log = jsonLogger(config.LOG_LEVEL);
  const store = createD1Store(env.DB);
  // Late-bound so the global is called unbound (workerd throws "Illegal invocation" otherwise).
  const fetchImpl: typeof fetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const { channels } = createPlatforms(config, fetchImpl);
  // The same dispatcher as on Node: refusals fall back to the person's other platform, a bad token
  // halts the platform, the breaker guards against a platform refusing everyone.
  const dispatcher = createOutboxDispatcher({ store, channels, now: clock, log, newId: randomId });
  let kicked = false;
  const deps: Deps = {
    config,
    store,
    channels,
    clock,
    newId: randomId,
    log,
    kick: () => {
      kicked = true;
    },
  };
  const budgetMs = opts.drainBudgetMs ?? 20_000;
  return {
    app: createApp(deps),
    deps,
    // Each drain runs inside the invocation that started it: work left running from another
    // request may be cancelled when that request ends. Claims are atomic, so overlaps are safe.
    drain: () =>
      dispatcher.drain({ budgetMs }).catch((err: unknown) => {
        log.error('dispatch failed', { error: err instanceof Error ? err.message : String(err) });
      }),
    takeKick: () => {
      const was = kicked;
      kicked = false;
      return was;
    },
  };
}

export function createWorker(opts: WorkerOptions = {}) {
  let runtime: Runtime | undefined;
  const get = (env: Env) => {
    runtime ??= build(env, opts);
    return runtime;
  };
  return {
    async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
      const rt = get(env);
      const response = await rt.app.fetch(request, env, ctx);
      if (rt.takeKick()) ctx.waitUntil(rt.drain());
      return response;
    },
    async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
      const rt = get(env);
      await tick(rt.deps, new Date(controller.scheduledTime));
      rt.takeKick();
      await rt.drain();
    },
  } satisfies ExportedHandler<Env>;
}

export default createWorker();
