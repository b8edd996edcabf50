/**
 * A Telegram update POSTed to the Worker, the reply sent to a fake Bot API after the response by the
 * deployment's outbox pacer (a Durable Object, whose calls go through the global fetch stubbed here).
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createD1Store } from '../../db/d1';
import { chatIdentities, outbox, people } from '../../db/schema';
import { createWorker, type Env } from '../../src/entry/worker';
import { storeHarness } from '../shared/harness';
import { emptyD1 } from './d1';
import { fakeTelegramFetch } from './fake-telegram-fetch';
import { pacerIdle } from './pacer';
import { linkedOnTelegram } from './telegram-webhook';

const SECRET = 'worker_secret_123456';

function telegramEnv(apiRoot: string): Env {
  return {
    ...env,
    TELEGRAM_BOT_TOKEN: '123:abc',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_BOT_ID: '123',
    TELEGRAM_BOT_USERNAME: 'chibo_test_bot',
    LOG_LEVEL: 'error',
  };
}

const update = (id: number, text: string) => ({
  update_id: id,
  message: {
    message_id: id,
    date: 1764126000,
    chat: { id: 4242, type: 'private' },
    from: { id: 4242, is_bot: false, first_name: 'An' },
    text,
  },
});

function post(body: unknown, secret = SECRET) {
  return new Request('https://chibo.test/webhook/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
    body: JSON.stringify(body),
  });
}

beforeEach(() => emptyD1());
afterEach(() => {
  vi.unstubAllGlobals();
});

/** The fake Bot API answers the pacer's calls too. */
function fakeApi(opts?: Parameters<typeof fakeTelegramFetch>[1]) {
  const tg = fakeTelegramFetch(undefined, opts);
  vi.stubGlobal('fetch', tg.fetch);
  return tg;
}

describe('the Worker answering Telegram', () => {
  it('links a person from a webhook update and sends the reply through the Bot API after responding', async () => {
    const h = storeHarness(createD1Store(env.DB), new Date().toISOString());
    await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
    await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
    await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
    const [invite] = await h.say('coord', 'moi bithu KP3 Nguyễn Văn An');
    const code = /Mã mời: ([0-9 ]+[0-9])/.exec(invite!.text)![1]!;

    const tg = fakeApi();
    const worker = createWorker({ fetch: tg.fetch });
    const ctx = createExecutionContext();
    const response = await worker.fetch(post(update(1, `/start ${code}`)), telegramEnv(tg.apiRoot), ctx);
    expect(response.status).toBe(200);
    await waitOnExecutionContext(ctx);
    await pacerIdle();

    const replies = tg.sent(4242);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('Đã liên kết');
    expect(replies[0]).toContain('Nguyễn Văn An');
    expect(tg.calls.map((c) => c.method)).toEqual(['sendMessage']); // no getMe, no setWebhook
  });

  it('learns its username like Node when it is not configured: "/trogiup@otherbot" in a group is not for it', async () => {
    const store = createD1Store(env.DB);
    await store.commit(linkedOnTelegram(store.db, 'an', 4242, 0));
    const tg = fakeApi();
    const worker = createWorker({ fetch: tg.fetch });
    const { TELEGRAM_BOT_USERNAME: _unset, ...unnamed } = telegramEnv(tg.apiRoot);
    const inGroup = (id: number, text: string) => ({
      update_id: id,
      message: {
        message_id: id,
        date: 1764126000,
        chat: { id: -4343, type: 'supergroup', title: 'Chi bộ' },
        from: { id: 4242, is_bot: false, first_name: 'An' },
        text,
      },
    });
    const say = async (id: number, text: string) => {
      const ctx = createExecutionContext();
      expect((await worker.fetch(post(inGroup(id, text)), unnamed as Env, ctx)).status).toBe(200);
      await waitOnExecutionContext(ctx);
      await pacerIdle();
      return tg.sent(-4343).length;
    };
    expect(await say(11, '/trogiup@otherbot')).toBe(0);
    expect(await say(12, '/trogiup@chibo_test_bot')).toBe(1);
  });

  it('answers 401 to a wrong secret and sends nothing', async () => {
    const tg = fakeApi();
    const worker = createWorker({ fetch: tg.fetch });
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      post(update(2, 'toi'), 'wrong_secret_0000'),
      telegramEnv(tg.apiRoot),
      ctx,
    );
    await waitOnExecutionContext(ctx);
    await pacerIdle();
    expect(response.status).toBe(401);
    expect(tg.calls).toHaveLength(0);
  });

  it('gives up like Node: a person who blocked the bot is marked unreachable, nobody else', async () => {
    const store = createD1Store(env.DB);
    const h = storeHarness(store, new Date().toISOString());
    await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
    await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
    await store.commit([
      store.db.insert(chatIdentities).values({
        id: 'tg-4242',
        platform: 'telegram',
        externalId: '4242',
        chatId: '4242',
        personId: (await store.db.select().from(people).get())!.id,
        linkedAt: 0,
      }),
    ]);
    const tg = fakeApi({ refuse: { '4242': [403, 'Forbidden: bot was blocked by the user'] } });
    const worker = createWorker({ fetch: tg.fetch });
    const ctx = createExecutionContext();
    const response = await worker.fetch(post(update(3, 'toi')), telegramEnv(tg.apiRoot), ctx);
    expect(response.status).toBe(200);
    await waitOnExecutionContext(ctx);
    await pacerIdle();

    const marked = await store.db
      .select()
      .from(chatIdentities)
      .where(eq(chatIdentities.platform, 'telegram'))
      .get();
    expect(marked!.unreachableReason).toContain('blocked');
    const sim = await store.db.select().from(chatIdentities).where(eq(chatIdentities.platform, 'sim')).get();
    expect(sim!.unreachableAt).toBeNull();
  });

  it('halts Telegram on a revoked token, keeps the reply, and says so in /healthz', async () => {
    let revoked = true;
    const tg = fakeApi({ revoked: () => revoked });
    const worker = createWorker({ fetch: tg.fetch });
    const ctx = createExecutionContext();
    await worker.fetch(post(update(4, 'trogiup')), telegramEnv(tg.apiRoot), ctx);
    await waitOnExecutionContext(ctx);
    await pacerIdle();

    const health = await worker.fetch(
      new Request('https://chibo.test/healthz'),
      telegramEnv(tg.apiRoot),
      createExecutionContext(),
    );
    const body = (await health.json()) as {
      status: string;
      outboxBacklog: number;
      platforms: Record<string, unknown>;
    };
    expect(body).toMatchObject({
      status: 'degraded',
      outboxBacklog: 1,
      platforms: { telegram: { status: 'halted', cause: 'setup' } },
    });
    const store = createD1Store(env.DB);
    expect((await store.db.select().from(outbox).get())!.status).toBe('pending');
    revoked = false;
  });

  it('the deployed entry (wrangler.toml vars, D1 binding) reports healthy', async () => {
    const response = await exports.default.fetch('https://chibo.test/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: true, outboxBacklog: 0 });
  });
});
