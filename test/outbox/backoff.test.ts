import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SendFailure } from '../../src/channels/types';
import { MAX_ATTEMPTS, MAX_DELAY_MS, nextRetryDelay } from '../../src/outbox/backoff';

const server: SendFailure = { kind: 'server', message: '502' };
const network: SendFailure = { kind: 'network', message: 'ECONNRESET' };
const rejected: SendFailure = { kind: 'rejected', message: 'blocked' };
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
    [1, limited(0), 0.5, 2_000],
    [1, limited(Number.NaN), 0.5, 2_000],
    [1, rejected, 0.5, 'give_up'],
    [MAX_ATTEMPTS - 1, server, 0.5, 128_000],
    [MAX_ATTEMPTS, server, 0.5, 'give_up'],
    [MAX_ATTEMPTS, limited(1_000), 0.5, 'give_up'],
    [MAX_ATTEMPTS + 3, network, 0.5, 'give_up'],
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

  it('never waits less than the platform asked, whatever the random source returns', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_600_000 }), fc.double(), (retryAfterMs, r) => {
        const delay = nextRetryDelay(1, limited(retryAfterMs), () => r) as number;
        expect(delay).toBeGreaterThanOrEqual(retryAfterMs);
        expect(delay).toBeLessThan(retryAfterMs + 250);
      }),
    );
  });
});
