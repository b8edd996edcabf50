/**
 * Sends what the outbox holds. Shared by the Node server (after each commit and on a timer) and the
 * Worker (scheduled run, waitUntil after a webhook), so it claims rows with one atomic statement
 * instead of a transaction and writes outcomes through `store.commit`.
 *
 * Delivery is at least once, and the window is one platform call per chat. A row is claimed by
 * pushing its `next_attempt_at` `leaseMs` into the future (see `claim`); its message becomes one or
 * more platform calls (`Channel.parts`: a text, its numbered menu, a picture…), sent one at a time,
 * each recorded (`parts_sent`) under the condition that the lease is still ours before the next is
 * made. If the process dies between a call the platform accepted and the commit of its record, the
 * lease runs out and another run makes that one call again; the parts recorded before it are not
 * repeated. Every call has a timeout well inside the lease (see the channels), and a row whose lease
 * is nearly spent is put back rather than sent, so a second claim never overlaps a call in flight.
 * A round waits only a few seconds for each call: a hung one goes on alone and is recorded when it
 * ends, while the next round serves everyone else.
 *
 * What a failure means (`SendFailure`) decides what happens: a rate limit waits (capped), a passing
 * fault backs off, a refusal by the chat marks it (through `onGiveUp`, unless the breaker says the
 * refusals are not believable: then it halts), a bad request gives up on that message only, a moved group follows
 * its new id, and a setup failure halts the whole platform, keeping every row, until a check passes
 * (see health.ts).
 */
import { and, eq, sql } from 'drizzle-orm';
import { isBudgetExhausted, type QueryBudget } from '../../db/budget';
import { outbox, PLATFORMS } from '../../db/schema';
import type { Store, Write } from '../../db/types';
import type {
  Channel,
  OutgoingMessage,
  OutgoingPart,
  Platform,
  SendFailure,
  SendResult,
} from '../channels/types';
import { SendError } from '../channels/types';
import { nextRetryDelay, retryAfterCapped } from './backoff';
import {
  admitRefusal,
  BREAKER_WINDOW_MS,
  type HealthRow,
  halt,
  healthy,
  probation,
  readHealth,
  recordCapped,
  recordRefusals,
  resume,
} from './health';
import {
  createRateLimiter,
  globalRoom,
  globalWait,
  type RateLimiter,
  reserve,
  roundBatch,
  sendEnded,
} from './rate-limit';
import { moveChat } from './reachability';

export type OutboxRow = typeof outbox.$inferSelect;

/** Rows claimed by one round at most. */
export const CLAIM_LIMIT = 100;
/** A rate-limit wait never postpones a row further than this. */
export const MAX_DEFER_MS = 60_000;
/** The longest `drain` sleeps at once, so that rows written meanwhile are not kept waiting. */
export const MAX_NAP_MS = 1_000;
/**
 * How long a claimed row stays reserved for one run. Every platform call's own timeout is shorter
 * than two thirds of it (the default callTimeoutMs); test/outbox/timeouts.test.ts keeps it so.
 */
export const DEFAULT_LEASE_MS = 45_000;
/**
 * Queries a refusal's fallback reads at most: the person's chats and a look for a copy on each other
 * platform, or a group's link, its members and their chats. Refusals are handled one at a time, so
 * one such share is kept free beside the one write each send under way holds for its outcome.
 */
export const FALLBACK_QUERIES = 4;
/**
 * The queries of a round and of the drain around it besides the sends: the health read and a write
 * per platform whose check is due, the claim, the write settling rows that are not sent, and the
 * look for the next due row.
 */
export const QUERIES_PER_ROUND = 4 + PLATFORMS.length;

