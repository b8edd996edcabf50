/**
 * The bot token is revoked in the middle of sending (BotFather /revoke, a reset in Zalo Bot
 * Creator): nothing is marked unreachable, no group is unlinked, no message is lost, /healthz says
 * which platform is degraded and why, and with the new token every waiting message goes out once.
 * The real Node runtime over the local fake APIs, which answer a revoked token like the platforms do.
 */
import { eq, isNotNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { chatIdentities, groupLinks, outbox } from '../../db/schema';
import type { Platform } from '../../src/channels/types';
import { enqueue } from '../../src/outbox/enqueue';
import { type FakeTelegram, startFakeTelegram } from '../support/fake-telegram';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo';
import { linkOne, seedOrg } from '../support/org';
import { type PlatformRuntime, startPlatformRuntime } from '../support/platform-runtime';

const PEOPLE = 12;
let open: PlatformRuntime[] = [];
let tg: FakeTelegram | undefined;
let zalo: FakeZalo | undefined;
afterEach(async () => {
  for (const p of open) await p.close({ remove: true }).catch(() => {});
  open = [];
  await tg?.close();
  await zalo?.close();
  tg = zalo = undefined;
});

/** PEOPLE secretaries linked on the platform, a linked group, and one reminder waiting for each. */
async function seed(p: PlatformRuntime, platform: Platform, chatOf: (i: number) => string, group: string) {
  const { store } = p.rt.database;
  const now = new Date();
  await seedOrg(store, now);
  for (let i = 0; i < PEOPLE; i++)
    await linkOne(
      store,
      { id: `p${i}`, name: `Bí thư ${i}`, platform, externalId: chatOf(i), role: 'secretary', unit: 'CB1' },
      now,
    );
  const unit = await unitByCode(store.db, 'XA1');
  await store.commit([
    store.db.insert(groupLinks).values({ id: 'g1', platform, chatId: group, unitId: unit!.id, linkedAt: 0 }),
    ...Array.from({ length: PEOPLE }, (_, i) =>
      enqueue(
        store.db,
        { platform, chatId: chatOf(i), personId: `p${i}` },
        { text: `Nhắc họp chi bộ ${i}` },
        now,
      ),
    ).flat(),
    ...enqueue(store.db, { platform, chatId: group }, { text: 'Tổng hợp tuần' }, now),
  ]);
}

async function expectNothingMarkedOrLost(p: PlatformRuntime) {
  const db = p.rt.database.store.db;
  expect(await db.select().from(chatIdentities).where(isNotNull(chatIdentities.unreachableAt)).all()).toEqual(
    [],
  );
  expect((await db.select().from(groupLinks).get())!.unlinkedAt).toBeNull();
  expect(await db.select().from(outbox).where(eq(outbox.status, 'failed')).all()).toEqual([]);
}

describe('a bot token revoked mid-dispatch', () => {
  it('Telegram: halts sending, marks nobody, says so in /healthz, and resumes with the new token', async () => {
    tg = await startFakeTelegram();
    const first = await startPlatformRuntime({ tg, telegramToken: '123:old-token' });
    open.push(first);
    await seed(first, 'telegram', (i) => String(7_000 + i), '-1007000');
    tg.revokeTokenAfter('123:old-token', 4);

    await first.settle();

    expect(tg.callsTo('sendMessage')).toHaveLength(4);
    await expectNothingMarkedOrLost(first);
    const pending = await first.rt.database.store.db
      .select()
      .from(outbox)
      .where(eq(outbox.status, 'pending'))
      .all();
    expect(pending).toHaveLength(PEOPLE + 1 - 4);
    const health = await first.health();
    expect(health).toMatchObject({ status: 'degraded', database: true, outboxBacklog: PEOPLE + 1 - 4 });
    expect(health.platforms.telegram).toMatchObject({ status: 'halted', cause: 'setup' });
    expect(health.platforms.telegram.error).toContain('401: Unauthorized');
    expect(health.platforms.telegram.error).not.toContain('old-token');
    expect(first.logs.some((l) => l.level === 'error' && l.msg === 'platform.halted')).toBe(true);
    await first.close();
    open = [];

    // The operator puts the new token in and restarts: a check passes, everything waiting goes out.
    const second = await startPlatformRuntime({ tg, telegramToken: '123:new-token', file: first.file });
    open.push(second);
    await second.settle();
    await expectNothingMarkedOrLost(second);
    const texts = tg.callsTo('sendMessage').map((c) => `${c.body.chat_id} ${c.body.text}`);
    expect(texts).toHaveLength(PEOPLE + 1);
    expect(new Set(texts).size).toBe(PEOPLE + 1);
    expect(await second.health()).toMatchObject({
      status: 'ok',
      outboxBacklog: 0,
      platforms: { telegram: { status: 'ok' } },
    });
  }, 60_000);

  it('Zalo: the same when the token is reset in Bot Creator', async () => {
    zalo = await startFakeZalo({ token: '4242:old-zalo-token' });
    const first = await startPlatformRuntime({ zalo });
    open.push(first);
    await seed(first, 'zalo', (i) => `zc${i}`, 'zg1');
    zalo.rotateTokenAfter(3, '4242:new-zalo-token');

    await first.settle();

    expect(zalo.delivered()).toHaveLength(3);
    await expectNothingMarkedOrLost(first);
    const health = await first.health();
    expect(health.status).toBe('degraded');
    expect(health.platforms.zalo).toMatchObject({ status: 'halted', cause: 'setup' });
    expect(health.platforms.zalo.error).toContain('401');
    await first.close();
    open = [];

    const second = await startPlatformRuntime({ zalo, file: first.file });
    open.push(second);
    await second.settle();
    await expectNothingMarkedOrLost(second);
    const texts = zalo.delivered().map((c) => JSON.stringify(c.body));
    expect(texts).toHaveLength(PEOPLE + 1);
    expect(new Set(texts).size).toBe(PEOPLE + 1);
    expect((await second.health()).platforms.zalo).toEqual({ status: 'ok' });
  }, 60_000);
});
