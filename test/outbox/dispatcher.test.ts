import { afterEach, describe, expect, it } from 'vitest';
import type { NodeDatabase } from '../../db/sqlite';
import type { Platform } from '../../src/channels/types';
import { MAX_ATTEMPTS } from '../../src/outbox/backoff';
import { createDispatcher, type DispatcherOptions } from '../../src/outbox/dispatcher';
import { enqueue, TEXT_LIMITS } from '../../src/outbox/enqueue';
import {
  fakeClock,
  gate,
  memoryDb,
  pendingCount,
  put,
  rowByText,
  ScriptedChannel,
  T0,
  turn,
  until,
} from './support';

let db: NodeDatabase;
afterEach(() => db?.close());

function setup(platform: Platform = 'telegram', extra: Partial<DispatcherOptions> = {}) {
  db = memoryDb();
  const clock = fakeClock();
  const channel = new ScriptedChannel(platform, clock);
  const logs: unknown[][] = [];
  const dispatcher = createDispatcher({
    store: db.store,
    channels: { [platform]: channel },
    now: clock.now,
    random: () => 0,
    log: (...entry) => logs.push(entry),
    ...extra,
  });
  return { clock, channel, dispatcher, logs };
}

/** Runs rounds at the current time until one claims nothing. */
async function settleNow(dispatcher: ReturnType<typeof createDispatcher>) {
  for (let i = 0; i < 50; i++) if ((await dispatcher.drainOnce()).claimed === 0) return;
  throw new Error('still claiming after 50 rounds');
}

