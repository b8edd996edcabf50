/**
 * What each kind of platform failure does to the outbox, the marks and the platform's state, with
 * the real dispatcher, the real fallback and real SQLite; the channel's answers are scripted.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { chatIdentities, groupLinks, outbox, people, platformHealth } from '../../db/schema';
import type { NodeDatabase } from '../../db/sqlite';
import { MAX_RETRY_AFTER_MS } from '../../src/outbox/backoff';
import { createDispatcher } from '../../src/outbox/dispatcher';
import { createFallback } from '../../src/outbox/fallback';
import { BREAKER_THRESHOLD, FIRST_PROBE_MS } from '../../src/outbox/health';
import { fakeClock, memoryDb, pendingCount, put, rowByText, ScriptedChannel, T0 } from './support';

let db: NodeDatabase;
afterEach(() => db?.close());

function setup() {
  db = memoryDb();
  const clock = fakeClock();
  const telegram = new ScriptedChannel('telegram', clock);
  const zalo = new ScriptedChannel('zalo', clock);
  let id = 0;
  const dispatcher = createDispatcher({
    store: db.store,
    channels: { telegram, zalo },
    now: clock.now,
    random: () => 0,
    sleep: async (ms) => clock.advance(ms),
    onGiveUp: createFallback(db.store.db, () => `fb${++id}`),
  });
  return { clock, telegram, zalo, dispatcher };
}

/** A person linked on Telegram as `chatId` (and on Zalo as z<chatId> when asked). */
async function person(chatId: string, zaloToo = false) {
  const personId = `p${chatId}`;
  await db.store.commit([
    db.store.db.insert(people).values({ id: personId, name: `Người ${chatId}`, createdAt: 0 }),
    db.store.db.insert(chatIdentities).values({
      id: `t${chatId}`,
      platform: 'telegram',
      externalId: chatId,
      chatId,
      personId,
      linkedAt: 0,
    }),
    ...(zaloToo
      ? [
          db.store.db.insert(chatIdentities).values({
            id: `z${chatId}`,
            platform: 'zalo',
            externalId: `z${chatId}`,
            chatId: `z${chatId}`,
            personId,
            linkedAt: 0,
          }),
        ]
      : []),
  ]);
  return personId;
}

async function putFor(clock: ReturnType<typeof fakeClock>, chatId: string, text: string, personId: string) {
  const { enqueue } = await import('../../src/outbox/enqueue');
  await db.store.commit(
    enqueue(db.store.db, { platform: 'telegram', chatId, personId }, { text }, clock.now()),
  );
}

const marked = async () =>
  (await db.store.db.select().from(chatIdentities).all())
    .filter((i) => i.unreachableAt !== null)
    .map((i) => i.chatId);
const health = async () =>
  db.store.db.select().from(platformHealth).where(eq(platformHealth.platform, 'telegram')).get();

