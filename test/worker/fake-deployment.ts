/**
 * A whole Worker deployment on a test clock: the real Worker handlers (as many "isolates" as a test
 * asks for), the real pacer over D1, and a fake Bot API enforcing Telegram's limits on the same
 * clock. The pacer's alarm is kept in memory and run by `runAlarms` the way the platform runs it
 * (one at a time, when due); every invocation's D1 queries are counted at the binding, as D1
 * counts them, and listed in `invocations`.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createQueryMeter } from '../../db/budget';
import { meteredD1 } from '../../db/d1';
import { createPacerFor, createWorker, type Env, type WorkerOptions } from '../../src/entry/worker';
import { memoryStorage } from '../shared/pacer-storage';
import { fakeTelegramFetch } from './fake-telegram-fetch';

export interface Invocation {
  kind: 'tick' | 'alarm' | 'webhook';
  queries: number;
  /** Why a pacer alarm stopped. */
  stop?: string;
  sent?: number;
}

export function fakeDeployment(opts: { queries: number; start: number }) {
  const clock = { t: opts.start };
  const counter = createQueryMeter(Number.MAX_SAFE_INTEGER);
  const deployEnv = {
    ...env,
    DB: meteredD1(env.DB, counter),
    D1_QUERY_LIMIT: String(opts.queries),
  } as unknown as Env;
  const tg = fakeTelegramFetch(undefined, {
    limits: { perSecond: 30, perChatMs: 1000, burst: 3 },
    clock: () => clock.t,
  });
  const storage = memoryStorage();
  const options: WorkerOptions = {
    fetch: tg.fetch,
    clock: () => new Date(clock.t),
    sleep: async (ms) => {
      clock.t += ms;
    },
  };
  const pacer = createPacerFor(storage, deployEnv, options);
  const invocations: Invocation[] = [];
  /** A Worker isolate of this deployment: its own app, store and platform clients. */
  const isolate = () => createWorker({ ...options, poke: () => pacer.poke() });
  const counted = async (kind: Invocation['kind'], run: () => Promise<unknown>) => {
    counter.reset();
    const extra = (await run()) as Partial<Invocation> | undefined;
    invocations.push({ kind, queries: counter.used(), ...(extra ?? {}) });
  };
  const pending = async () =>
    (await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").first<{
      n: number;
    }>())!.n;

  return {
    clock,
    tg,
    pacer,
    storage,
    env: deployEnv,
    invocations,
    isolate,
    /** The cron trigger at `at` in a new isolate. */
    async tick(at: number, worker = isolate()) {
      clock.t = Math.max(clock.t, at);
      await counted('tick', () =>
        worker.scheduled(
          createScheduledController({ scheduledTime: at, cron: '* * * * *' }),
          deployEnv,
          createExecutionContext(),
        ),
      );
    },
    /** A webhook request to `worker`, its waitUntil work included. */
    async webhook(worker: ReturnType<typeof isolate>, request: Request) {
      let status = 0;
      await counted('webhook', async () => {
        const ctx = createExecutionContext();
        status = (await worker.fetch(request, deployEnv, ctx)).status;
        await waitOnExecutionContext(ctx);
      });
      return status;
    },
    /**
     * Runs the pacer's alarms as the platform would, moving the clock to each one, until none is
     * set or the only one left is for later and nothing is pending.
     */
    async runAlarms(limit = 10_000) {
      for (let i = 0; i < limit; i++) {
        const at = storage.alarm;
        if (at === null) return;
        if (at > clock.t) {
          if ((await pending()) === 0) return;
          clock.t = at;
        }
        storage.alarm = null;
        await counted('alarm', async () => {
          const result = await pacer.alarm();
          return result ? { stop: result.stop, sent: result.sent } : undefined;
        });
      }
      throw new Error(`still alarms after ${limit}`);
    },
    pending,
  };
}
