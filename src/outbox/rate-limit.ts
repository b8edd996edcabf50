/**
 * Send pacing kept in memory by one dispatcher: plain data plus functions, time passed in (ms), no
 * timers. Two limits per message: the platform's overall rate (a sliding window, so no window of
 * `windowMs` ever holds more than `limit` sends) and a minimum gap per chat, which the parts of one
 * reply (rows created in the same millisecond) may use up in advance as a short burst.
 *
 * Each process paces only its own sends. On Node there is one process; on Workers only the outbox
 * pacer (one Durable Object per deployment, see pacer.ts) sends, so its limiter is the deployment's.
 * The platform's 429 with retry_after (see backoff.ts) stays the backstop.
 */
import type { Platform } from '../channels/types';

export interface ChatRule {
  /** Minimum time between two sends in one chat (0: none). */
  gapMs: number;
  /** How many parts of one reply may go out back to back before the gap applies. */
  replyBurst: number;
}

export interface PlatformRule {
  /** At most `limit` sends per `windowMs` across all chats; null: unlimited. */
  global: { limit: number; windowMs: number } | null;
  private: ChatRule;
  group: ChatRule;
}

export type RateRules = Record<Platform, PlatformRule>;

/**
 * Telegram's FAQ: ~30 msg/s overall, ~1 msg/s per chat with short bursts tolerated, 20 msg/min per
 * group. Zalo publishes no numbers, only a 429 "quota"; 10/s and 1 s per chat are guesses on the safe
 * side. The simulator is ours.
 */
export const DEFAULT_RULES: RateRules = {
  telegram: {
    // A little over a second: sends are counted when they start, Telegram counts them on arrival.
    global: { limit: 30, windowMs: 1_100 },
    private: { gapMs: 1_000, replyBurst: 3 },
    group: { gapMs: 3_000, replyBurst: 1 },
  },
  zalo: {
    global: { limit: 10, windowMs: 1_000 },
    private: { gapMs: 1_000, replyBurst: 1 },
    group: { gapMs: 1_000, replyBurst: 1 },
  },
  sim: {
    global: null,
    private: { gapMs: 0, replyBurst: 1 },
    group: { gapMs: 0, replyBurst: 1 },
  },
};

interface ChatState {
  /** When the chat's next send is due if no burst is allowed (the "theoretical arrival time"). */
  readyAt: number;
  /** created_at of the row last sent here: a row with the same value is a further part of that reply. */
  reply: number | null;
}

export interface RateLimiter {
  readonly rules: RateRules;
  /** Start times of the latest sends per platform, oldest first, at most `limit` of them. */
  readonly recent: Map<Platform, number[]>;
  readonly chats: Map<string, ChatState>;
}

/** Chats idle long enough to impose no wait are forgotten once this many are tracked. */
const MAX_TRACKED_CHATS = 10_000;

export function createRateLimiter(rules: RateRules = DEFAULT_RULES): RateLimiter {
  return { rules, recent: new Map(), chats: new Map() };
}

/** Telegram groups and supergroups have negative chat ids; private chats positive ones. */
export function isGroupChat(platform: Platform, chatId: string): boolean {
  return platform === 'telegram' && chatId.startsWith('-');
}

/**
 * Takes a slot for one send now and returns 0, or takes nothing and returns how many ms until the
 * send would be allowed. `reply` is the row's created_at; rows sharing it are parts of one reply.
 */
export function reserve(
  limiter: RateLimiter,
  platform: Platform,
  chatId: string,
  now: number,
  reply?: number,
): number {
  const rule = limiter.rules[platform];
  const chatRule = isGroupChat(platform, chatId) ? rule.group : rule.private;
  const key = `${platform}:${chatId}`;
  const chat = limiter.chats.get(key);

  let chatWait = 0;
  if (chat && chatRule.gapMs > 0) {
    const sameReply = reply !== undefined && chat.reply === reply;
    // A burst borrows gaps ahead of time; readyAt keeps the debt, so the next reply waits it out and
    // the chat's long-run rate stays one per gap.
    const tolerance = sameReply ? Math.max(0, chatRule.replyBurst - 1) * chatRule.gapMs : 0;
    chatWait = Math.max(0, chat.readyAt - tolerance - now);
  }
  const wait = Math.max(chatWait, globalWait(limiter, platform, now));
  if (wait > 0) return Math.ceil(wait);

  if (rule.global) {
    const times = recentOf(limiter, platform);
    times.push(now);
    if (times.length > rule.global.limit) times.splice(0, times.length - rule.global.limit);
  }
  if (chatRule.gapMs > 0) {
    if (!chat && limiter.chats.size >= MAX_TRACKED_CHATS) forgetIdleChats(limiter, now);
    limiter.chats.set(key, {
      readyAt: Math.max(chat?.readyAt ?? now, now) + chatRule.gapMs,
      reply: reply ?? null,
    });
  }
  return 0;
}

