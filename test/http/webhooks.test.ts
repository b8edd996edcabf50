import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatIdentities, outbox, processedKeys } from '../../db/schema';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/http/app';
import { createHarness, type Harness } from '../support/harness';

const TG_SECRET = 'tg_secret_123456';
const ZALO_SECRET = 'zalo-secret-abcdef';
let h: Harness;
let app: ReturnType<typeof createApp>;

beforeEach(async () => {
  h = await createHarness();
  h.deps.config = loadConfig({
    DEMO_DATA: '0',
    TELEGRAM_BOT_TOKEN: '123:abc',
    TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
    ZALO_BOT_TOKEN: '456:def',
    ZALO_WEBHOOK_SECRET: ZALO_SECRET,
  });
  app = createApp(h.deps);
});
afterEach(() => h.close());

const tgUpdate = (id: number, text: string, extra: Record<string, unknown> = {}) => ({
  update_id: id,
  message: {
    message_id: id,
    date: 1764126000,
    chat: { id: 42, type: 'private', first_name: 'An' },
    from: { id: 42, is_bot: false, first_name: 'An' },
    text,
    ...extra,
  },
});
const zaloEvent = (id: string, text: string, wrapped = true) => {
  const body = {
    event_name: 'message.text.received',
    message: {
      message_id: id,
      date: 1764126000000,
      chat: { id: 'zc1', chat_type: 'PRIVATE' },
      from: { id: 'zu1', display_name: 'Bình', is_bot: false },
      text,
    },
  };
  return wrapped ? { ok: true, result: body } : body;
};

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const tg = (body: unknown, secret = TG_SECRET) =>
  post('/webhook/telegram', body, { 'X-Telegram-Bot-Api-Secret-Token': secret });
const zalo = (body: unknown, secret = ZALO_SECRET) =>
  post('/webhook/zalo', body, { 'X-Bot-Api-Secret-Token': secret });
const count = async () => (await h.db.select().from(outbox).all()).length;

describe('Telegram webhook', () => {
  it('answers 200 and queues the reply', async () => {
    const res = await tg(tgUpdate(1, '/trogiup'));
    expect(res.status).toBe(200);
    const sent = await h.sent('42', 'telegram');
    expect(sent[0]!.text).toContain('chưa liên kết');
  });

  it('refuses a missing or wrong secret with 401 and stores nothing', async () => {
    expect((await post('/webhook/telegram', tgUpdate(1, 'x'))).status).toBe(401);
    expect((await tg(tgUpdate(1, 'x'), 'wrong_secret_000')).status).toBe(401);
    expect((await tg(tgUpdate(1, 'x'), `${TG_SECRET}x`)).status).toBe(401);
    expect(await h.db.select().from(processedKeys).all()).toHaveLength(0);
  });

  it('answers 400 to malformed JSON and to JSON that is not an update', async () => {
    expect((await tg('{"update_id": 1,')).status).toBe(400);
    expect((await tg({ hello: 'world' })).status).toBe(400);
    expect((await tg([1, 2, 3])).status).toBe(400);
    expect((await tg('null')).status).toBe(400);
    expect(await count()).toBe(0);
  });

  it('answers 413 to a body over 1 MiB', async () => {
    const res = await tg(tgUpdate(1, 'a'.repeat(1024 * 1024 + 10)));
    expect(res.status).toBe(413);
    expect(await count()).toBe(0);
  });

  it('handles the same update_id three times once', async () => {
    for (let i = 0; i < 3; i++) expect((await tg(tgUpdate(7, '/trogiup'))).status).toBe(200);
    expect(await h.sent('42', 'telegram')).toHaveLength(1);
  });

  it('answers 200 to update types it does not handle, and a polite word to a person', async () => {
    const sticker = {
      update_id: 8,
      message: { ...tgUpdate(8, '').message, text: undefined, sticker: { file_id: 'x' } },
    };
    expect((await tg(sticker)).status).toBe(200);
    expect((await tg({ update_id: 9, edited_message: tgUpdate(9, 'sửa').message })).status).toBe(200);
    expect(
      (
        await tg({
          update_id: 10,
          channel_post: { message_id: 1, date: 1, chat: { id: -100, type: 'channel' }, text: 'x' },
        })
      ).status,
    ).toBe(200);
    expect((await tg({ update_id: 11, poll: { id: 'p' } })).status).toBe(200);
    const sent = await h.sent('42', 'telegram');
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent[0]!.text).toContain('chưa được liên kết');
  });

  it('refuses Telegram when no token is configured (404-like 401, nothing stored)', async () => {
    h.deps.config = loadConfig({ DEMO_DATA: '0' });
    app = createApp(h.deps);
    expect((await tg(tgUpdate(1, '/start'))).status).toBe(401);
  });
});

describe('Zalo webhook', () => {
  it('accepts the wrapped and the flat body', async () => {
    expect((await zalo(zaloEvent('m1', 'trogiup', true))).status).toBe(200);
    expect((await zalo(zaloEvent('m2', 'trogiup', false))).status).toBe(200);
    expect(await h.sent('zc1', 'zalo')).toHaveLength(2);
  });

  it('answers 403 to a wrong secret, 400 to malformed JSON, 413 to a huge body', async () => {
    expect((await zalo(zaloEvent('m1', 'x'), 'nope-nope-nope')).status).toBe(403);
    expect((await post('/webhook/zalo', zaloEvent('m1', 'x'))).status).toBe(403);
    expect((await zalo('{{{')).status).toBe(400);
    expect((await zalo(zaloEvent('m1', 'x'.repeat(1024 * 1024)))).status).toBe(413);
    expect(await count()).toBe(0);
  });

  it('handles a redelivered message_id once', async () => {
    for (let i = 0; i < 3; i++) await zalo(zaloEvent('dup', 'trogiup'));
    expect(await h.sent('zc1', 'zalo')).toHaveLength(1);
  });

  it('answers the unsupported event politely and never fails', async () => {
    const res = await zalo({
      ok: true,
      result: {
        event_name: 'message.unsupported.received',
        message: { message_id: 'u1', chat: { id: 'zc1', chat_type: 'PRIVATE' }, from: { id: 'zu1' } },
      },
    });
    expect(res.status).toBe(200);
    expect(await h.db.select().from(chatIdentities).all()).toHaveLength(0);
  });
});

describe('health', () => {
  it('reports status, version, database and outbox backlog', async () => {
    await tg(tgUpdate(1, '/trogiup'));
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      version: expect.any(String),
      database: true,
      outboxBacklog: 1,
      inboxBacklog: 0,
      platforms: {},
      retryAfterCapSeconds: 600,
    });
  });
});
