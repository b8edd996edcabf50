/**
 * Sends what the outbox holds. Shared by the Node server (after each commit and on a timer) and the
 * Worker (scheduled run, waitUntil after a webhook), so it claims rows with one atomic statement
 * instead of a transaction and writes outcomes through `store.commit`.
 *
 * Delivery is at least once. A row is claimed by pushing its `next_attempt_at` `leaseMs` into the
 * future (the schema has no separate lease column; see `claim`), sent, then marked under a condition
 * that the lease is still ours. If the process dies between a successful send and the commit of its
 * 'sent' mark, the lease runs out and another run sends the message again. Without idempotency keys
 * on the platforms' side that window cannot be closed; the lease keeps it to crashes and to sends
 * that outlast the lease (which `sendTimeoutMs` stops waiting for well before it ends).
 */
import { and, eq, sql } from 'drizzle-orm';
import { outbox, PLATFORMS } from '../../db/schema';
import type { Store, Write } from '../../db/types';
import type { Channel, OutgoingMessage, Platform, SendFailure, SendResult } from '../channels/types';
import { SendError } from '../channels/types';
import { nextRetryDelay } from './backoff';
import { createRateLimiter, globalRoom, globalWait, type RateLimiter, reserve } from './rate-limit';

export type OutboxRow = typeof outbox.$inferSelect;

/** Rows claimed by one round at most. */
export const CLAIM_LIMIT = 100;
/** How many of the oldest pending rows one claim looks at. */
export const SCAN_LIMIT = 2_000;
/** A rate-limit wait never postpones a row further than this. */
export const MAX_DEFER_MS = 60_000;
/** The longest `drain` sleeps at once, so that rows written meanwhile are not kept waiting. */
export const MAX_NAP_MS = 1_000;

export type LogLevel = 'info' | 'warn' | 'error';
/** Only ids, platforms, kinds and numbers: never a message's text, a payload or a token. */
export interface LogFields {
  id?: string;
  platform?: Platform;
  kind?: string;
  attempt?: number;
  waitMs?: number;
  error?: string;
}
export type DispatchLog = (level: LogLevel, event: string, fields: LogFields) => void;

export interface DispatcherOptions {
  store: Store;
  channels: Partial<Record<Platform, Channel>>;
  now: () => Date;
  /** [0, 1); jitter of retry delays. */
  random?: () => number;
  /** How long a claimed row stays reserved for this run. */
  leaseMs?: number;
  /** Sends in flight at once (each to a different chat). */
  concurrency?: number;
  /**
   * Stop waiting for a send after this long; the row keeps its lease, the send's late outcome is
   * still recorded while the lease holds. Default: two thirds of leaseMs; never more than leaseMs.
   */
  sendTimeoutMs?: number;
  /** How `drain` waits for the next due row or free rate slot within its budget. */
  sleep?: (ms: number) => Promise<void>;
  /** Pacing state; pass one to share it between dispatchers of one process. */
  limiter?: RateLimiter;
  log?: DispatchLog;
  /**
   * Called when a row is given up for good; its writes are committed with the failure mark (e.g. to
   * deliver the same message on the person's other platform).
   */
  onGiveUp?: (row: OutboxRow, failure: SendFailure, at: Date) => Promise<Write[]>;
}

export interface DrainTotals {
  /** Rows this run took a lease on. */
  claimed: number;
  sent: number;
  /** Failed this time, tried again later. */
  retried: number;
  /** Given up: refused by the platform, out of attempts, no channel, unreadable payload. */
  failed: number;
  /** Expired before they could be sent. */
  dropped: number;
  /** Put back by the rate limiter without trying. */
  deferred: number;
  /** Sends still running at sendTimeoutMs; their rows stay leased. */
  abandoned: number;
}

export interface Dispatcher {
  drainOnce(): Promise<DrainTotals>;
  /** Runs rounds while there is work and budget; waits (`sleep`) for rows due within the budget. */
  drain(opts: { budgetMs: number }): Promise<DrainTotals>;
}

