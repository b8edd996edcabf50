import { describe, expect, it } from 'vitest';
import type { Platform } from '../../src/channels/types';
import {
  createRateLimiter,
  globalRoom,
  globalWait,
  isGroupChat,
  reserve,
  restorePacing,
  sendEnded,
  snapshotPacing,
} from '../../src/outbox/rate-limit';

/** One row to send: when it is tried, where, and the created_at of its reply. */
type Try = [at: number, platform: Platform, chatId: string, reply: number, expectedWait: number];

describe('rate limiter', () => {
  it.each<[string, Try[]]>([
    [
      'Telegram private chat: one per second',
      [
        [0, 'telegram', '1', 0, 0],
        [500, 'telegram', '1', 500, 500],
        [999, 'telegram', '1', 500, 1],
        [1_000, 'telegram', '1', 500, 0],
        [1_001, 'telegram', '2', 1_001, 0],
      ],
    ],
    [
      'Telegram private chat: three parts of one reply at once, then the debt is paid',
      [
        [0, 'telegram', '1', 0, 0],
        [0, 'telegram', '1', 0, 0],
        [0, 'telegram', '1', 0, 0],
        [0, 'telegram', '1', 0, 1_000],
        [1_000, 'telegram', '1', 0, 0],
        [1_000, 'telegram', '1', 7, 3_000],
        [4_000, 'telegram', '1', 7, 0],
      ],
    ],
    [
      'Telegram group: one per three seconds, no burst',
      [
        [0, 'telegram', '-100', 0, 0],
        [10, 'telegram', '-100', 0, 2_990],
        [3_000, 'telegram', '-100', 0, 0],
      ],
    ],
    [
      'Zalo: one per second per chat, no burst',
      [
        [0, 'zalo', 'a', 0, 0],
        [0, 'zalo', 'a', 0, 1_000],
        [0, 'zalo', 'b', 0, 0],
      ],
    ],
    [
      'simulator: unlimited',
      [
        [0, 'sim', 'a', 0, 0],
        [0, 'sim', 'a', 1, 0],
        [0, 'sim', 'a', 2, 0],
      ],
    ],
  ])('%s', (_name, tries) => {
    const limiter = createRateLimiter();
    for (const [at, platform, chatId, reply, expected] of tries) {
      expect(reserve(limiter, platform, chatId, at, reply), `${platform}:${chatId} at ${at}`).toBe(expected);
    }
  });

  it.each<[Platform, number, number]>([
    ['telegram', 30, 1_100],
    ['zalo', 10, 1_000],
  ])('%s allows %i sends in any window of %i ms across chats', (platform, limit, windowMs) => {
    const limiter = createRateLimiter();
    for (let i = 0; i < limit; i++) expect(reserve(limiter, platform, `c${i}`, 100 + i, 0)).toBe(0);
    expect(globalRoom(limiter, platform, 200)).toBe(0);
    expect(reserve(limiter, platform, 'another', 200, 0)).toBe(windowMs - 100);
    expect(globalWait(limiter, platform, windowMs + 99)).toBe(1);
    expect(reserve(limiter, platform, 'another', windowMs + 100, 0)).toBe(0);
    expect(globalRoom(limiter, platform, windowMs + 100)).toBe(0);
    expect(globalRoom(limiter, platform, windowMs + 101)).toBe(1);
  });

  it('takes nothing when it answers wait', () => {
    const limiter = createRateLimiter();
    expect(reserve(limiter, 'zalo', 'a', 0)).toBe(0);
    for (let i = 0; i < 20; i++) expect(reserve(limiter, 'zalo', 'a', 10)).toBe(990);
    expect(globalRoom(limiter, 'zalo', 10)).toBe(9);
    expect(reserve(limiter, 'zalo', 'a', 1_000)).toBe(0);
  });

  it('treats negative Telegram chat ids as groups', () => {
    expect(isGroupChat('telegram', '-1001234')).toBe(true);
    expect(isGroupChat('telegram', '1234')).toBe(false);
    expect(isGroupChat('zalo', '-1')).toBe(false);
  });

  it('counts a send from when it ended: calls queued behind others never share a second with the next window', () => {
    const limiter = createRateLimiter();
    // Thirty started at 0; the last ten only got through (and arrived) at 400 ms.
    for (let i = 0; i < 30; i++) expect(reserve(limiter, 'telegram', `c${i}`, 0, i)).toBe(0);
    for (let i = 20; i < 30; i++) sendEnded(limiter, 'telegram', 0, 400);
    // Counted from the starts the window would free all thirty at 1,100; from the ends, twenty.
    expect(globalRoom(limiter, 'telegram', 1_100)).toBe(20);
    expect(globalWait(limiter, 'telegram', 1_100)).toBe(0);
    expect(globalRoom(limiter, 'telegram', 1_500)).toBe(30);
  });

  it('a snapshot taken mid-window and restored into a fresh limiter keeps the window and the chats waiting', () => {
    const limiter = createRateLimiter();
    for (let i = 0; i < 30; i++) reserve(limiter, 'telegram', `c${i}`, 1_000, i);
    const fresh = createRateLimiter();
    restorePacing(fresh, JSON.parse(JSON.stringify(snapshotPacing(limiter, 1_500))));
    expect(globalRoom(fresh, 'telegram', 1_500)).toBe(0);
    expect(reserve(fresh, 'telegram', 'new', 2_000, 99)).toBe(100);
    expect(fresh.chats.get('telegram:c5')?.readyAt).toBe(2_000);
    expect(reserve(fresh, 'telegram', 'new', 2_100, 99)).toBe(0);
  });
});