describe('a setup failure (token revoked, wrong API address)', () => {
  it('halts the platform, keeps every row with its attempts, marks nobody, and resumes after a good check', async () => {
    const { clock, telegram, zalo, dispatcher } = setup();
    for (const chat of ['1', '2', '3']) await putFor(clock, chat, `tin ${chat}`, await person(chat));
    await put(db, clock, 'zalo', 'z9', 'zalo vẫn gửi');
    telegram.script('tin 1', { kind: 'setup', message: "Call to 'sendMessage' failed! (401: Unauthorized)" });
    telegram.script('tin 2', { kind: 'setup', message: "Call to 'sendMessage' failed! (401: Unauthorized)" });
    telegram.script('tin 3', { kind: 'setup', message: "Call to 'sendMessage' failed! (401: Unauthorized)" });

    const first = await dispatcher.drainOnce();
    expect(first).toMatchObject({ sent: 1, held: 3, failed: 0 });
    expect(zalo.sentTexts()).toEqual(['zalo vẫn gửi']);
    const rows = await db.store.db.select().from(outbox).where(eq(outbox.platform, 'telegram')).all();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
      ['pending', 0],
    ]);
    expect(await marked()).toEqual([]);
    expect(await health()).toMatchObject({
      state: 'halted',
      cause: 'setup',
      since: T0,
      probeAt: T0 + FIRST_PROBE_MS,
    });
    expect((await health())!.error).toContain('401: Unauthorized');

    // Halted: nothing is claimed, nothing is tried, however often the dispatcher runs.
    clock.advance(FIRST_PROBE_MS - 1);
    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 0 });
    expect(telegram.probeCount).toBe(0);

    // The check is due; the token is still bad: wait twice as long.
    telegram.scriptProbe({ kind: 'setup', message: '401: Unauthorized' });
    clock.advance(1);
    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 0 });
    expect(await health()).toMatchObject({
      state: 'halted',
      probes: 1,
      probeAt: clock.ms() + 2 * FIRST_PROBE_MS,
    });

    // Fixed: the next check passes and every waiting row goes out, once.
    clock.advance(2 * FIRST_PROBE_MS);
    await dispatcher.drain({ budgetMs: 10_000 });
    expect(telegram.sentTexts()).toEqual(['tin 1', 'tin 2', 'tin 3']);
    expect(await health()).toMatchObject({ state: 'ok', resumedAt: clock.ms(), error: null });
    expect(await pendingCount(db)).toBe(0);
  });

  it('checks at once when a new process starts with the platform halted (a restart with a new token)', async () => {
    const { clock, telegram } = setup();
    await putFor(clock, '1', 'tin 1', await person('1'));
    telegram.script('tin 1', { kind: 'setup', message: '401: Unauthorized' });
    const before = createDispatcher({ store: db.store, channels: { telegram }, now: clock.now });
    await before.drainOnce();
    expect(await health()).toMatchObject({ state: 'halted' });

    const after = createDispatcher({ store: db.store, channels: { telegram }, now: clock.now });
    expect(await after.drainOnce()).toMatchObject({ sent: 1 });
    expect(telegram.probeCount).toBe(1);
  });
});

describe('a refusal by the chat', () => {
  it('marks that chat, delivers on the person’s other platform, and leaves everyone else alone', async () => {
    const { clock, telegram, zalo, dispatcher } = setup();
    const blocked = await person('1', true);
    await putFor(clock, '1', 'nhắc họp', blocked);
    await putFor(clock, '2', 'nhắc họp 2', await person('2'));
    telegram.script('nhắc họp', { kind: 'refused', message: 'Forbidden: bot was blocked by the user' });

    await dispatcher.drain({ budgetMs: 10_000 });
    expect(await marked()).toEqual(['1']);
    expect(telegram.sentTexts()).toEqual(['nhắc họp 2']);
    expect(zalo.sentTexts('z1')).toEqual(['nhắc họp']);
    expect(await health()).toMatchObject({ state: 'ok' });
  });

  it('trips the breaker past the threshold of distinct chats: no more marks, platform halted', async () => {
    const { clock, telegram, dispatcher } = setup();
    const chats = Array.from({ length: BREAKER_THRESHOLD + 3 }, (_, i) => String(100 + i));
    for (const chat of chats) {
      await putFor(clock, chat, `tin ${chat}`, await person(chat));
      telegram.script(`tin ${chat}`, { kind: 'refused', message: 'Bad Request: chat not found' });
    }

    await dispatcher.drainOnce();
    // Everyone "refused" at once: a token of another bot, not eight people blocking it together.
    // The first ones were believed (and stay marked until they write); after that, nobody is.
    expect(await marked()).toEqual(chats.slice(0, BREAKER_THRESHOLD));
    const h = await health();
    expect(h).toMatchObject({ state: 'halted', cause: 'breaker' });
    const rows = await db.store.db.select().from(outbox).all();
    expect(rows.filter((r) => r.status === 'failed')).toHaveLength(BREAKER_THRESHOLD);
    expect(rows.filter((r) => r.status === 'pending')).toHaveLength(3);

    // After the wait: probation, one message at a time. A refusal halts it again at once, marking nobody.
    const pending = rows
      .filter((r) => r.status === 'pending')
      .map((r) => JSON.parse(r.payload).text as string);
    telegram.script(pending[0]!, { kind: 'refused', message: 'Bad Request: chat not found' });
    clock.set(h!.probeAt!);
    expect(await dispatcher.drainOnce()).toMatchObject({ claimed: 1, held: 1 });
    expect(await marked()).toEqual(chats.slice(0, BREAKER_THRESHOLD));
    expect(await health()).toMatchObject({ state: 'halted', cause: 'breaker', probes: 1 });

    // The platform came back: on probation the first delivery ends the alarm.
    clock.set((await health())!.probeAt!);
    await dispatcher.drain({ budgetMs: 10_000 });
    expect(await health()).toMatchObject({ state: 'ok' });
    expect(await pendingCount(db)).toBe(0);
  });

  it('does not trip on a few people who blocked the bot among many deliveries', async () => {
    const { clock, telegram, dispatcher } = setup();
    for (let i = 0; i < 40; i++) {
      const chat = String(200 + i);
      await putFor(clock, chat, `tin ${chat}`, await person(chat));
      if (i % 10 === 0)
        telegram.script(`tin ${chat}`, {
          kind: 'refused',
          message: 'Forbidden: bot was blocked by the user',
        });
    }
    await dispatcher.drain({ budgetMs: 30_000 });
    expect((await marked()).sort()).toEqual(['200', '210', '220', '230']);
    expect(await health()).toMatchObject({ state: 'ok' });
    expect(telegram.sentTexts()).toHaveLength(36);
  });

  it('does not trip on a morning wave where more people than the threshold blocked the bot', async () => {
    const { clock, telegram, dispatcher } = setup();
    const blocked: string[] = [];
    for (let i = 0; i < 200; i++) {
      const chat = String(1000 + i);
      await putFor(clock, chat, `nhắc ${chat}`, await person(chat));
      // Every 20th of 200 people: ten refusals, twice the breaker's threshold, among 190 deliveries.
      if (i % 20 === 19) {
        blocked.push(chat);
        telegram.script(`nhắc ${chat}`, {
          kind: 'refused',
          message: 'Forbidden: bot was blocked by the user',
        });
      }
    }
    expect(blocked.length).toBeGreaterThan(BREAKER_THRESHOLD);
    await dispatcher.drain({ budgetMs: 120_000 });
    expect((await marked()).sort()).toEqual(blocked);
    expect(await health()).toMatchObject({ state: 'ok' });
    expect(telegram.sentTexts()).toHaveLength(190);
  });
});