export type LogLevel = 'info' | 'warn' | 'error';
/** Only ids, platforms, kinds and numbers: never a message's text, a payload or a token. */
export interface LogFields {
  id?: string;
  platform?: Platform;
  kind?: string;
  attempt?: number;
  part?: number;
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
   * The longest one platform call may take (the channels' own timeouts are within it): no call
   * starts unless this much of the lease is left. Default: two thirds of leaseMs.
   */
  callTimeoutMs?: number;
  /**
   * How long a round waits for one send before it goes on without it (a hung call must not hold
   * up every other chat); the call keeps its lease, and its late outcome is still recorded and
   * lets the row go on. Default: 5 s, never more than callTimeoutMs.
   */
  sendTimeoutMs?: number;
  /** How `drain` waits for the next due row or free rate slot within its budget. */
  sleep?: (ms: number) => Promise<void>;
  /** Pacing state; pass one to share it between dispatchers of one process. */
  limiter?: RateLimiter;
  /**
   * The queries this invocation may still make (a Worker's D1 limit); rounds claim no more rows than
   * it can record, and `drain` stops while it can still write what it did. Absent: unlimited.
   */
  budget?: QueryBudget;
  log?: DispatchLog;
  /**
   * Called when a row is given up for good; its writes are committed with the failure mark (e.g. to
   * mark a refusing chat and deliver the same message on the person's other platform).
   */
  onGiveUp?: (row: OutboxRow, failure: SendFailure, at: Date) => Promise<Write[]>;
}

export interface DrainTotals {
  /** Rows this run took a lease on. */
  claimed: number;
  sent: number;
  /** Failed this time, tried again later. */
  retried: number;
  /** Given up: refused by the chat, a bad request, out of attempts, no channel, unreadable payload. */
  failed: number;
  /** Expired before they could be sent. */
  dropped: number;
  /** Put back by the rate limiter without trying. */
  deferred: number;
  /** Sends still running at sendTimeoutMs; their rows stay leased until their outcome comes. */
  abandoned: number;
  /** Kept waiting because their platform is halted (setup failure, breaker). */
  held: number;
}

export interface DrainResult extends DrainTotals {
  /**
   * Why the drain ended: `idle` (nothing more to claim within its time, or only after a longer wait
   * than `maxWaitMs`), `time` (its time was used up with work left), `queries` (the query budget was).
   */
  stop: 'idle' | 'time' | 'queries';
  /** When something may next be claimable (ms): now after `time` and `queries`; null when nothing is pending. */
  nextAt: number | null;
}

export interface DrainOptions {
  budgetMs: number;
  /** Stop instead of sleeping when the next chance is further away than this (default: the whole budget). */
  maxWaitMs?: number;
}

export interface Dispatcher {
  drainOnce(): Promise<DrainTotals>;
  /** Runs rounds while there is work and budget; waits (`sleep`) for rows due within the budget. */
  drain(opts: DrainOptions): Promise<DrainResult>;
  /** Settles when every send started so far has its outcome recorded (hung calls included). */
  settled(): Promise<void>;
}

type Outcome = 'sent' | 'part_sent' | 'retried' | 'failed' | 'held';

/** One failed call of a claimed row, as the failure handlers see it. */
interface FailedSend {
  row: OutboxRow;
  leaseUntil: number;
  failure: SendFailure;
  /** The text kept in the row (kind and redacted message). */
  lastError: string;
  /** The row's attempts counting this one. */
  attempts: number;
  at: number;
}
const TIMED_OUT = Symbol('timed out');

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { store, channels, now } = opts;
  const random = opts.random ?? Math.random;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const callTimeoutMs = Math.min(opts.callTimeoutMs ?? Math.floor((leaseMs * 2) / 3), leaseMs);
  const sendTimeoutMs = Math.min(opts.sendTimeoutMs ?? 5_000, callTimeoutMs);
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
  /** Platforms this dispatcher has checked since it started: a restart with a new token resumes at once. */
  const checkedOnce = new Set<Platform>();
  /**
   * Times of deliveries per platform within the breaker's window, for the breaker to weigh refusals
   * against. Kept in memory: another process's deliveries are not counted, which only makes the
   * breaker quicker to trip, never slower.
   */
  const deliveries = new Map<Platform, number[]>();
  const delivered = (platform: Platform, at: number): number => {
    const times = (deliveries.get(platform) ?? []).filter((t) => t >= at - BREAKER_WINDOW_MS);
    deliveries.set(platform, times);
    return times.length;
  };
  /** Refusals are decided one at a time, so the breaker counts every one of them. */
  let refusalQueue: Promise<unknown> = Promise.resolve();
  const budget = opts.budget;
  /** Queries held for the outcomes of sends under way: one each, for the write of what came of it. */
  let reserved = 0;
  /** Sends a round stopped waiting for: their outcome is still to be recorded. */
  const overdue = new Set<Promise<unknown>>();
  /** Whether the budget still has room for a round that sends at least one row. */
  const roomForRound = () => !budget || budget.left() - reserved >= QUERIES_PER_ROUND + FALLBACK_QUERIES + 1;
  const roomForBatch = (at: number) =>
    PLATFORMS.some((p) => channels[p] && globalRoom(limiter, p, at) >= roundBatch(limiter, p));
  /** Rows a round may claim and still record every outcome, after the round's own queries. */
  const claimRoom = () =>
    budget ? Math.max(0, budget.left() - reserved - QUERIES_PER_ROUND - FALLBACK_QUERIES) : CLAIM_LIMIT;

