/**
 * The bot as a Cloudflare Worker: the same app, commands and jobs as on Node, with D1 for storage,
 * a cron trigger for the scheduler tick and the platform clients over the Worker's fetch. Built once
 * per isolate; no simulator, no demo data (no one could chat with the demo people without it).
 *
 * Only the outbox pacer (the `OutboxPacer` Durable Object, one per deployment) sends: a webhook that
 * wrote replies and every cron run poke it, and its alarm drains at the platforms' rates, whatever
 * the number of isolates (src/outbox/pacer.ts). The cron run and each alarm plan their D1 queries
 * within D1_QUERY_LIMIT and leave the rest to the next run.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Api } from 'grammy';
import { createQueryMeter, type QueryMeter } from '../../db/budget';
import { createD1Store } from '../../db/d1';
import { loadConfig } from '../config';
import { type Deps, jsonLogger, type Logger } from '../deps';
import { installSummaryRenderers } from '../domain/summaries/renderers';
import { xlsxRenderer } from '../domain/summaries/xlsx';
import { createApp } from '../http/app';
import { createPacer, type Pacer, type PacerStorage } from '../outbox/pacer';
import { createRateLimiter } from '../outbox/rate-limit';
import { createOutboxDispatcher } from '../outbox/setup';
import { createPlatforms } from '../platforms';
import { tick } from '../scheduler/tick';
import { randomId } from '../util/ids';

/** Bindings (wrangler.toml) plus vars and secrets, which all arrive as strings. */
export interface Env {
  DB: D1Database;
  PACER: DurableObjectNamespace<OutboxPacer>;
  [name: string]: unknown;
}

export interface WorkerOptions {
  /** Outgoing calls to the platforms (tests pass a fake API). */
  fetch?: typeof fetch;
  clock?: () => Date;
  /** How the pacer waits for the next rate slot (tests pass one that moves their clock). */
  sleep?: (ms: number) => Promise<void>;
  /** How webhooks and cron runs reach the pacer (default: the PACER Durable Object; tests drive one by hand). */
  poke?: (env: Env) => Promise<void>;
}

// workerd takes every export of this module for an entrypoint and refuses to start on one that is
// not a function or a handler (test/worker/exports.test.ts): constants stay unexported.

/** The pacer's name: one per deployment, so one drain and one pacing per bot and platform. */
const PACER_NAME = 'outbox';

function settings(env: Env) {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === 'string') vars[k] = v;
  const config = loadConfig({ ...vars, SIMULATOR: '0' });
  // D1_QUERY_LIMIT: D1's queries per invocation (1,000 on Paid, 50 on Free), for the cron run and
  // each pacer alarm alike.
  return { config, queries: config.D1_QUERY_LIMIT, log: jsonLogger(config.LOG_LEVEL) };
}

// Excel files (xuat, /admin/export) through exceljs's browser bundle, evaluated on the first export
// only; pictures (bieudo) still need the Node runtime.
installSummaryRenderers({
  xlsx: xlsxRenderer(async () => (await import('exceljs/dist/exceljs.bare.min.js')).default),
});

/** Late-bound so the global is called unbound (workerd throws "Illegal invocation" otherwise). */
const platformFetch =
  (opts: WorkerOptions): typeof fetch =>
  (input, init) =>
    (opts.fetch ?? fetch)(input, init);

/**
 * The pacer as the Durable Object runs it, over the object's storage: its own metered D1 store, the
 * platform clients and one rate limiter per platform for the whole deployment.
 */
export function createPacerFor(storage: PacerStorage, env: Env, opts: WorkerOptions = {}): Pacer {
  const { config, queries, log } = settings(env);
  const clock = opts.clock ?? (() => new Date());
  const meter = createQueryMeter(queries);
  const store = createD1Store(env.DB, meter);
  const { channels } = createPlatforms(config, platformFetch(opts));
  const limiter = createRateLimiter();
  return createPacer({
    storage,
    limiter,
    meter,
    now: () => clock().getTime(),
    log,
    sleep: opts.sleep,
    // The same dispatcher as on Node: refusals fall back to the person's other platform, a bad token
    // halts the platform, the breaker guards against a platform refusing everyone.
    dispatcher: (sleep) =>
      createOutboxDispatcher(
        { store, channels, now: clock, log, newId: randomId },
        { limiter, budget: meter, sleep },
      ),
  });
}

