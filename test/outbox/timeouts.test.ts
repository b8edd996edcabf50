/**
 * Every platform call gives up well inside the outbox lease, so a slow call can never still be in
 * flight when another run claims the same row and sends it again (grammY alone would wait 500 s).
 */
import { describe, expect, it } from 'vitest';
import { ZALO_PHOTO_TIMEOUT_MS, ZALO_POLL_SECONDS, ZALO_TIMEOUT_MS } from '../../src/channels/zalo/client';
import { DEFAULT_LEASE_MS } from '../../src/outbox/dispatcher';
import { TELEGRAM_TIMEOUT_MS } from '../../src/platforms';

describe('call timeouts', () => {
  it('are shorter than the part of the lease a call may use (two thirds of it)', () => {
    const callBudget = Math.floor((DEFAULT_LEASE_MS * 2) / 3);
    for (const ms of [TELEGRAM_TIMEOUT_MS, ZALO_TIMEOUT_MS, ZALO_PHOTO_TIMEOUT_MS])
      expect(ms).toBeLessThan(callBudget);
    // Zalo fetches the picture before it answers: sendPhoto may take longer than a text.
    expect(ZALO_PHOTO_TIMEOUT_MS).toBeGreaterThan(ZALO_TIMEOUT_MS);
    // Long polling holds its request open on purpose; it is not an outbox call.
    expect(ZALO_POLL_SECONDS * 1000).toBeGreaterThan(ZALO_TIMEOUT_MS);
  });
});
