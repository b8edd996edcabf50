/**
 * The outbox pacer (what the Worker's Durable Object runs) over a real SQLite outbox, a scripted
 * channel and a hand-driven clock: when its alarm comes back, and what it remembers across a restart.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/deps';
import { createDispatcher } from '../../src/outbox/dispatcher';
import { createPacer, type PacerStorage } from '../../src/outbox/pacer';
import { createRateLimiter } from '../../src/outbox/rate-limit';
import { memoryStorage } from '../shared/pacer-storage';
import { type FakeClock, fakeClock, memoryDb, put, ScriptedChannel, T0 } from './support';

function pacerOver(
  db: ReturnType<typeof memoryDb>,
  channel: ScriptedChannel,
  clock: FakeClock,
  storage: PacerStorage,
  drainMs = 60_000,
) {
  const limiter = createRateLimiter();
  return createPacer({
    storage,
    limiter,
    now: clock.ms,
    log: silentLogger,
    drainMs,
    sleep: async (ms) => clock.advance(ms),
    dispatcher: (sleep) =>
      createDispatcher({ store: db.store, channels: { telegram: channel }, now: clock.now, limiter, sleep }),
  });
}

describe('the outbox pacer', () => {
  it('a pacer that restarts mid-wave (a deploy) waits out the last second’s sends before sending more', async () => {
    const db = memoryDb();
    const clock = fakeClock();
    const tg = new ScriptedChannel('telegram', clock);
    for (let i = 0; i < 60; i++) await put(db, clock, 'telegram', String(100 + i), `Nhắc ${i}`);
    const storage = memoryStorage();
    // The first object sends a window's worth (30), then is replaced before its next round.
    await pacerOver(db, tg, clock, storage, 500).alarm();
    expect(tg.calls).toHaveLength(30);

    clock.advance(100);
    const replacement = pacerOver(db, tg, clock, storage);
    await replacement.alarm();
    expect(tg.calls).toHaveLength(60);
    for (const call of tg.calls.slice(30)) expect(call.at).toBeGreaterThanOrEqual(T0 + 1_100);
    db.close();
  });

  it('comes back for the next due row, or at once when it was poked while draining', async () => {
    const db = memoryDb();
    const clock = fakeClock();
    await put(db, clock, 'telegram', '1', 'Trả lời');
    await put(db, clock, 'telegram', '2', 'Nhắc họp', { notBefore: new Date(T0 + 10 * 60_000) });
    const storage = memoryStorage();

    const quiet = pacerOver(db, new ScriptedChannel('telegram', clock), clock, storage);
    await quiet.alarm();
    expect(storage.alarm).toBe(T0 + 10 * 60_000);

    await put(db, clock, 'telegram', '3', 'Trả lời nữa');
    let pacer: ReturnType<typeof pacerOver> | undefined;
    // A webhook's poke arrives while the alarm is sending.
    const busy = new ScriptedChannel('telegram', clock, async () => {
      await pacer?.poke();
    });
    pacer = pacerOver(db, busy, clock, storage);
    await pacer.alarm();
    expect(busy.sentTexts()).toEqual(['Trả lời nữa']);
    expect(storage.alarm).toBe(clock.ms());
    db.close();
  });

  it('an alarm whose drain fails comes back five seconds later', async () => {
    const db = memoryDb();
    const clock = fakeClock();
    const storage = memoryStorage();
    const pacer = pacerOver(db, new ScriptedChannel('telegram', clock), clock, storage);
    db.close();
    expect(await pacer.alarm()).toBeUndefined();
    expect(storage.alarm).toBe(T0 + 5_000);
  });
});
