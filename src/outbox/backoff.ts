/**
 * When to try a failed send again. Pure: the attempt number, the failure and a random source in,
 * a delay (ms) or 'give_up' out.
 */
import type { SendFailure } from '../channels/types';

/** A message failing on the platform's side (5xx, network) is tried at most this many times. */
export const MAX_ATTEMPTS = 8;
export const BASE_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 10 * 60_000;
/**
 * The longest a platform's retry_after is obeyed. Beyond it (a 429 once asked for 100,000 s and
 * parked a chat's replies for 27.8 hours) the row is tried at the cap: at worst one more 429.
 */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;
/** A 429 without a hint (Zalo's "quota exceeded"): back off from here, doubling up to MAX_DELAY_MS. */
export const RATE_LIMIT_BASE_MS = 5_000;
/** Extra wait on top of a platform's retry_after, so that many rows told the same second spread out. */
export const RETRY_AFTER_JITTER_MS = 250;

/**
 * `attempt` is how many times the message has been tried, counting the one that just failed (1 after
 * the first failure). `random` returns [0, 1). Refusals and bad requests give up at once; a rate
 * limit never gives up (a quota comes back), other failures after MAX_ATTEMPTS.
 */
export function nextRetryDelay(
  attempt: number,
  failure: SendFailure,
  random: () => number,
): number | 'give_up' {
  if (failure.kind === 'refused' || failure.kind === 'bad_request') return 'give_up';
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : MAX_ATTEMPTS;
  const r = clampUnit(random());
  if (failure.kind === 'rate_limited') {
    const asked = failure.retryAfterMs;
    if (asked !== undefined && Number.isFinite(asked) && asked > 0) {
      // The platform named the moment; sending earlier only earns another 429.
      return Math.ceil(Math.min(asked, MAX_RETRY_AFTER_MS)) + Math.floor(r * RETRY_AFTER_JITTER_MS);
    }
    return jittered(RATE_LIMIT_BASE_MS, Math.min(n, 12), r);
  }
  if (n >= MAX_ATTEMPTS) return 'give_up';
  return jittered(BASE_DELAY_MS, n, r);
}

/** Whether a rate limit asked for longer than we wait. */
export function retryAfterCapped(failure: SendFailure): boolean {
  return failure.kind === 'rate_limited' && (failure.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS;
}

/**
 * Exponential with ±20 % jitter: consecutive delays still grow (2·1.2 < 4·0.8), yet rows that failed
 * together (a platform outage) do not all come back in the same millisecond.
 */
function jittered(base: number, n: number, r: number): number {
  return Math.min(MAX_DELAY_MS, Math.round(base * 2 ** (n - 1) * (0.8 + 0.4 * r)));
}

function clampUnit(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x >= 1 ? 0.999_999 : x;
}