type Outcome = 'sent' | 'retried' | 'failed';
const TIMED_OUT = Symbol('timed out');

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { store, channels, now } = opts;
  const random = opts.random ?? Math.random;
  const leaseMs = opts.leaseMs ?? 30_000;
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const sendTimeoutMs = Math.min(opts.sendTimeoutMs ?? Math.floor((leaseMs * 2) / 3), leaseMs);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const limiter = opts.limiter ?? createRateLimiter();
  const log: DispatchLog = (level, event, fields) => {
    try {
      opts.log?.(level, event, fields);
    } catch {
      // A broken logger must not stop sending.
    }
  };
  const db = store.db;

  /**
   * Leases due rows in one statement, so two dispatchers (two isolates, overlapping cron runs) never
   * get the same row: SQLite and D1 run it atomically, and a leased row is no longer due.
   *
   * Only the head of each chat's queue qualifies: the oldest pending row by (created_at, id). A row
   * waiting for a retry or leased by another run stays the head, so later rows of that chat wait and
   * per-chat order survives retries. Rows never tried and scheduled past the lease-and-defer horizon
   * (quiet hours) are not in line yet: a reminder held until 07:00 must not hold back tonight's replies.
   *
   * Per platform no more rows are claimed than the rate limiter has room for, so a large backlog is
   * not claimed and put back over and over.
   */
  async function claim(nowMs: number): Promise<{ rows: OutboxRow[]; leaseUntil: number }> {
    const leaseUntil = nowMs + leaseMs;
    const horizon = nowMs + leaseMs + MAX_DEFER_MS;
    const caps = PLATFORMS.map((p) => {
      const cap = channels[p] ? Math.min(CLAIM_LIMIT, globalRoom(limiter, p, nowMs)) : CLAIM_LIMIT;
      return sql`WHEN ${p} THEN ${cap}`;
    });
    const heads = sql`
      SELECT id FROM (
        SELECT id, next_attempt_at, created_at,
          row_number() OVER (PARTITION BY platform ORDER BY next_attempt_at, created_at, id) AS platform_pos,
          CASE platform ${sql.join(caps, sql` `)} ELSE ${CLAIM_LIMIT} END AS platform_cap
        FROM (
          SELECT id, platform, next_attempt_at, created_at,
            row_number() OVER (PARTITION BY platform, chat_id ORDER BY created_at, id) AS chat_pos
          FROM (
            -- The oldest pending rows only: a chat with a row among them has its oldest row among
            -- them too, so heads stay right, and the cost no longer grows with the backlog.
            SELECT id, platform, chat_id, next_attempt_at, created_at FROM outbox
            WHERE status = 'pending' AND (attempts > 0 OR next_attempt_at <= ${horizon})
            ORDER BY created_at, id
            LIMIT ${sql.raw(String(SCAN_LIMIT))}
          ) AS oldest
        ) AS in_line
        WHERE chat_pos = 1 AND next_attempt_at <= ${nowMs}
      ) AS due
      WHERE platform_pos <= platform_cap
      ORDER BY next_attempt_at, created_at, id
      LIMIT ${sql.raw(String(CLAIM_LIMIT))}`;
    const rows = await db
      .update(outbox)
      .set({ nextAttemptAt: leaseUntil })
      .where(
        and(
          sql`${outbox.id} IN (${heads})`,
          eq(outbox.status, 'pending'),
          sql`${outbox.nextAttemptAt} <= ${nowMs}`,
        ),
      )
      .returning();
    rows.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { rows, leaseUntil };
  }

  /** An update that lands only while the row is still pending under our lease. */
  function settle(row: OutboxRow, leaseUntil: number, values: Partial<OutboxRow>): Write {
    return db
      .update(outbox)
      .set(values)
      .where(
        and(eq(outbox.id, row.id), eq(outbox.status, 'pending'), eq(outbox.nextAttemptAt, leaseUntil)),
      ) as unknown as Write;
  }

  async function commitQuietly(writes: Write[], row: OutboxRow, event: string): Promise<void> {
    try {
      await store.commit(writes);
    } catch (err) {
      // The lease runs out and the row is tried again; nothing else to do from here.
      log('error', event, { id: row.id, platform: row.platform, error: describe(err) });
    }
  }

  /** Sends one claimed row; never throws. */
  async function attempt(
    row: OutboxRow,
    message: OutgoingMessage,
    channel: Channel,
    leaseUntil: number,
    totals: DrainTotals,
  ): Promise<void> {
    const at = now().getTime();
    const wait = reserve(limiter, row.platform, row.chatId, at, row.createdAt);
    if (wait > 0) {
      totals.deferred++;
      const waitMs = Math.min(wait, MAX_DEFER_MS);
      await commitQuietly(
        [settle(row, leaseUntil, { nextAttemptAt: at + waitMs })],
        row,
        'outbox.defer_failed',
      );
      return;
    }

    const sending = new Promise<SendResult>((resolve) => resolve(channel.send(row.chatId, message))).then(
      (result) => record(row, leaseUntil, { result }),
      (error: unknown) => record(row, leaseUntil, { error }),
    );
    const outcome = await raceTimeout(sending, sendTimeoutMs);
    if (outcome === TIMED_OUT) {
      totals.abandoned++;
      log('warn', 'outbox.send_slow', { id: row.id, platform: row.platform, waitMs: sendTimeoutMs });
      return;
    }
    totals[outcome]++;
  }

  /** Writes the outcome of one send; never throws. */
  async function record(
    row: OutboxRow,
    leaseUntil: number,
    done: { result: SendResult } | { error: unknown },
  ): Promise<Outcome> {
    const at = now().getTime();
    const attempts = row.attempts + 1;
    if ('result' in done) {
      const messageId = done.result?.messageId;
      await commitQuietly(
        [
          settle(row, leaseUntil, {
            status: 'sent',
            sentAt: at,
            sentMessageId: messageId === undefined ? null : String(messageId),
            attempts,
          }),
        ],
        row,
        'outbox.mark_sent_failed',
      );
      log('info', 'outbox.sent', { id: row.id, platform: row.platform, attempt: attempts });
      return 'sent';
    }
    const failure = toFailure(done.error);
    const lastError = errorText(failure);
    const delay = nextRetryDelay(attempts, failure, random);
    const fields = { id: row.id, platform: row.platform, kind: failure.kind, attempt: attempts };
    if (delay === 'give_up') {
      let extra: Write[] = [];
      try {
        extra = (await opts.onGiveUp?.(row, failure, new Date(at))) ?? [];
      } catch (err) {
        log('error', 'outbox.fallback_failed', { id: row.id, platform: row.platform, error: describe(err) });
      }
      await commitQuietly(
        [settle(row, leaseUntil, { status: 'failed', attempts, lastError }), ...extra],
        row,
        'outbox.mark_failed_failed',
      );
      log('warn', 'outbox.failed', fields);
      return 'failed';
    }
    await commitQuietly(
      [settle(row, leaseUntil, { attempts, nextAttemptAt: at + delay, lastError })],
      row,
      'outbox.mark_retry_failed',
    );
    log('info', 'outbox.retry', { ...fields, waitMs: delay });
    return 'retried';
  }

  async function round(): Promise<{ totals: DrainTotals; nowMs: number }> {
    const totals = emptyTotals();
    const nowMs = now().getTime();
    const { rows, leaseUntil } = await claim(nowMs);
    totals.claimed = rows.length;

    const closing: Write[] = [];
    const sends: { row: OutboxRow; message: OutgoingMessage; channel: Channel }[] = [];
    for (const row of rows) {
      const channel = channels[row.platform];
      if (row.expiresAt !== null && row.expiresAt < nowMs) {
        closing.push(settle(row, leaseUntil, { status: 'dropped', lastError: 'expired before sending' }));
        totals.dropped++;
        log('info', 'outbox.dropped', { id: row.id, platform: row.platform, kind: 'expired' });
      } else if (!channel) {
        closing.push(settle(row, leaseUntil, { status: 'failed', lastError: 'channel not configured' }));
        totals.failed++;
        log('warn', 'outbox.failed', { id: row.id, platform: row.platform, kind: 'no_channel' });
      } else {
        const message = parsePayload(row.payload);
        if (message) {
          sends.push({ row, message, channel });
        } else {
          closing.push(settle(row, leaseUntil, { status: 'failed', lastError: 'payload is not a message' }));
          totals.failed++;
          log('error', 'outbox.failed', { id: row.id, platform: row.platform, kind: 'bad_payload' });
        }
      }
    }
    if (closing.length > 0) {
      try {
        await store.commit(closing);
      } catch (err) {
        // Their leases run out and the next round settles them again.
        log('error', 'outbox.settle_failed', { error: describe(err) });
      }
    }

    await forEachLimited(sends, concurrency, ({ row, message, channel }) =>
      attempt(row, message, channel, leaseUntil, totals),
    );
    return { totals, nowMs };
  }

  /** When something may next be claimable: a row coming due, or a platform's rate window freeing up. */
  async function nextChance(nowMs: number): Promise<number | null> {
    let best: number | null = null;
    for (const p of PLATFORMS) {
      if (!channels[p] || globalRoom(limiter, p, nowMs) > 0) continue;
      const at = nowMs + globalWait(limiter, p, nowMs);
      if (best === null || at < best) best = at;
    }
    const row = await db
      .select({ at: sql<number | null>`min(${outbox.nextAttemptAt})` })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), sql`${outbox.nextAttemptAt} > ${nowMs}`))
      .get();
    const due = row?.at ?? null;
    if (due !== null && (best === null || due < best)) best = due;
    return best;
  }

  return {
    async drainOnce() {
      return (await round()).totals;
    },

    async drain({ budgetMs }) {
      const start = now().getTime();
      const totals = emptyTotals();
      for (;;) {
        const { totals: r, nowMs } = await round();
        addTotals(totals, r);
        const elapsed = now().getTime() - start;
        if (elapsed >= budgetMs) break;
        if (r.claimed > 0) continue;
        const chance = await nextChance(nowMs);
        if (chance === null) break;
        const current = now().getTime();
        const waitMs = Math.max(0, chance - current);
        if (current - start + waitMs >= budgetMs) break;
        if (waitMs > 0) {
          await sleep(Math.min(waitMs, MAX_NAP_MS));
          // A clock that did not move while we slept (a hand-moved test clock) will not bring rows due.
          if (now().getTime() <= current) break;
        }
      }
      return totals;
    },
  };
}

