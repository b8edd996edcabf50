/**
 * The OutboxPacer Durable Object as the runtime runs it (real alarms, real clock, the deployment's
 * bindings): webhooks answered by two Worker instances and a cron run at the same moment leave
 * all the sending to the one object, which keeps Telegram's limits between them.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createD1Store } from '../../db/d1';
import { createWorker, type Env } from '../../src/entry/worker';
import { enqueue } from '../../src/outbox/enqueue';
import { emptyD1 } from './d1';
import { fakeTelegramFetch } from './fake-telegram-fetch';
import { pacerIdle } from './pacer';
import { linkedOnTelegram, privateUpdate, webhookRequest } from './telegram-webhook';

beforeEach(() => emptyD1());
afterEach(() => {
  vi.unstubAllGlobals();
});

const update = (id: number, chat: number) => webhookRequest(privateUpdate(id, chat, 'toi'));

describe('the OutboxPacer Durable Object', () => {
  it('sends for two Worker instances and a cron run at once, never more than 30 in a second, no 429', async () => {
    const tg = fakeTelegramFetch(undefined, { limits: { perSecond: 30, perChatMs: 1000 } });
    vi.stubGlobal('fetch', tg.fetch);
    const store = createD1Store(env.DB);
    const now = new Date();
    const writes = [];
    // Forty bulk messages due now: more than one second's worth at Telegram's rate.
    for (let i = 0; i < 40; i++)
      writes.push(
        ...enqueue(store.db, { platform: 'telegram', chatId: String(20_000 + i) }, { text: `Tin ${i}` }, now),
      );
    writes.push(
      ...linkedOnTelegram(store.db, 'p-an', 6001, now.getTime()),
      ...linkedOnTelegram(store.db, 'p-binh', 6002, now.getTime()),
    );
    await store.commit(writes);

    const workerEnv = env as unknown as Env;
    const [one, two, cron] = [createWorker(), createWorker(), createWorker()];
    const ctxs = [createExecutionContext(), createExecutionContext(), createExecutionContext()];
    const responses = await Promise.all([
      one.fetch(update(1, 6001), workerEnv, ctxs[0]!),
      two.fetch(update(2, 6002), workerEnv, ctxs[1]!),
      cron
        .scheduled(
          createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }),
          workerEnv,
          ctxs[2]!,
        )
        .then(() => null),
    ]);
    expect(responses.slice(0, 2).map((r) => r?.status)).toEqual([200, 200]);
    await Promise.all(ctxs.map((ctx) => waitOnExecutionContext(ctx)));
    await pacerIdle();

    const sends = tg.calls.filter((c) => c.method === 'sendMessage');
    expect(new Set(sends.map((c) => String(c.body.chat_id))).size).toBe(42);
    expect(sends).toHaveLength(42);
    expect(tg.count429).toBe(0);
    expect(tg.busiestSecond()).toBeLessThanOrEqual(30);
  });
});
