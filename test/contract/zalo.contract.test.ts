/**
 * Zalo as it really behaves, end to end: webhook bodies in the documented (wrapped) and observed
 * (flat) shapes, shapes nobody documented, group messages that start with the bot's @mention, a
 * protected user whose content Zalo withholds, Zalo's error table, pictures Zalo fetches from our
 * /media address, and long polling. The real runtime over the local fake Zalo API; assumptions
 * where Zalo documents nothing are listed in docs/platforms.md.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatIdentities, groupLinks, media, outbox } from '../../db/schema';
import { channels as vi } from '../../src/messages/vi/channels';
import { planInvite } from '../../src/operator/invite';
import { enqueue } from '../../src/outbox/enqueue';
import { eventually } from '../support/fake-telegram';
import { type FakeZalo, startFakeZalo, zaloEvent } from '../support/fake-zalo';
import { linkOne, seedOrg } from '../support/org';
import { TINY_PNG } from '../support/picture-server';
import { type PlatformRuntime, startPlatformRuntime } from '../support/platform-runtime';

let zalo: FakeZalo;
let p: PlatformRuntime;
let front: ReturnType<typeof serve>;
let nextId = 1;
const db = () => p.rt.database.store.db;
const mid = () => `m${String(nextId++).padStart(19, '0')}`;

beforeAll(async () => {
  zalo = await startFakeZalo();
  // Our public address, in front of the runtime's app: what Zalo fetches pictures from.
  let app: { fetch: (r: Request) => Response | Promise<Response> } | undefined;
  const proxy = new Hono().all('*', (c) => app!.fetch(c.req.raw));
  front = await new Promise((resolve) => {
    const s = serve({ fetch: proxy.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const publicUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  p = await startPlatformRuntime({ zalo, env: { PUBLIC_URL: publicUrl } });
  app = p.rt.app;
  await seedOrg(p.rt.database.store, new Date());
  await linkOne(
    p.rt.database.store,
    {
      id: 'dung',
      name: 'Phạm Thị Dung',
      platform: 'zalo',
      externalId: 'zc-dung',
      role: 'coordinator',
      unit: 'XA1',
    },
    new Date(),
  );
});
afterAll(async () => {
  await p.close({ remove: true });
  await zalo.close();
  await new Promise<void>((resolve) => front.close(() => resolve()));
});

const textsTo = (chatId: string) =>
  zalo
    .delivered()
    .map((c) => c.body as { chat_id: string; text?: string })
    .filter((b) => b.chat_id === chatId)
    .map((b) => b.text ?? '');

describe('webhook bodies', () => {
  it('reads the wrapped and the flat shape alike, and the same message in both shapes once', async () => {
    const id = mid();
    expect(await p.zalo(zaloEvent({ messageId: id, chatId: 'zc-dung', text: 'toi' }))).toBe(200);
    expect(await p.zalo(zaloEvent({ messageId: id, chatId: 'zc-dung', text: 'toi', wrapped: false }))).toBe(
      200,
    );
    await p.settle();
    expect(textsTo('zc-dung')).toHaveLength(1);
    expect(textsTo('zc-dung')[0]).toContain('Phạm Thị Dung');
    expect(
      await p.zalo(zaloEvent({ messageId: mid(), chatId: 'zc-dung', text: 'trogiup', wrapped: false })),
    ).toBe(200);
    await p.settle();
    expect(textsTo('zc-dung')).toHaveLength(2);
  });

  it('answers 200 to shapes it does not know, stores nothing, and logs their shape without their text', async () => {
    const before = await db().select().from(outbox).all();
    const secret = 'nội dung riêng tư';
    for (const body of [
      { ok: true, result: { event_name: 'user.follow', user: { id: 'u1', note: secret } } },
      { event_name: 'message.reaction.received', message: { reaction: secret } },
      { ok: true, result: { message: { text: secret } } },
      [secret],
      { hello: secret },
    ])
      expect(await p.zalo(body)).toBe(200);
    await p.settle();
    expect(await db().select().from(outbox).all()).toEqual(before);
    const lines = p.logs.filter((l) => l.msg === 'webhook event not understood');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(p.logs)).not.toContain(secret);
  });
});

describe('groups and protected users', () => {
  it('links a group from “@Bot … batdau MÃ”: the mention is taken off, the reply goes to the group', async () => {
    const plan = await planInvite(
      db(),
      { unit: 'XA1', role: 'group', group: true },
      new Date(),
      () => crypto.randomUUID(),
      14,
    );
    if ('error' in plan) throw new Error(plan.error);
    await p.rt.database.store.commit(plan.writes);
    const body = zaloEvent({
      messageId: mid(),
      chatId: 'zg-1',
      userId: 'zc-dung',
      group: true,
      text: `@Bot Chi Bộ batdau ${plan.code}`,
    });
    expect(await p.zalo(body)).toBe(200);
    await p.settle();
    expect(await db().select().from(groupLinks).where(eq(groupLinks.chatId, 'zg-1')).get()).toMatchObject({
      unlinkedAt: null,
    });
    expect(textsTo('zg-1').at(-1)).toContain('liên kết');

    // A mention without a command is chatter: no answer in the group.
    await p.zalo(
      zaloEvent({
        messageId: mid(),
        chatId: 'zg-1',
        userId: 'zc-dung',
        group: true,
        text: '@Bot Chi Bộ cảm ơn',
      }),
    );
    await p.settle();
    expect(textsTo('zg-1')).toHaveLength(1);
  });

  it('tells a protected user (content withheld) what happened and whom to ask, linked or not', async () => {
    await p.zalo(zaloEvent({ messageId: mid(), chatId: 'zc-stranger' }));
    await p.zalo(zaloEvent({ messageId: mid(), chatId: 'zc-dung' }));
    await p.settle();
    expect(textsTo('zc-stranger')).toEqual([vi.unreadable]);
    expect(textsTo('zc-dung').at(-1)).toBe(vi.unreadable);
  });
});

describe('Zalo’s error table', () => {
  async function personWith(chat: string, text: string) {
    await linkOne(p.rt.database.store, {
      id: `p-${chat}`,
      name: `Bí thư ${chat}`,
      platform: 'zalo',
      externalId: chat,
      role: 'secretary',
      unit: 'CB1',
    });
    await p.rt.database.store.commit(
      enqueue(db(), { platform: 'zalo', chatId: chat, personId: `p-${chat}` }, { text }, new Date()),
    );
  }
  const identity = (chat: string) =>
    db().select().from(chatIdentities).where(eq(chatIdentities.chatId, chat)).get();

  it('404 with a working token: this chat refuses, and only it is marked', async () => {
    zalo.refuse('zc-gone');
    await personWith('zc-gone', 'tin một');
    await p.settle();
    expect((await identity('zc-gone'))!.unreachableAt).not.toBeNull();
    expect((await identity('zc-dung'))!.unreachableAt).toBeNull();
  });

  it('400 with a working token: this message is refused, nobody is marked', async () => {
    await personWith('zc-400', 'tin hai');
    zalo.failNext('sendMessage', { kind: 'api', errorCode: 400, description: 'Bad Request' });
    await p.settle();
    expect((await identity('zc-400'))!.unreachableAt).toBeNull();
    expect(await db().select().from(outbox).where(eq(outbox.chatId, 'zc-400')).get()).toMatchObject({
      status: 'failed',
    });
  });

  it('429 quota, 403 “internal server error” and 408 are waited out, then delivered once', async () => {
    await personWith('zc-slow', 'tin ba');
    zalo.failNext(
      'sendMessage',
      { kind: 'api', errorCode: 429, description: 'Quota exceeded' },
      { kind: 'api', errorCode: 403, description: 'Internal server error' },
      { kind: 'api', errorCode: 408, description: 'Request timeout' },
    );
    const row = () => db().select().from(outbox).where(eq(outbox.chatId, 'zc-slow')).get();
    for (const [attempts, code] of [
      [1, '429'],
      [2, '403'],
      [3, '408'],
    ] as const) {
      await p.sendDue();
      // Kept for a later try, nobody marked.
      expect(await row()).toMatchObject({
        status: 'pending',
        attempts,
        lastError: expect.stringContaining(code),
      });
      expect((await identity('zc-slow'))!.unreachableAt).toBeNull();
      // The back-off runs its course (seconds, up to minutes) before the next try.
      p.rt.database.sqlite.prepare("UPDATE outbox SET next_attempt_at = 0 WHERE chat_id = 'zc-slow'").run();
    }
    await p.sendDue();
    expect(textsTo('zc-slow')).toEqual(['tin ba']);
    expect(await row()).toMatchObject({ status: 'sent', attempts: 4 });
  });
});

describe('pictures', () => {
  it('Zalo fetches a chart from our /media address; an expired one becomes its caption in words', async () => {
    const store = p.rt.database.store;
    const base64 = Buffer.from(TINY_PNG).toString('base64');
    const far = Date.now() + 86_400_000;
    await store.commit([
      store.db
        .insert(media)
        .values({ id: 'chartAAAAAAAAAAAAAAAA', contentType: 'image/png', data: base64, expiresAt: far }),
      store.db
        .insert(media)
        .values({ id: 'chartBBBBBBBBBBBBBBBB', contentType: 'image/png', data: base64, expiresAt: 1 }),
      ...enqueue(
        store.db,
        { platform: 'zalo', chatId: 'zc-dung' },
        { text: '', photo: { mediaId: 'chartAAAAAAAAAAAAAAAA', caption: 'Quý 4' } },
        new Date(),
      ),
      ...enqueue(
        store.db,
        { platform: 'zalo', chatId: 'zc-pic' },
        { text: '', photo: { mediaId: 'chartBBBBBBBBBBBBBBBB', caption: 'Quý 3' } },
        new Date(),
      ),
    ]);
    await p.settle();
    const photos = zalo.delivered().filter((c) => c.method === 'sendPhoto');
    expect(photos.map((c) => (c.body as { caption: string }).caption)).toEqual(['Quý 4']);
    expect(textsTo('zc-pic')).toEqual([`Quý 3\n\n${vi.photoNotAvailable}`]);
  });
});

describe('long polling (ZALO_POLLING=1)', () => {
  it('deletes the webhook, takes one update per getUpdates, waits out 408s, and answers', async () => {
    const polled = await startFakeZalo({ token: '55:polling' });
    const runtime = await startPlatformRuntime({ zalo: polled, env: { ZALO_POLLING: '1' } });
    try {
      await runtime.rt.listen(0);
      polled.pushUpdate(zaloEvent({ messageId: 'p1', chatId: 'zc-poll', text: 'trogiup' }));
      await eventually(async () => {
        await runtime.settle();
        return polled.delivered().length === 1;
      }, 10_000);
      const methods = polled.calls.map((c) => c.method);
      expect(methods[0]).toBe('deleteWebhook');
      expect(methods.filter((m) => m === 'getUpdates').length).toBeGreaterThanOrEqual(2);
      expect((polled.delivered()[0]!.body as { chat_id: string }).chat_id).toBe('zc-poll');
    } finally {
      await runtime.close({ remove: true });
      await polled.close();
    }
  }, 20_000);
});
