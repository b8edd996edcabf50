/**
 * One person blocks the bot on Telegram: only that chat is marked, their message reaches them on
 * Zalo, nobody else is touched, and the mark clears the moment they write again (or Telegram says
 * they unblocked the bot). The real Node runtime over both fake APIs.
 */
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { chatIdentities, people } from '../../db/schema';
import { personTargets } from '../../src/bot/targets';
import { enqueue } from '../../src/outbox/enqueue';
import {
  type FakeTelegram,
  myChatMember,
  startFakeTelegram,
  telegramMessage,
} from '../support/fake-telegram';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo';
import { linkOne, seedOrg } from '../support/org';
import { type PlatformRuntime, startPlatformRuntime } from '../support/platform-runtime';

let p: PlatformRuntime | undefined;
let tg: FakeTelegram;
let zalo: FakeZalo;
afterEach(async () => {
  await p?.close({ remove: true });
  await tg.close();
  await zalo.close();
});

async function setup() {
  tg = await startFakeTelegram();
  zalo = await startFakeZalo();
  p = await startPlatformRuntime({ tg, zalo });
  const { store } = p.rt.database;
  const now = new Date();
  await seedOrg(store, now);
  // An: Telegram (where she wants reminders) and Zalo. Bình: Telegram only.
  await linkOne(
    store,
    { id: 'an', name: 'Lê Thị An', platform: 'telegram', externalId: '501', role: 'secretary', unit: 'CB1' },
    now,
  );
  await linkOne(
    store,
    {
      id: 'binh',
      name: 'Trần Bình',
      platform: 'telegram',
      externalId: '502',
      role: 'secretary',
      unit: 'CB2',
    },
    now,
  );
  await store.commit([
    store.db.update(people).set({ reminderChannel: 'telegram' }).where(eq(people.id, 'an')),
    store.db.insert(chatIdentities).values({
      id: 'an-zalo',
      platform: 'zalo',
      externalId: 'zu-an',
      chatId: 'zc-an',
      personId: 'an',
      linkedAt: 0,
    }),
  ]);
  return p;
}

/** A reminder to both, addressed the way the scheduler does (each person's reachable chats, preference first). */
async function remind(text: string) {
  const { store } = p!.rt.database;
  const writes = [];
  for (const [id, preference] of [
    ['an', 'telegram'],
    ['binh', 'both'],
  ] as const)
    for (const target of await personTargets(store.db, id, preference))
      writes.push(...enqueue(store.db, target, { text }, new Date()));
  await store.commit(writes);
}

const identities = async () =>
  Object.fromEntries(
    (await p!.rt.database.store.db.select().from(chatIdentities).all()).map((i) => [
      i.chatId,
      i.unreachableAt !== null,
    ]),
  );

describe('one person blocks the bot', () => {
  it('marks only that chat, delivers on their other platform, and clears the mark when they write again', async () => {
    await setup();
    tg.block(501);
    await remind('Nhắc họp chi bộ ngày 5/12');
    await p!.settle();

    expect(await identities()).toEqual({ '501': true, '502': false, 'zc-an': false });
    expect(tg.callsTo('sendMessage').map((c) => String(c.body.chat_id))).toEqual(['502']);
    expect(zalo.delivered().map((c) => (c.body as { chat_id: string; text: string }).chat_id)).toEqual([
      'zc-an',
    ]);
    expect(await p!.health()).toMatchObject({ status: 'ok' });

    // The next reminder avoids the blocked chat without trying it.
    await remind('Nhắc lần hai');
    await p!.settle();
    expect(tg.refusedTo('sendMessage')).toHaveLength(1);
    expect(zalo.delivered()).toHaveLength(2);

    // An unblocks the bot and writes: the mark comes off, and Telegram is used again.
    tg.unblock(501);
    expect(await p!.telegram(telegramMessage({ updateId: 90, userId: 501, text: '/toi' }))).toBe(200);
    await p!.settle();
    expect(await identities()).toEqual({ '501': false, '502': false, 'zc-an': false });
    expect(tg.callsTo('sendMessage').filter((c) => c.body.chat_id === 501)).toHaveLength(1);
  }, 30_000);

  it('marks at once on Telegram’s my_chat_member “kicked”, and clears on “member”', async () => {
    await setup();
    await p!.telegram(myChatMember({ updateId: 91, userId: 501, from: 'member', to: 'kicked' }));
    await p!.settle();
    expect(await identities()).toEqual({ '501': true, '502': false, 'zc-an': false });

    await remind('Nhắc họp');
    await p!.settle();
    // Nothing was tried on Telegram for An: the reminder went to her Zalo.
    expect(tg.allCalls.filter((c) => c.body.chat_id === 501)).toEqual([]);
    expect(zalo.delivered()).toHaveLength(1);

    await p!.telegram(myChatMember({ updateId: 92, userId: 501, from: 'kicked', to: 'member' }));
    await p!.settle();
    expect(await identities()).toEqual({ '501': false, '502': false, 'zc-an': false });
  }, 30_000);
});