describe('dispatcher', () => {
  it('sends a pending row and records sentAt, the platform message id and the attempt', async () => {
    const { clock, channel, dispatcher } = setup();
    await put(db, clock, 'telegram', '42', 'xin chào');
    clock.advance(5);

    const totals = await dispatcher.drainOnce();

    expect(totals).toMatchObject({ claimed: 1, sent: 1, retried: 0, failed: 0, dropped: 0 });
    expect(channel.calls).toEqual([{ chatId: '42', text: 'xin chào', at: T0 + 5 }]);
    const row = await rowByText(db, 'xin chào');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, sentAt: T0 + 5, sentMessageId: '1' });
  });

  it('keeps per-chat order across a 429 on the second part while other chats go on', async () => {
    const { clock, channel, dispatcher } = setup();
    const long = ['một', 'hai', 'ba'].map((w) => w.padEnd(TEXT_LIMITS.telegram - 10, '.')).join('\n');
    await put(db, clock, 'telegram', '1', long);
    await put(db, clock, 'telegram', '2', 'other chat');
    const parts = long.split('\n');
    channel.script(parts[1]!, { kind: 'rate_limited', retryAfterMs: 5_000, message: 'Too Many Requests' });

    await settleNow(dispatcher);
    expect(channel.sentTexts('1')).toEqual([parts[0]]);
    expect(channel.sentTexts('2')).toEqual(['other chat']);
    expect((await rowByText(db, parts[2]!)).status).toBe('pending');

    clock.advance(4_999);
    await settleNow(dispatcher);
    expect(channel.sentTexts('1')).toEqual([parts[0]]);

    clock.advance(1);
    await settleNow(dispatcher);
    expect(channel.sentTexts('1')).toEqual(parts);
    expect(channel.calls.filter((c) => c.chatId === '1').map((c) => c.text)).toEqual([
      parts[0],
      parts[1],
      parts[1],
      parts[2],
    ]);
  });

  it('honours retry_after exactly', async () => {
    const { clock, channel, dispatcher } = setup();
    await put(db, clock, 'telegram', '7', 'nhắc họp');
    channel.script('nhắc họp', { kind: 'rate_limited', retryAfterMs: 7_000, message: 'retry after 7' });

    expect(await dispatcher.drainOnce()).toMatchObject({ retried: 1 });
    const row = await rowByText(db, 'nhắc họp');
    expect(row).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 7_000 });
    expect(row.lastError).toBe('rate_limited: retry after 7');

    clock.set(T0 + 6_999);
    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 0 });
    clock.set(T0 + 7_000);
    expect(await dispatcher.drainOnce()).toMatchObject({ sent: 1 });
    expect(channel.calls.map((c) => c.at)).toEqual([T0, T0 + 7_000]);
  });

  it('backs off longer after each 5xx and gives up after the last attempt, keeping the error', async () => {
    const { clock, channel, dispatcher } = setup();
    await put(db, clock, 'telegram', '9', 'báo cáo');
    const outage = { kind: 'server' as const, message: 'Bad Gateway (502)' };
    channel.script('báo cáo', ...Array.from({ length: MAX_ATTEMPTS }, () => outage));

    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const before = clock.ms();
      const totals = await dispatcher.drainOnce();
      const row = await rowByText(db, 'báo cáo');
      expect(row.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(totals.retried).toBe(1);
        delays.push(row.nextAttemptAt - before);
        clock.set(row.nextAttemptAt);
      } else {
        expect(totals.failed).toBe(1);
        expect(row).toMatchObject({ status: 'failed', lastError: 'server: Bad Gateway (502)' });
      }
    }
    expect(delays).toHaveLength(MAX_ATTEMPTS - 1);
    expect(delays[0]).toBe(1_600); // 2 s with the lowest jitter (random = 0)
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);
    expect(channel.calls).toHaveLength(MAX_ATTEMPTS);

    clock.advance(3_600_000);
    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 0 });
  });

  it("fails a 'refused' send at once", async () => {
    const { clock, channel, dispatcher } = setup();
    await put(db, clock, 'telegram', '5', 'chào');
    channel.script('chào', { kind: 'refused', message: 'Forbidden: bot was blocked by the user' });

    expect(await dispatcher.drainOnce()).toMatchObject({ failed: 1, retried: 0 });
    expect(await rowByText(db, 'chào')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'refused: Forbidden: bot was blocked by the user',
    });
    clock.advance(3_600_000);
    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 0 });
  });

  it('treats an unexpected error as a network failure and keeps the bot token out of the row', async () => {
    const { clock, channel, dispatcher, logs } = setup();
    await put(db, clock, 'telegram', '5', 'chào');
    const boom = new TypeError('fetch failed: https://api.telegram.org/bot123:SECRET/sendMessage');
    channel.script('chào', { throws: boom });

    expect(await dispatcher.drainOnce()).toMatchObject({ retried: 1 });
    const row = await rowByText(db, 'chào');
    expect(row.lastError).toMatch(/^network: unexpected TypeError/);
    expect(row.lastError).not.toContain('SECRET');
    expect(JSON.stringify(logs)).not.toContain('SECRET');
    expect(JSON.stringify(logs)).not.toContain('chào');
  });

  it('drops expired rows without sending them and then sends the next row of that chat', async () => {
    const { clock, channel, dispatcher } = setup();
    await put(db, clock, 'telegram', '3', 'họp lúc 8 giờ', { expiresAt: new Date(T0 + 60_000) });
    await put(db, clock, 'telegram', '3', 'tin sau');
    clock.advance(60_001);

    await settleNow(dispatcher);

    expect(channel.sentTexts()).toEqual(['tin sau']);
    expect((await rowByText(db, 'họp lúc 8 giờ')).status).toBe('dropped');
  });

  it('marks rows of a platform without a channel as failed', async () => {
    const { clock, dispatcher } = setup('telegram');
    await put(db, clock, 'zalo', 'z1', 'zalo message');

    expect(await dispatcher.drainOnce()).toMatchObject({ failed: 1 });
    expect(await rowByText(db, 'zalo message')).toMatchObject({
      status: 'failed',
      lastError: 'channel not configured',
    });
  });

  it('does not let a row held for quiet hours hold back later replies to the same chat', async () => {
    const { clock, channel, dispatcher } = setup();
    await put(db, clock, 'telegram', '8', 'nhắc sáng mai', { notBefore: new Date(T0 + 8 * 3_600_000) });
    clock.advance(60_000);
    await put(db, clock, 'telegram', '8', 'trả lời ngay');

    await settleNow(dispatcher);
    expect(channel.sentTexts()).toEqual(['trả lời ngay']);

    clock.set(T0 + 8 * 3_600_000);
    await settleNow(dispatcher);
    expect(channel.sentTexts()).toEqual(['trả lời ngay', 'nhắc sáng mai']);
  });

  it('paces a long Telegram reply: three parts at once, then one per second', async () => {
    const { clock, channel, dispatcher } = setup();
    const parts = ['a', 'b', 'c', 'd'].map((w) => w.repeat(TEXT_LIMITS.telegram - 10));
    await put(db, clock, 'telegram', '11', parts.join('\n'));

    await settleNow(dispatcher);
    expect(channel.sentTexts()).toEqual(parts.slice(0, 3));
    // The limiter released the lease and set the row due exactly when the chat allows it.
    expect(await rowByText(db, parts[3]!)).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: T0 + 1_000,
    });

    clock.advance(1_000);
    await settleNow(dispatcher);
    expect(channel.calls.map((c) => c.at - T0)).toEqual([0, 0, 0, 1_000]);
  });

  it('drain sleeps within its budget until paced rows are due, then stops when nothing is left', async () => {
    db = memoryDb();
    const clock = fakeClock();
    const channel = new ScriptedChannel('telegram', clock);
    const naps: number[] = [];
    const dispatcher = createDispatcher({
      store: db.store,
      channels: { telegram: channel },
      now: clock.now,
      random: () => 0,
      sleep: async (ms) => {
        naps.push(ms);
        clock.advance(ms);
      },
    });
    for (let i = 1; i <= 3; i++) {
      await put(db, clock, 'telegram', '12', `tin ${i}`);
      clock.advance(1);
    }
    clock.set(T0);

    const totals = await dispatcher.drain({ budgetMs: 10_000 });

    expect(totals.sent).toBe(3);
    expect(channel.calls.map((c) => c.at - T0)).toEqual([0, 1_000, 2_000]);
    expect(naps.every((ms) => ms <= 1_000)).toBe(true);
    expect(await pendingCount(db)).toBe(0);
  });

  it('drain returns instead of waiting forever when the clock does not move', async () => {
    db = memoryDb();
    const clock = fakeClock();
    const channel = new ScriptedChannel('telegram', clock);
    let naps = 0;
    const dispatcher = createDispatcher({
      store: db.store,
      channels: { telegram: channel },
      now: clock.now,
      sleep: async () => {
        naps++;
      },
    });
    await put(db, clock, 'telegram', '12', 'một');
    clock.advance(1);
    await put(db, clock, 'telegram', '12', 'hai');

    expect(await dispatcher.drain({ budgetMs: 10_000 })).toMatchObject({ sent: 1, deferred: 1 });
    expect(naps).toBe(1);
  });

  it('sends each row exactly once when two dispatchers drain the same store at the same time', async () => {
    db = memoryDb();
    const clock = fakeClock();
    const channel = new ScriptedChannel('sim', clock, turn);
    const make = () =>
      createDispatcher({ store: db.store, channels: { sim: channel }, now: clock.now, concurrency: 4 });
    const [a, b] = [make(), make()];
    const expected = new Map<string, string[]>();
    for (let chat = 0; chat < 12; chat++) {
      for (let n = 0; n < 5; n++) {
        const text = `chat ${chat} message ${n}`;
        await put(db, clock, 'sim', `c${chat}`, text);
        expected.set(`c${chat}`, [...(expected.get(`c${chat}`) ?? []), text]);
        clock.advance(1);
      }
    }

    const run = async (dispatcher: typeof a) => {
      for (let round = 0; round < 500 && (await pendingCount(db)) > 0; round++) {
        await dispatcher.drainOnce();
        await turn();
      }
    };
    await Promise.all([run(a), run(b), run(a), run(b)]);

    expect(channel.calls).toHaveLength(60);
    expect(new Set(channel.calls.map((c) => c.text)).size).toBe(60);
    for (const [chat, texts] of expected) expect(channel.sentTexts(chat)).toEqual(texts);
  });

  it('keeps Telegram within 30/s overall, 1/s per private chat and 20/min per group over a minute', async () => {
    db = memoryDb();
    const clock = fakeClock();
    const telegram = new ScriptedChannel('telegram', clock);
    const zalo = new ScriptedChannel('zalo', clock);
    const dispatcher = createDispatcher({ store: db.store, channels: { telegram, zalo }, now: clock.now });
    // More demand than the limits allow, arriving every second, so the limiter binds all minute.
    const privateChats = Array.from({ length: 45 }, (_, i) => String(1000 + i));
    const groups = ['-1001', '-1002'];
    const zaloChats = Array.from({ length: 12 }, (_, i) => `z${i}`);
    const start = clock.ms();
    for (let t = start; t < start + 60_000; t += 50) {
      clock.set(t);
      const second = (t - start) / 1_000;
      if (Number.isInteger(second)) {
        const writes = [
          ...[...privateChats, ...groups].map((chat) => ({ platform: 'telegram' as const, chat })),
          ...zaloChats.map((chat) => ({ platform: 'zalo' as const, chat })),
        ].flatMap(({ platform, chat }) =>
          enqueue(db.store.db, { platform, chatId: chat }, { text: `${chat}/${second}` }, clock.now()),
        );
        await db.store.commit(writes);
      }
      await dispatcher.drainOnce();
    }

    const perSecond = (calls: { at: number }[]) => {
      const counts = new Map<number, number>();
      for (const c of calls) {
        const second = Math.floor((c.at - start) / 1_000);
        counts.set(second, (counts.get(second) ?? 0) + 1);
      }
      return Math.max(...counts.values());
    };
    expect(perSecond(telegram.calls)).toBeLessThanOrEqual(30);
    expect(perSecond(zalo.calls)).toBeLessThanOrEqual(10);
    // The limiter is not needlessly slow: close to the allowed rate over the minute.
    expect(telegram.calls.length).toBeGreaterThanOrEqual(Math.floor((30 / 1.1) * 58));
    expect(zalo.calls.length).toBeGreaterThanOrEqual(10 * 58);

    for (const chat of [...privateChats, ...groups]) {
      const calls = telegram.calls.filter((c) => c.chatId === chat);
      expect(perSecond(calls)).toBeLessThanOrEqual(1);
      const gap = groups.includes(chat) ? 3_000 : 1_000;
      for (let i = 1; i < calls.length; i++)
        expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(gap);
      if (groups.includes(chat)) expect(calls.length).toBeLessThanOrEqual(20);
      expect(telegram.sentTexts(chat)).toEqual(calls.map((_, n) => `${chat}/${n}`));
    }
  });

  it('goes on sending to other chats while one send hangs', async () => {
    const { clock, channel, dispatcher } = setup('telegram', { concurrency: 2 });
    const stuck = gate();
    await put(db, clock, 'telegram', 'slow', 'hangs');
    for (let i = 0; i < 5; i++) await put(db, clock, 'telegram', `fast${i}`, `fast ${i}`);
    channel.script('hangs', stuck.promise);

    const running = dispatcher.drainOnce();
    await until(async () => (await pendingCount(db)) === 1);
    expect(channel.sentTexts()).toEqual(['fast 0', 'fast 1', 'fast 2', 'fast 3', 'fast 4']);

    stuck.open('ok');
    expect(await running).toMatchObject({ sent: 6 });
    expect((await rowByText(db, 'hangs')).status).toBe('sent');
  });

  it('stops waiting for a slow send and still records its late result while the lease holds', async () => {
    const { clock, channel, dispatcher } = setup('telegram', { sendTimeoutMs: 1 });
    const slow = gate();
    await put(db, clock, 'telegram', 'x', 'slow');
    channel.script('slow', slow.promise);

    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 1, abandoned: 1, sent: 0 });
    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 0 });

    slow.open('ok');
    await until(async () => (await rowByText(db, 'slow')).status === 'sent');
    expect(channel.calls).toHaveLength(1);
  });

  it('ignores the late result of a send whose lease ran out and whose row was claimed again', async () => {
    const { clock, channel, dispatcher } = setup('telegram', { sendTimeoutMs: 1, leaseMs: 30_000 });
    const first = gate();
    const second = gate();
    await put(db, clock, 'telegram', 'x', 'slow');
    channel.script('slow', first.promise, second.promise);
    expect(await dispatcher.drainOnce()).toMatchObject({ abandoned: 1 });

    clock.advance(30_000);
    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 1, abandoned: 1 });
    first.open({ kind: 'refused', message: 'too late' });
    for (let i = 0; i < 5; i++) await turn();
    expect(await rowByText(db, 'slow')).toMatchObject({ status: 'pending', lastError: null });

    second.open('ok');
    await until(async () => (await rowByText(db, 'slow')).status === 'sent');
    expect(channel.calls).toHaveLength(2);
  });
});