/**
 * A send that `reserve` let through at `startedAt` has ended at `endedAt`: its place in the overall
 * window now counts from its end. The platform counts a message when it arrives, somewhere between
 * the two; a Worker queues its calls (six connections at once), so a round's last calls may arrive
 * well after they started, and a window counted from the starts let the next round's first calls
 * land in the same second as those. Counted from the ends, no second ever holds more than `limit`.
 */
export function sendEnded(
  limiter: RateLimiter,
  platform: Platform,
  startedAt: number,
  endedAt: number,
): void {
  if (!limiter.rules[platform].global || endedAt <= startedAt) return;
  const times = recentOf(limiter, platform);
  const i = times.lastIndexOf(startedAt);
  if (i < 0) return;
  times.splice(i, 1);
  let j = times.length;
  while (j > 0 && times[j - 1]! > endedAt) j--;
  times.splice(j, 0, endedAt);
}

/** How many more sends the platform's overall limit allows right now (Infinity: unlimited). */
export function globalRoom(limiter: RateLimiter, platform: Platform, now: number): number {
  const global = limiter.rules[platform].global;
  if (!global) return Number.POSITIVE_INFINITY;
  return Math.max(0, global.limit - inWindow(limiter, platform, now).length);
}

/** Ms until the platform's overall limit has room for one more send (0: room now). */
export function globalWait(limiter: RateLimiter, platform: Platform, now: number, slots = 1): number {
  const global = limiter.rules[platform].global;
  if (!global) return 0;
  const times = inWindow(limiter, platform, now);
  const want = Math.min(Math.max(1, slots), global.limit);
  if (times.length + want <= global.limit) return 0;
  return Math.max(1, times[times.length + want - 1 - global.limit]! + global.windowMs - now);
}

/**
 * How many sends a round should wait to have room for: a third of the limit. The window frees one
 * send at a time; a round (a health read, a claim, a look for the next row) for every single freed
 * send spent three queries on each message.
 */
export function roundBatch(limiter: RateLimiter, platform: Platform): number {
  const global = limiter.rules[platform].global;
  return global ? Math.max(1, Math.ceil(global.limit / 3)) : 1;
}

/** The send times still inside the window ending at `now` (drops older ones). */
function inWindow(limiter: RateLimiter, platform: Platform, now: number): number[] {
  const global = limiter.rules[platform].global;
  const times = recentOf(limiter, platform);
  if (!global) return times;
  let expired = 0;
  while (expired < times.length && times[expired]! <= now - global.windowMs) expired++;
  if (expired > 0) times.splice(0, expired);
  return times;
}

function recentOf(limiter: RateLimiter, platform: Platform): number[] {
  let times = limiter.recent.get(platform);
  if (!times) {
    times = [];
    limiter.recent.set(platform, times);
  }
  return times;
}

function forgetIdleChats(limiter: RateLimiter, now: number): void {
  for (const [key, chat] of limiter.chats) if (chat.readyAt <= now) limiter.chats.delete(key);
}

/** What a limiter must remember across a restart to keep its promises: the sends still inside a window. */
export interface PacingSnapshot {
  recent: [Platform, number[]][];
  chats: [string, ChatState][];
}

/** The sends of the last window and the chats still waiting out their gap, as plain data. */
export function snapshotPacing(limiter: RateLimiter, now: number): PacingSnapshot {
  const recent: [Platform, number[]][] = [];
  for (const platform of limiter.recent.keys()) {
    const times = inWindow(limiter, platform, now);
    if (times.length > 0) recent.push([platform, [...times]]);
  }
  const chats: [string, ChatState][] = [];
  for (const [key, chat] of limiter.chats) if (chat.readyAt > now) chats.push([key, { ...chat }]);
  return { recent, chats };
}

/** Takes up where a snapshot left off (a restarted pacer must not send a second window's worth at once). */
export function restorePacing(limiter: RateLimiter, snapshot: PacingSnapshot): void {
  for (const [platform, times] of snapshot.recent) {
    if (!(platform in limiter.rules) || !Array.isArray(times)) continue;
    const merged = [...(limiter.recent.get(platform) ?? []), ...times.filter(Number.isFinite)].sort(
      (a, b) => a - b,
    );
    const limit = limiter.rules[platform].global?.limit ?? merged.length;
    limiter.recent.set(platform, merged.slice(-limit));
  }
  for (const [key, chat] of snapshot.chats) {
    if (typeof chat?.readyAt !== 'number') continue;
    const mine = limiter.chats.get(key);
    if (!mine || mine.readyAt < chat.readyAt)
      limiter.chats.set(key, { readyAt: chat.readyAt, reply: chat.reply ?? null });
  }
}
