/**
 * The one drain of a Worker deployment. Telegram's ~30 messages a second are per bot, not per
 * isolate: two isolates each pacing their own sends (a cron run and a webhook, two webhooks) could
 * together send twice that. So on Workers nothing drains the outbox but this pacer, run by a single
 * Durable Object (src/entry/worker.ts): webhooks and cron ticks only `poke` it, which sets its alarm;
 * the alarm drains with one rate limiter per platform, so its pacing is the whole deployment's.
 *
 * Each alarm invocation has its own query budget (D1 counts per invocation): the drain claims what
 * it can record within it, stops while it can still write, and the next alarm, set at once, goes on
 * where it stopped. The rows stay in D1, which is the truth: a pacer that restarts loses nothing but
 * its pacing memory, and that is kept in the object's storage between rounds.
 */
import type { QueryMeter } from '../../db/budget';
import type { Logger } from '../deps';
import type { Dispatcher, DrainResult } from './dispatcher';
import { type PacingSnapshot, type RateLimiter, restorePacing, snapshotPacing } from './rate-limit';

/** What the pacer needs of a Durable Object's storage: its alarm and two keys. */
export interface PacerStorage {
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
  get<T>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
}

export interface PacerOptions {
  storage: PacerStorage;
  limiter: RateLimiter;
  /** Counts this object's D1 queries; reset at each alarm (a new invocation). */
  meter?: QueryMeter;
  /** Builds the dispatcher over the pacer's limiter and meter; `sleep` keeps the pacing memory. */
  dispatcher(sleep: (ms: number) => Promise<void>): Dispatcher;
  now: () => number;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** How long one alarm drains at most (an alarm may run 15 minutes; D1's budget ends it sooner). */
  drainMs?: number;
  /**
   * Waits longer than this end the alarm, set again for when the wait is over: an alarm kept
   * running costs duration, and a poke brings a new reply's alarm forward anyway.
   */
  maxWaitMs?: number;
  /** When an alarm failed, the next one comes this much later. */
  retryMs?: number;
}

export interface Pacer {
  /** Something was written to the outbox (or may be due): make sure an alarm runs now. */
  poke(): Promise<void>;
  /** The alarm handler: drains, then sets the next alarm. */
  alarm(): Promise<DrainResult | undefined>;
  /** Settles when no alarm is running and none is owed to a poke (running that one itself). */
  settled(): Promise<void>;
}

export const DEFAULT_DRAIN_MS = 60_000;
export const DEFAULT_MAX_WAIT_MS = 2_000;
const PACING_KEY = 'pacing';

export function createPacer(opts: PacerOptions): Pacer {
  const { storage, limiter, meter, now, log } = opts;
  const wait = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const save = async () => {
    try {
      await storage.put(PACING_KEY, snapshotPacing(limiter, now()));
    } catch (err) {
      log.warn('pacer.save_failed', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  // Between rounds the last window's sends are written down: a restarted object (a deploy in the
  // middle of a wave) waits them out instead of sending a second window's worth at once.
  const dispatcher = opts.dispatcher(async (ms) => {
    await save();
    await wait(ms);
  });
  let restored: Promise<void> | undefined;
  let running: Promise<DrainResult | undefined> | undefined;
  /** A poke arrived since the last alarm began: the next one is owed now, not at its own time. */
  let poked = false;

  const restore = () => {
    restored ??= storage.get<PacingSnapshot>(PACING_KEY).then(
      (snapshot) => {
        if (snapshot) restorePacing(limiter, snapshot);
      },
      (err: unknown) => {
        log.warn('pacer.restore_failed', { error: err instanceof Error ? err.message : String(err) });
      },
    );
    return restored;
  };

  async function run(): Promise<DrainResult | undefined> {
    poked = false;
    meter?.reset();
    let result: DrainResult | undefined;
    let next: number | null;
    try {
      await restore();
      result = await dispatcher.drain({
        budgetMs: opts.drainMs ?? DEFAULT_DRAIN_MS,
        maxWaitMs: opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
      });
      // A hung call's outcome is this invocation's to record, within its budget.
      await dispatcher.settled();
      next = result.nextAt;
      if (result.stop !== 'idle')
        log.info('pacer.resume', { stop: result.stop, sent: result.sent, queries: meter?.used() });
    } catch (err) {
      log.error('pacer.drain_failed', { error: err instanceof Error ? err.message : String(err) });
      next = now() + (opts.retryMs ?? 5_000);
    }
    await save();
    const at = poked ? now() : next;
    if (at !== null) await storage.setAlarm(Math.max(at, now()));
    return result;
  }

  const alarm = async (): Promise<DrainResult | undefined> => {
    // The platform runs one alarm at a time; should two ever meet, the second only makes sure
    // the first comes back, so there is still one drain.
    if (running) {
      poked = true;
      return undefined;
    }
    running = run();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  return {
    async poke() {
      poked = true;
      const at = await storage.getAlarm();
      if (at === null || at > now()) await storage.setAlarm(now());
    },
    alarm,
    async settled() {
      for (;;) {
        if (running) await running.catch(() => undefined);
        else if (poked) await alarm();
        else return;
      }
    },
  };
}
