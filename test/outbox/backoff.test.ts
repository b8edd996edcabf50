import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SendFailure } from '../../src/channels/types';
import {
  MAX_ATTEMPTS,
  MAX_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  nextRetryDelay,
  retryAfterCapped,
} from '../../src/outbox/backoff';

const server: SendFailure = { kind: 'server', message: '502' };
const network: SendFailure = { kind: 'network', message: 'ECONNRESET' };
const refused: SendFailure = { kind: 'refused', message: 'blocked' };
const badRequest: SendFailure = { kind: 'bad_request', message: 'message is too long' };
const quota: SendFailure = { kind: 'rate_limited', message: 'Quota exceeded' };
const limited = (retryAfterMs: number): SendFailure => ({
  kind: 'rate_limited',
  retryAfterMs,
  message: '429',
});

describe('nextRetryDelay', () => {
  it.each([
    // attempt, failure, random, expected
    [1, server, 0, 1_600],
    [1, server, 0.5, 2_000],
    [2, server, 0.5, 4_000],
    [3, network, 0.5, 8_000],
    [7, network, 0.5, 128_000],
    [7, network, 0.999_999, 153_600],
    [1, limited(5_000), 0, 5_000],
    [1, limited(5_000), 0.5, 5_125],
    [3, limited(1), 0, 1],
    // A 429 without a usable hint (Zalo's quota) backs off from 5 s, doubling.
    [1, limited(0), 0.5, 5_000],
    [1, limited(Number.NaN), 0.5, 5_000],
    [3, quota, 0.5, 20_000],
    [1, refused, 0.5, 'give_up'],
    [1, badRequest, 0.5, 'give_up'],
    [MAX_ATTEMPTS - 1, server, 0.5, 128_000],
    [MAX_ATTEMPTS, server, 0.5, 'give_up'],
    [MAX_ATTEMPTS + 3, network, 0.5, 'give_up'],
    // A rate limit never gives up: a quota comes back.
    [MAX_ATTEMPTS, limited(1_000), 0.5, 1_125],
    [40, quota, 0.5, MAX_DELAY_MS],
    // retry_after is obeyed up to the cap: 100,000 s waits 10 minutes, not 27.8 hours.
    [1, limited(100_000_000), 0, MAX_RETRY_AFTER_MS],
  ] as const)('attempt %i after %o with random %d waits %s', (attempt, failure, random, expected) => {
    expect(nextRetryDelay(attempt, failure, () => random)).toBe(expected);
  });

  it('stays within 80–120 % of the exponential step, never above the cap, and grows with each attempt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_ATTEMPTS - 2 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r1, r2) => {
          const now = nextRetryDelay(attempt, server, () => r1) as number;
          const later = nextRetryDelay(attempt + 1, server, () => r2) as number;
          const step = 2_000 * 2 ** (attempt - 1);
          expect(now).toBeGreaterThanOrEqual(step * 0.8 - 1);
          expect(now).toBeLessThanOrEqual(Math.min(MAX_DELAY_MS, step * 1.2 + 1));
          expect(later).toBeGreaterThan(now);
        },
      ),
    );
  });

  it('never waits less than the platform asked, up to the cap, whatever the random source returns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_600_000_000 }), fc.double(), (retryAfterMs, r) => {
        const delay = nextRetryDelay(1, limited(retryAfterMs), () => r) as number;
        const expected = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
        expect(delay).toBeGreaterThanOrEqual(expected);
        expect(delay).toBeLessThan(expected + 250);
        expect(retryAfterCapped(limited(retryAfterMs))).toBe(retryAfterMs > MAX_RETRY_AFTER_MS);
      }),
    );
  });
});