  /**
   * Leases due rows in one statement, so two dispatchers (two isolates, overlapping cron runs) never
   * get the same row: SQLite and D1 run it atomically, and a leased row is no longer due.
   *
   * Only the head of each chat's queue qualifies: its pending row with the smallest id (ids sort
   * like creation, see enqueue). A row waiting for a retry or leased by another run stays the head,
   * so later rows of that chat wait and per-chat order survives retries. Rows never tried and
   * scheduled past the lease-and-defer horizon (quiet hours) are not in line yet: a reminder held
   * until 07:00 must not hold back tonight's replies.
   *
   * Every chat with work has its head considered (the partial index `outbox_chat_queue_idx` keeps
   * that one index scan), one row per chat per round: a chat with two thousand replies waiting
   * gets one turn like any other. Replies to a person's own message (priority 0) come first, then
   * the longest waiting. Per platform no more rows are claimed than the rate limiter has room for,
   * none for a halted platform, one for a platform on probation.
   */
  async function claim(
    nowMs: number,
    health: Map<Platform, HealthRow>,
    limit: number,
  ): Promise<{ rows: OutboxRow[]; leaseUntil: number }> {
    const leaseUntil = nowMs + leaseMs;
    const horizon = nowMs + leaseMs + MAX_DEFER_MS;
    const caps = PLATFORMS.map((p) => {
      // Halted: nothing. On probation: one message at a time, until one gets through.
      const state = health.get(p)?.state;
      const room = Math.min(CLAIM_LIMIT, globalRoom(limiter, p, nowMs));
      const cap = !channels[p]
        ? CLAIM_LIMIT
        : state === 'halted'
          ? 0
          : state === 'probation'
            ? Math.min(1, room)
            : room;
      return sql`WHEN ${p} THEN ${cap}`;
    });
    const heads = sql`
      SELECT id FROM (
        SELECT o.id, o.priority, o.next_attempt_at,
          row_number() OVER (PARTITION BY o.platform ORDER BY o.priority, o.next_attempt_at, o.id) AS platform_pos,
          CASE o.platform ${sql.join(caps, sql` `)} ELSE ${CLAIM_LIMIT} END AS platform_cap
        FROM (
          SELECT min(id) AS id FROM outbox INDEXED BY outbox_chat_queue_idx
          WHERE status = 'pending' AND (attempts > 0 OR next_attempt_at <= ${horizon})
          GROUP BY platform, chat_id
        ) AS heads
        JOIN outbox AS o ON o.id = heads.id
        WHERE o.next_attempt_at <= ${nowMs}
      ) AS due
      WHERE platform_pos <= platform_cap
      ORDER BY priority, next_attempt_at, id
      LIMIT ${sql.raw(String(Math.min(CLAIM_LIMIT, limit)))}`;
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
    rows.sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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

  async function commitQuietly(writes: Write[], row: OutboxRow | undefined, event: string): Promise<boolean> {
    try {
      await store.commit(writes);
      return true;
    } catch (err) {
      // The lease runs out and the row is tried again; nothing else to do from here.
      log('error', event, { id: row?.id, platform: row?.platform, error: describe(err) });
      return false;
    }
  }

  /**
   * Checks halted platforms whose check is due (a getMe for setup failures; the breaker's wait
   * simply ends in probation) and returns the state this round works with.
   */
  async function checkHealth(nowMs: number): Promise<Map<Platform, HealthRow>> {
    const health = await readHealth(db);
    for (const [platform, row] of health) {
      const channel = channels[platform];
      if (!channel || row.state !== 'halted') continue;
      const firstLook = row.cause === 'setup' && !checkedOnce.has(platform);
      if (!firstLook && (row.probeAt ?? 0) > nowMs) continue;
      checkedOnce.add(platform);
      let next: { write: Write; row: HealthRow };
      if (row.cause === 'breaker') {
        next = probation(db, platform, nowMs, row);
        log('warn', 'platform.probation', { platform });
      } else {
        try {
          await channel.probe?.();
          next = resume(db, platform, nowMs, row);
          log('warn', 'platform.resumed', { platform });
        } catch (err) {
          const failure = toFailure(err);
          next = halt(
            db,
            platform,
            'setup',
            failure.kind === 'setup' ? failure.message : (row.error ?? ''),
            nowMs,
            row,
          );
          log('error', 'platform.still_halted', {
            platform,
            kind: failure.kind,
            error: redact(failure.message),
          });
        }
      }
      if (await commitQuietly([next.write], undefined, 'platform.health_write_failed'))
        health.set(platform, next.row);
    }
    return health;
  }

  /**
   * Sends one claimed row, part by part; never throws. Returns the send still under way when the
   * round stopped waiting for it (its outcome is recorded when it ends).
   */
  async function attempt(
    row: OutboxRow,
    message: OutgoingMessage,
    channel: Channel,
    leaseUntil: number,
    totals: DrainTotals,
    health: Map<Platform, HealthRow>,
  ): Promise<{ pending: Promise<unknown> } | undefined> {
    let parts: OutgoingPart[];
    try {
      parts = channel.parts(message);
    } catch (err) {
      await commitQuietly(
        [settle(row, leaseUntil, { status: 'failed', lastError: `bad_request: ${describe(err)}` })],
        row,
        'outbox.mark_failed_failed',
      );
      totals.failed++;
      return;
    }
    for (let index = row.partsSent; ; index++) {
      const at = now().getTime();
      if (index >= parts.length) {
        // Nothing (left) to send: an empty message, or every part already went out.
        await commitQuietly(
          [settle(row, leaseUntil, { status: 'sent', sentAt: at, attempts: row.attempts + 1 })],
          row,
          'outbox.mark_sent_failed',
        );
        totals.sent++;
        return;
      }
      const release = (values: Partial<OutboxRow>) =>
        commitQuietly([settle(row, leaseUntil, values)], row, 'outbox.defer_failed');
      // This call's outcome must have its write: a further part has spent the row's share on the
      // record of the last one, so it goes on only while queries are left beyond every share held.
      if (budget && budget.left() < reserved + (index > row.partsSent ? 1 : 0)) {
        totals.deferred++;
        await release({ nextAttemptAt: at });
        return;
      }
      if (health.get(row.platform)?.state === 'halted') {
        totals.held++;
        await release({ nextAttemptAt: at });
        return;
      }
      // Too little lease left for one more call: give the row back rather than risk a second claim.
      if (at + callTimeoutMs > leaseUntil) {
        totals.deferred++;
        await release({ nextAttemptAt: at });
        return;
      }
      const wait = reserve(limiter, row.platform, row.chatId, at, row.createdAt);
      if (wait > 0) {
        totals.deferred++;
        await release({ nextAttemptAt: at + Math.min(wait, MAX_DEFER_MS) });
        return;
      }

      const part = parts[index]!;
      const last = index === parts.length - 1;
      let late = false;
      const ended = () => sendEnded(limiter, row.platform, at, now().getTime());
      const sending = new Promise<SendResult>((resolve) => resolve(channel.sendPart(row.chatId, part))).then(
        (result) => {
          ended();
          return recordPart(row, leaseUntil, index, last, result, health, () => late);
        },
        (error: unknown) => {
          ended();
          return recordFailure(row, leaseUntil, error, index, health);
        },
      );
      const outcome = await raceTimeout(sending, sendTimeoutMs);
      if (outcome === TIMED_OUT) {
        late = true;
        totals.abandoned++;
        log('warn', 'outbox.send_slow', {
          id: row.id,
          platform: row.platform,
          part: index,
          waitMs: sendTimeoutMs,
        });
        // Wrapped: an async function returning the promise itself would wait for it.
        return { pending: sending };
      }
      if (outcome === 'part_sent') continue;
      totals[outcome]++;
      return;
    }
  }

  /**
   * Records one part as sent (the whole row with its last part); never throws. A part that came
   * back after its round stopped waiting (`late`) also gives the row back, so its next part goes
   * out in the next round instead of after the lease.
   */
  async function recordPart(
    row: OutboxRow,
    leaseUntil: number,
    index: number,
    last: boolean,
    result: SendResult,
    health: Map<Platform, HealthRow>,
    late: () => boolean,
  ): Promise<Outcome> {
    const at = now().getTime();
    const sentMessageId = result?.messageId === undefined ? row.sentMessageId : String(result.messageId);
    const writes: Write[] = [
      settle(
        row,
        leaseUntil,
        last
          ? { status: 'sent', sentAt: at, sentMessageId, attempts: row.attempts + 1, partsSent: index + 1 }
          : { sentMessageId, partsSent: index + 1, ...(late() ? { nextAttemptAt: at } : {}) },
      ),
    ];
    // The first delivery after the breaker's wait ends the alarm.
    const state = health.get(row.platform);
    let resumed: HealthRow | undefined;
    if (state?.state === 'probation') {
      const next = resume(db, row.platform, at, state);
      writes.push(next.write);
      resumed = next.row;
    }
    const recorded = await commitQuietly(
      writes,
      row,
      last ? 'outbox.mark_sent_failed' : 'outbox.mark_part_failed',
    );
    if (resumed && recorded) {
      health.set(row.platform, resumed);
      log('warn', 'platform.resumed', { platform: row.platform });
    }
    if (last) {
      log('info', 'outbox.sent', { id: row.id, platform: row.platform, attempt: row.attempts + 1 });
      const times = deliveries.get(row.platform) ?? [];
      times.push(at);
      // Bounded: only the count within the window matters, and a wave is a few thousand at most.
      if (times.length > 10_000) times.splice(0, times.length - 10_000);
      deliveries.set(row.platform, times);
    }
    // A part whose record did not land is not followed by the next: the lease runs out and the row
    // resumes from what was recorded.
    return last ? 'sent' : recorded ? 'part_sent' : 'retried';
  }

  /** Writes what a failed part means; never throws. */
  async function recordFailure(
    row: OutboxRow,
    leaseUntil: number,
    error: unknown,
    index: number,
    health: Map<Platform, HealthRow>,
  ): Promise<Outcome> {
    const failure = toFailure(error);
    const f: FailedSend = {
      row,
      leaseUntil,
      failure,
      lastError: errorText(failure),
      attempts: row.attempts + 1,
      at: now().getTime(),
    };
    const fields = {
      id: row.id,
      platform: row.platform,
      kind: failure.kind,
      attempt: f.attempts,
      part: index,
    };
    switch (failure.kind) {
      case 'setup':
        return haltOnSetup(f, health);
      case 'refused': {
        const run = refusalQueue.then(() => refuse(f, health));
        refusalQueue = run.catch(() => {});
        return run;
      }
      case 'moved':
        if (failure.toChatId && failure.toChatId !== row.chatId) {
          log('warn', 'outbox.chat_moved', fields);
          await commitQuietly(
            [
              settle(row, leaseUntil, {
                chatId: failure.toChatId,
                nextAttemptAt: f.at,
                lastError: f.lastError,
              }),
              ...moveChat(db, row.platform, row.chatId, failure.toChatId),
            ],
            row,
            'outbox.move_failed',
          );
          return 'retried';
        }
        return giveUp(f, []); // a "move" to nowhere: nothing to follow
      default: {
        const delay = nextRetryDelay(f.attempts, failure, random);
        if (delay === 'give_up') return giveUp(f, []);
        const writes: Write[] = [
          settle(row, leaseUntil, {
            attempts: f.attempts,
            nextAttemptAt: f.at + delay,
            lastError: f.lastError,
          }),
        ];
        if (failure.kind === 'rate_limited' && retryAfterCapped(failure)) {
          writes.push(recordCapped(db, row.platform, failure.retryAfterMs ?? 0, f.at));
          log('warn', 'outbox.retry_after_capped', { ...fields, waitMs: failure.retryAfterMs });
        }
        await commitQuietly(writes, row, 'outbox.mark_retry_failed');
        log('info', 'outbox.retry', { ...fields, waitMs: delay });
        return 'retried';
      }
    }
  }

  /** Keeps the row waiting, as it is, with the failure noted (plus `extra` writes); never throws. */
  function keep(f: FailedSend, extra: Write[] = []): Promise<boolean> {
    return commitQuietly(
      [settle(f.row, f.leaseUntil, { nextAttemptAt: f.at, lastError: f.lastError }), ...extra],
      f.row,
      'outbox.hold_failed',
    );
  }

  /** A bad token or API address: nothing can be sent on this platform; every row waits, unmarked. */
  async function haltOnSetup(f: FailedSend, health: Map<Platform, HealthRow>): Promise<Outcome> {
    const platform = f.row.platform;
    if (health.get(platform)?.state === 'halted') {
      await keep(f);
      return 'held';
    }
    const next = halt(db, platform, 'setup', redact(f.failure.message), f.at, health.get(platform));
    health.set(platform, next.row);
    checkedOnce.add(platform); // its first check waits like any other
    log('error', 'platform.halted', { platform, kind: 'setup', error: redact(f.failure.message) });
    await keep(f, [next.write]);
    return 'held';
  }

  /** A chat refused: mark it (through onGiveUp), unless the breaker no longer believes refusals. */
  async function refuse(f: FailedSend, health: Map<Platform, HealthRow>): Promise<Outcome> {
    const { row, at } = f;
    const current = health.get(row.platform);
    const decision = admitRefusal(current, row.chatId, at, delivered(row.platform, at));
    if (decision.decision === 'hold') {
      await keep(f);
      return 'held';
    }
    if (decision.decision === 'mark' && budget && budget.left() - reserved < FALLBACK_QUERIES + 1) {
      // No room left in this invocation to work out the fallback: the row waits as it is, and the
      // next invocation (refused again, at no cost to the person) marks and falls back in full.
      log('info', 'outbox.fallback_deferred', { id: row.id, platform: row.platform });
      await keep(f);
      return 'held';
    }
    if (decision.decision === 'trip') {
      // Marks made so far stay: at most BREAKER_THRESHOLD chats, and each clears when its person writes.
      const next = halt(db, row.platform, 'breaker', redact(f.failure.message), at, current);
      if (await keep(f, [next.write])) health.set(row.platform, next.row);
      log('error', 'platform.halted', {
        platform: row.platform,
        kind: 'breaker',
        attempt: decision.refused + 1,
        error: redact(f.failure.message),
      });
      return 'held';
    }
    const marked = await giveUp(f, [recordRefusals(db, row.platform, decision.refusals, at)]);
    health.set(row.platform, {
      ...(current ?? healthy(row.platform, at)),
      refusals: JSON.stringify(decision.refusals),
    });
    return marked;
  }

  /** Fails the row for good, with `extra` writes and whatever onGiveUp adds (marks, fallback copies). */
  async function giveUp(f: FailedSend, extra: Write[]): Promise<Outcome> {
    const { row, failure, at } = f;
    let fallback: Write[] = [];
    try {
      fallback = (await opts.onGiveUp?.(row, failure, new Date(at))) ?? [];
    } catch (err) {
      if (isBudgetExhausted(err)) {
        // The fallback could not be worked out within this invocation's queries: the row waits, as
        // it is, and the next invocation (refused again, at no cost to the person) does it whole.
        log('warn', 'outbox.fallback_deferred', { id: row.id, platform: row.platform });
        await keep(f);
        return 'held';
      }
      log('error', 'outbox.fallback_failed', { id: row.id, platform: row.platform, error: describe(err) });
    }
    await commitQuietly(
      [
        settle(row, f.leaseUntil, { status: 'failed', attempts: f.attempts, lastError: f.lastError }),
        ...extra,
        ...fallback,
      ],
      row,
      'outbox.mark_failed_failed',
    );
    // A bad request is our message's fault (too long, a picture the platform cannot take): worth an error.
    log(failure.kind === 'bad_request' ? 'error' : 'warn', 'outbox.failed', {
      id: row.id,
      platform: row.platform,
      kind: failure.kind,
      attempt: f.attempts,
    });
    return 'failed';
  }

  async function round(): Promise<{ totals: DrainTotals; nowMs: number }> {
    const totals = emptyTotals();
    const nowMs = now().getTime();
    if (!roomForRound()) return { totals, nowMs };
    // Counted before the health read and its writes, which are part of the round's own queries.
    const room = claimRoom();
    const health = await checkHealth(nowMs);
    const { rows, leaseUntil } = await claim(nowMs, health, room);
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

    reserved += sends.length;
    await forEachLimited(sends, concurrency, async ({ row, message, channel }) => {
      const slow = await attempt(row, message, channel, leaseUntil, totals, health);
      if (!slow) {
        reserved -= 1;
        return;
      }
      // A hung call keeps its share until its outcome is written.
      const done: Promise<unknown> = slow.pending.finally(() => {
        reserved -= 1;
        overdue.delete(done);
      });
      overdue.add(done);
    });
    return { totals, nowMs };
  }

  /**
   * When something may next be claimable: a row coming due, or a platform's rate window freeing up
   * room for a batch (`roundBatch`) rather than for a single send.
   */
  async function nextChance(nowMs: number): Promise<number | null> {
    let best: number | null = null;
    for (const p of PLATFORMS) {
      const batch = roundBatch(limiter, p);
      if (!channels[p] || globalRoom(limiter, p, nowMs) >= batch) continue;
      const at = nowMs + globalWait(limiter, p, nowMs, batch);
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

    async drain({ budgetMs, maxWaitMs = budgetMs }) {
      const start = now().getTime();
      const totals = emptyTotals();
      const end = (stop: DrainResult['stop'], nextAt: number | null): DrainResult => ({
        ...totals,
        stop,
        nextAt,
      });
      for (;;) {
        if (!roomForRound()) return end('queries', now().getTime());
        const { totals: r, nowMs } = await round();
        addTotals(totals, r);
        const after = now().getTime();
        if (after - start >= budgetMs) return end('time', after);
        // Another round right away only while some platform has room for a batch: the next round
        // would otherwise claim nothing but what a single freed send allows.
        if (r.claimed > r.held && roomForBatch(after)) continue;
        if (budget && budget.left() - reserved < 1) return end('queries', after);
        const chance = await nextChance(nowMs);
        if (chance === null) return end('idle', null);
        const current = now().getTime();
        const waitMs = Math.max(0, chance - current);
        if (current - start + waitMs >= budgetMs || waitMs > maxWaitMs) return end('idle', chance);
        if (waitMs > 0) {
          await sleep(Math.min(waitMs, MAX_NAP_MS));
          // A clock that did not move while we slept (a hand-moved test clock) will not bring rows due.
          if (now().getTime() <= current) return end('idle', chance);
        }
      }
    },

    async settled() {
      while (overdue.size > 0) await Promise.allSettled([...overdue]);
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
  return { claimed: 0, sent: 0, retried: 0, failed: 0, dropped: 0, deferred: 0, abandoned: 0, held: 0 };
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
