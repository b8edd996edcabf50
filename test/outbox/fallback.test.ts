import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { chatIdentities, groupLinks } from '../../db/schema';
import { createDispatcher } from '../../src/outbox/dispatcher';
import { enqueue } from '../../src/outbox/enqueue';
import { createFallback } from '../../src/outbox/fallback';
import { createHarness, type Harness } from '../support/harness';
import { fakeClock, ScriptedChannel } from './support';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-03-02T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
});
afterEach(() => h.close());

function dispatcherWith(tg: ScriptedChannel, zalo: ScriptedChannel, clock: ReturnType<typeof fakeClock>) {
  return createDispatcher({
    store: h.deps.store,
    channels: { telegram: tg, zalo },
    now: () => new Date(clock.ms()),
    sleep: async (ms) => clock.advance(ms),
    onGiveUp: createFallback(h.db, h.deps.newId),
  });
}

describe('delivery fallback between platforms', () => {
  it('a message refused on Telegram (bot blocked) goes to the same person on Zalo, and the chat is marked unreachable', async () => {
    const personId = await h.person(
      'tg-1',
      'Nguyễn Văn An',
      [{ role: 'coordinator', unit: 'XQS' }],
      'telegram',
    );
    await h.commit([
      h.db
        .insert(chatIdentities)
        .values({ id: 'z1', platform: 'zalo', externalId: 'zu1', chatId: 'zc1', personId, linkedAt: 0 }),
    ]);
    const clock = fakeClock(h.now().getTime());
    const tg = new ScriptedChannel('telegram', clock);
    const zalo = new ScriptedChannel('zalo', clock);
    tg.script('Nhắc họp', { kind: 'refused', message: 'Forbidden: bot was blocked by the user' });
    await h.commit(
      enqueue(h.db, { platform: 'telegram', chatId: 'tg-1', personId }, { text: 'Nhắc họp' }, h.now(), {
        dedupeKey: 'r1',
      }),
    );

    await dispatcherWith(tg, zalo, clock).drain({ budgetMs: 10_000 });

    expect(zalo.sentTexts('zc1')).toEqual(['Nhắc họp']);
    const ident = await h.db
      .select()
      .from(chatIdentities)
      .where(eq(chatIdentities.platform, 'telegram'))
      .get();
    expect(ident!.unreachableReason).toContain('blocked');
    const [list] = await h.say('tg-1', 'lienlac', { platform: 'telegram' });
    expect(list!.text).toContain('Nguyễn Văn An — Telegram: Forbidden: bot was blocked by the user');
  });

  it('a linked Zalo group that cannot be posted to falls back to members privately and is unlinked', async () => {
    const unit = await unitByCode(h.db, 'XQS');
    await h.person('zc-m1', 'Lương Thị Hoa', [{ role: 'committee', unit: 'XQS' }], 'zalo');
    await h.commit([
      h.db
        .insert(groupLinks)
        .values({ id: 'g1', platform: 'zalo', chatId: 'zgroup', unitId: unit!.id, linkedAt: 0 }),
    ]);
    const clock = fakeClock(h.now().getTime());
    const tg = new ScriptedChannel('telegram', clock);
    const zalo = new ScriptedChannel('zalo', clock);
    zalo.script('Tổng hợp tuần', { kind: 'refused', message: 'group messaging not available' });
    await h.commit(
      enqueue(h.db, { platform: 'zalo', chatId: 'zgroup' }, { text: 'Tổng hợp tuần' }, h.now(), {
        dedupeKey: 'd1',
      }),
    );

    await dispatcherWith(tg, zalo, clock).drain({ budgetMs: 10_000 });

    expect(zalo.sentTexts('zc-m1')).toEqual(['Tổng hợp tuần']);
    expect((await h.db.select().from(groupLinks).get())!.unlinkedAt).not.toBeNull();
  });

  it('a passing failure (server error) is retried, not redirected', async () => {
    const personId = await h.person('tg-2', 'B', [{ role: 'coordinator', unit: 'XQS' }], 'telegram');
    await h.commit([
      h.db
        .insert(chatIdentities)
        .values({ id: 'z2', platform: 'zalo', externalId: 'zu2', chatId: 'zc2', personId, linkedAt: 0 }),
    ]);
    const clock = fakeClock(h.now().getTime());
    const tg = new ScriptedChannel('telegram', clock);
    const zalo = new ScriptedChannel('zalo', clock);
    tg.script('Tin', { kind: 'server', message: 'Bad Gateway' });
    await h.commit(
      enqueue(h.db, { platform: 'telegram', chatId: 'tg-2', personId }, { text: 'Tin' }, h.now()),
    );
    await dispatcherWith(tg, zalo, clock).drain({ budgetMs: 60_000 });
    expect(tg.sentTexts('tg-2')).toEqual(['Tin']);
    expect(zalo.calls).toEqual([]);
  });
});