export class OutboxPacer extends DurableObject<Env> {
  private readonly pacer: Pacer;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.pacer = createPacerFor(ctx.storage, env);
  }

  /** Something may be due: the alarm runs now (or, if one is running, again right after it). */
  async poke(): Promise<void> {
    await this.pacer.poke();
  }

  override async alarm(): Promise<void> {
    await this.pacer.alarm();
  }

  /** Settles when no drain is running. */
  async settled(): Promise<void> {
    await this.pacer.settled();
  }
}

interface Runtime {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  queries: number;
  log: Logger;
  /** Settles once the Telegram username is known (or could not be learned). */
  ready: Promise<void>;
  /** True once after any `deps.kick()`; the handler that sees it pokes the pacer. */
  takeKick(): boolean;
}

function build(env: Env, opts: WorkerOptions): Runtime {
  const { config, queries, log } = settings(env);
  const clock = opts.clock ?? (() => new Date());
  const store = createD1Store(env.DB);
  const { channels, telegramApi } = createPlatforms(config, platformFetch(opts));
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
  return {
    app: createApp(deps),
    deps,
    queries,
    log,
    ready: learnUsername(deps, telegramApi),
    takeKick: () => {
      const was = kicked;
      kicked = false;
      return was;
    },
  };
}

/** How long the first update of an isolate may wait for getMe. */
const GET_ME_WAIT_MS = 3_000;

/**
 * Like Node, the Worker learns the bot's username with getMe when TELEGRAM_BOT_USERNAME is not set,
 * once per isolate: without it "/lich@otherbot" would be taken for ours and group hints could not
 * name the bot. Never throws; a failure leaves the username unknown (and is logged).
 */
async function learnUsername(deps: Deps, api: Api | undefined): Promise<void> {
  if (!api || deps.config.TELEGRAM_BOT_USERNAME) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), GET_ME_WAIT_MS);
  });
  try {
    const me = await Promise.race([api.getMe(), gaveUp]);
    if (me?.username) deps.config = { ...deps.config, TELEGRAM_BOT_USERNAME: me.username };
  } catch (err) {
    deps.log.warn('telegram getMe failed', { error: err instanceof Error ? err.message : String(err) });
  } finally {
    clearTimeout(timer);
  }
}

export function pacerOf(env: Pick<Env, 'PACER'>): DurableObjectStub<OutboxPacer> {
  return env.PACER.get(env.PACER.idFromName(PACER_NAME));
}

/** Never throws: a poke that fails leaves the rows for the next cron run's poke (a minute at most). */
async function poke(env: Env, log: Logger, opts: WorkerOptions): Promise<void> {
  try {
    await (opts.poke ? opts.poke(env) : pacerOf(env).poke());
  } catch (err) {
    log.error('pacer.poke_failed', { error: err instanceof Error ? err.message : String(err) });
  }
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
      await rt.ready;
      const response = await rt.app.fetch(request, env, ctx);
      if (rt.takeKick()) ctx.waitUntil(poke(env, rt.log, opts));
      return response;
    },
    async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
      const rt = get(env);
      // The tick's own store, metered for this invocation: the jobs stop at the budget and the next
      // minute's run goes on from their cursors.
      const meter: QueryMeter = createQueryMeter(rt.queries);
      await tick(
        { ...rt.deps, store: createD1Store(env.DB, meter), budget: meter },
        new Date(controller.scheduledTime),
      );
      rt.takeKick();
      // Every minute, whatever the tick wrote: rows may have come due (the end of quiet hours).
      await poke(env, rt.log, opts);
    },
  } satisfies ExportedHandler<Env>;
}

export default createWorker();
