import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inbox, processedKeys } from '../../db/schema';
import { acceptUpdate, createInboxProcessor } from '../../src/bot/inbox';
import type { IncomingMessage } from '../../src/channels/types';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.person('a', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }], 'telegram');
});
afterEach(() => h.close());

const msg = (n: number, chatId: string, text: string): IncomingMessage => ({
  platform: 'telegram',
  updateKey: `telegram:${n}`,
  chatId,
  chatType: 'private',
  userId: chatId,
  kind: 'text',
  text,
});

describe('the inbox', () => {
  it('keeps an accepted update until it is handled, once, in order per chat', async () => {
    await acceptUpdate(h.deps.store, msg(1, 'a', 'toi'), h.now());
    await acceptUpdate(h.deps.store, msg(2, 'a', 'trogiup'), h.now());
    await acceptUpdate(h.deps.store, msg(1, 'a', 'toi'), h.now()); // redelivered before handling
    await acceptUpdate(h.deps.store, msg(3, 'b', 'xin chao'), h.now());
    expect(await h.db.select().from(inbox).all()).toHaveLength(4); // the copy waits too, and is dropped when its turn comes
    expect(await h.sent('a', 'telegram')).toEqual([]);

    const p = createInboxProcessor(h.deps);
    expect(await p.processOnce()).toBe(2); // the heads of two chats; 'trogiup' waits behind 'toi'
    expect((await h.sent('a', 'telegram')).map((m) => m.text.split('\n')[0])).toEqual([
      'Đồng chí Phạm Thị Dung',
    ]);
    await p.drain(1000);
    expect((await h.sent('a', 'telegram')).map((m) => m.text.split('\n')[0])).toEqual([
      'Đồng chí Phạm Thị Dung',
      'Các lệnh của đồng chí (gõ có dấu hay không dấu đều được):',
    ]);
    expect(await p.backlog()).toBe(0);

    await acceptUpdate(h.deps.store, msg(1, 'a', 'toi'), h.now()); // redelivered after handling
    await p.drain(1000);
    expect(await h.sent('a', 'telegram')).toHaveLength(2);
    expect(await h.db.select().from(processedKeys).all()).toHaveLength(3);
  });

  it('a row leased by a process that died is taken again after releaseLeases', async () => {
    await acceptUpdate(h.deps.store, msg(7, 'a', 'toi'), h.now());
    await h.commit([h.db.update(inbox).set({ leaseUntil: h.now().getTime() + 60_000 })]);
    const p = createInboxProcessor(h.deps);
    expect(await p.processOnce()).toBe(0);
    await p.releaseLeases();
    expect(await p.processOnce()).toBe(1);
  });
});

describe('an update that cannot be handled', () => {
  it('is tried again while young and given up after ten minutes, so its chat is not blocked', async () => {
    const store = h.deps.store;
    await store.commit([
      h.db.insert(inbox).values({
        updateKey: 'telegram:99',
        chatKey: 'telegram:a',
        payload: '{not json',
        receivedAt: h.now().getTime(),
      }),
    ]);
    await acceptUpdate(store, msg(100, 'a', 'toi'), h.now());
    const p = createInboxProcessor(h.deps, { leaseMs: 1000 });
    await p.processOnce();
    expect(await p.backlog()).toBe(2); // kept, and the chat's next update waits behind it
    h.advance(11 * 60_000);
    await p.drain(1000);
    expect(await p.backlog()).toBe(0);
    expect(await h.sent('a', 'telegram')).toHaveLength(1); // the next update got through
  });
});
