/**
 * When to try a failed send again. Pure: the attempt number, the failure and a random source in,
 * a delay (ms) or 'give_up' out.
 */
import type { SendFailure } from '../channels/types';

/** A message is tried at most this many times, whatever the failure. */
export const MAX_ATTEMPTS = 8;
export const BASE_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 10 * 60_000;
/** Extra wait on top of a platform's retry_after, so that many rows told the same second spread out. */
export const RETRY_AFTER_JITTER_MS = 250;

/**
 * `attempt` is how many times the message has been tried, counting the one that just failed (1 after
 * the first failure). `random` returns [0, 1).
 */
export function nextRetryDelay(
  attempt: number,
  failure: SendFailure,
  random: () => number,
): number | 'give_up' {
  if (failure.kind === 'rejected') return 'give_up';
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : MAX_ATTEMPTS;
  if (n >= MAX_ATTEMPTS) return 'give_up';
  const r = clampUnit(random());
  if (failure.kind === 'rate_limited' && Number.isFinite(failure.retryAfterMs) && failure.retryAfterMs > 0) {
    // The platform named the moment; sending earlier only earns another 429.
    return Math.ceil(failure.retryAfterMs) + Math.floor(r * RETRY_AFTER_JITTER_MS);
  }
  // Exponential with ±20 % jitter: consecutive delays still grow (2·1.2 < 4·0.8), yet rows that failed
  // together (a platform outage) do not all come back in the same millisecond.
  const exponential = BASE_DELAY_MS * 2 ** (n - 1);
  return Math.min(MAX_DELAY_MS, Math.round(exponential * (0.8 + 0.4 * r)));
}

function clampUnit(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x >= 1 ? 0.999_999 : x;
}