/**
 * Coalesces wake-ups: many `kick()`s while a drain runs lead to one more drain after it, never to
 * drains side by side. `kick()` returns at once with a promise (for a Worker's waitUntil) that settles
 * when a drain started after the kick has finished; it never rejects.
 */
export function createKicker(
  drain: () => Promise<unknown>,
  onError: (err: unknown) => void = () => {},
): { kick(): Promise<void>; idle(): Promise<void> } {
  let active: Promise<void> | null = null;
  let queued: Promise<void> | null = null;

  const launch = (): Promise<void> => {
    const run: Promise<void> = (async () => {
      // Let the caller (a webhook answering its platform) finish its turn before the first query.
      await undefined;
      try {
        await drain();
      } catch (err) {
        onError(err);
      }
    })().then(() => {
      if (active === run) active = null;
    });
    active = run;
    return run;
  };

  return {
    kick() {
      if (queued) return queued;
      if (active) {
        queued = active.then(() => {
          queued = null;
          return launch();
        });
        return queued;
      }
      return launch();
    },
    async idle() {
      while (queued || active) await (queued ?? active);
    },
  };
}

function emptyTotals(): DrainTotals {
  return { claimed: 0, sent: 0, retried: 0, failed: 0, dropped: 0, deferred: 0, abandoned: 0 };
}

function addTotals(into: DrainTotals, more: DrainTotals): void {
  for (const key of Object.keys(into) as (keyof DrainTotals)[]) into[key] += more[key];
}

function parsePayload(payload: string): OutgoingMessage | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (value && typeof value === 'object' && typeof (value as OutgoingMessage).text === 'string') {
      return value as OutgoingMessage;
    }
  } catch {
    // fall through
  }
  return null;
}

/** A SendError's failure; anything else thrown by a channel is treated as a network failure. */
function toFailure(err: unknown): SendFailure {
  if (err instanceof SendError) return err.failure;
  const failure = (err as { failure?: SendFailure } | null)?.failure;
  if (err instanceof Error && err.name === 'SendError' && failure && typeof failure.kind === 'string') {
    return failure;
  }
  return { kind: 'network', message: `unexpected ${describe(err)}` };
}

function errorText(failure: SendFailure): string {
  return `${failure.kind}: ${redact(failure.message)}`.slice(0, 500);
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return redact(text).slice(0, 300);
}

/** Bot API URLs carry the token (`/bot<token>/sendMessage`); keep it out of rows and logs. */
function redact(text: string): string {
  return text.replace(/\/bot[^/\s]+/g, '/bot<redacted>');
}

async function raceTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