describe('other failures', () => {
  it('gives up on a bad request without marking anyone', async () => {
    const { clock, telegram, dispatcher } = setup();
    await putFor(clock, '1', 'quá dài', await person('1'));
    telegram.script('quá dài', { kind: 'bad_request', message: 'Bad Request: message is too long' });
    expect(await dispatcher.drainOnce()).toMatchObject({ failed: 1 });
    expect(await rowByText(db, 'quá dài')).toMatchObject({
      status: 'failed',
      lastError: 'bad_request: Bad Request: message is too long',
    });
    expect(await marked()).toEqual([]);
  });

  it('follows a group to its supergroup: the row, the link and the waiting messages move to the new id', async () => {
    const { clock, telegram, dispatcher } = setup();
    await db.store.commit([
      db.store.db
        .insert(groupLinks)
        .values({ id: 'g1', platform: 'telegram', chatId: '-4001', unitId: 'u1', linkedAt: 0 }),
    ]);
    await put(db, clock, 'telegram', '-4001', 'tổng hợp tuần');
    clock.advance(1);
    await put(db, clock, 'telegram', '-4001', 'nhắc họp');
    telegram.script('tổng hợp tuần', {
      kind: 'moved',
      toChatId: '-1009001',
      message: 'upgraded to a supergroup chat',
    });

    await dispatcher.drain({ budgetMs: 20_000 });
    expect(telegram.sentTexts('-1009001')).toEqual(['tổng hợp tuần', 'nhắc họp']);
    expect(await db.store.db.select().from(groupLinks).get()).toMatchObject({
      chatId: '-1009001',
      unlinkedAt: null,
    });
  });

  it('waits at most the cap when a platform asks for 100,000 s, and remembers it for /healthz', async () => {
    const { clock, telegram, dispatcher } = setup();
    await put(db, clock, 'telegram', '7', 'trả lời');
    telegram.script('trả lời', {
      kind: 'rate_limited',
      retryAfterMs: 100_000_000,
      message: 'retry after 100000',
    });
    await dispatcher.drainOnce();
    const row = await rowByText(db, 'trả lời');
    expect(row.nextAttemptAt).toBe(T0 + MAX_RETRY_AFTER_MS);
    expect(await health()).toMatchObject({ state: 'ok', cappedAskedMs: 100_000_000, cappedAt: T0 });
    clock.set(T0 + MAX_RETRY_AFTER_MS);
    expect(await dispatcher.drainOnce()).toMatchObject({ sent: 1 });
  });
});
