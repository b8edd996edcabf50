/**
 * Delivery fallback end to end: a committee reminder written by the real scheduler, sent by the real
 * dispatcher through the real Telegram and Zalo channels to local fakes of both APIs, one of which
 * refuses. The refused group falls back to members privately, the refused person to their other
 * platform (once), and the next reminder avoids both.
 */
import { eq } from 'drizzle-orm';
import { Bot } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { auditLog, chatIdentities, groupLinks, outbox } from '../../db/schema';
import { createTelegramChannel } from '../../src/channels/telegram/channel';
import { createZaloChannel } from '../../src/channels/zalo/channel';
import { createZaloApi } from '../../src/channels/zalo/client';
import { createDispatcher } from '../../src/outbox/dispatcher';
import { createFallback } from '../../src/outbox/fallback';
import { meetingJobs } from '../../src/scheduler/meetings';
import { tick } from '../../src/scheduler/tick';
import { type FakeTelegram, startFakeTelegram } from '../support/fake-telegram';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo';
import { createHarness, type Harness } from '../support/harness';

const local = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);

let h: Harness;
let tg: FakeTelegram;
let zalo: FakeZalo;

beforeEach(async () => {
  h = await createHarness('2026-11-29T03:00:00Z');
  tg = await startFakeTelegram();
  zalo = await startFakeZalo({ token: '77:zalo' });
});
afterEach(async () => {
  await tg.close();
  await zalo.close();
  h.close();
});

function dispatcher() {
  const bot = new Bot('123:e2e', {
    botInfo: {
      id: 1,
      is_bot: true,
      first_name: 'chibo',
      username: 'chibo_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    },
    client: { apiRoot: tg.url },
  });
  return createDispatcher({
    store: h.deps.store,
    channels: {
      telegram: createTelegramChannel(bot.api),
      zalo: createZaloChannel(createZaloApi({ token: zalo.token, apiRoot: zalo.url, timeoutMs: 2_000 })),
    },
    now: () => h.now(),
    onGiveUp: createFallback(h.db, h.deps.newId),
  });
}

const textsTo = (calls: { body: unknown }[], chatId: string) =>
  calls
    .map((c) => c.body as { chat_id?: unknown; text?: string })
    .filter((b) => String(b.chat_id) === chatId)
    .map((b) => b.text ?? '');

describe('delivery fallback through the real channels', () => {
  it('a refused Zalo group and a blocked Telegram chat each fall back once, and later reminders avoid them', async () => {
    await h.unit('XQS', 'Đảng ủy xã Quan Sơn', 'commune');
    const xqs = await unitByCode(h.db, 'XQS');
    const hoa = await h.person('501', 'Lương Thị Hoa', [{ role: 'committee', unit: 'XQS' }], 'telegram');
    await h.person('zc-bt', 'Hà Văn Bí', [{ role: 'secretary', unit: 'XQS' }], 'zalo');
    await h.commit([
      h.db.insert(chatIdentities).values({
        id: 'z-hoa',
        platform: 'zalo',
        externalId: 'zu-501',
        chatId: 'zc-501',
        personId: hoa,
        linkedAt: 0,
      }),
      h.db
        .insert(groupLinks)
        .values({ id: 'g1', platform: 'zalo', chatId: 'zg-1', unitId: xqs!.id, mode: 'group', linkedAt: 0 }),
    ]);
    await h.say('zc-bt', 'lich XQS 3/12 14h tai hoi truong', { platform: 'zalo' });
    await h.say('zc-bt', '1', { platform: 'zalo' });
    const d = dispatcher();
    await d.drain({ budgetMs: 10_000 });
    // The read-back and the confirmation go one per second to the same chat.
    h.advance(2_000);
    await d.drain({ budgetMs: 10_000 });
    const before = { tg: tg.callsTo('sendMessage').length, zalo: zalo.callsTo('sendMessage').length };

    // 3 days before: only the group (mode 'group'); Zalo cannot post there, Hoa blocked the bot on Telegram.
    // Zalo documents no "blocked" code; 404 "invalid access" with a working token is read as this
    // chat refusing (docs/platforms.md).
    zalo.failNext('sendMessage', { kind: 'api', errorCode: 404, description: 'Not Found' });
    tg.failNext('sendMessage', {
      kind: 'error',
      status: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    h.setNow(local('2026-11-30 07:00'));
    await tick(h.deps, h.now(), meetingJobs);
    await d.drain({ budgetMs: 10_000 });

    const zaloCalls = zalo.callsTo('sendMessage').slice(before.zalo);
    const d3 =
      'Nhắc lịch: còn 3 ngày nữa họp\nĐảng ủy xã Quan Sơn: 14:00 Thứ Năm, 03/12/2026 tại hoi truong — Thường kỳ';
    expect(textsTo(zaloCalls, 'zg-1')).toEqual([d3]);
    // The fake records only the calls it answered; the refused one shows in the outbox row.
    const refused = await h.db.select().from(outbox).where(eq(outbox.status, 'failed')).all();
    expect(refused.map((r) => `${r.platform} ${r.chatId} ${r.lastError}`)).toEqual([
      'zalo zg-1 refused: Zalo sendMessage failed: 404 Not Found',
      "telegram 501 refused: Call to 'sendMessage' failed! (403: Forbidden: bot was blocked by the user)",
    ]);
    expect(tg.callsTo('sendMessage').length).toBe(before.tg);
    // Hoa hears once on Zalo (not once per fallback), the secretary once.
    expect(textsTo(zaloCalls, 'zc-501')).toEqual([d3]);
    expect(textsTo(zaloCalls, 'zc-bt')).toEqual([d3]);
    expect((await h.db.select().from(groupLinks).get())!.unlinkedAt).not.toBeNull();
    const tgIdentity = await h.db
      .select()
      .from(chatIdentities)
      .where(eq(chatIdentities.platform, 'telegram'))
      .get();
    expect(tgIdentity!.unreachableReason).toContain('blocked');
    const why = await h.db.select().from(auditLog).where(eq(auditLog.action, 'group_unreachable')).get();
    expect(why!.detail).toContain('404 Not Found');

    // The day before: the group is unlinked and Hoa's Telegram unreachable, so it goes to Zalo only.
    const mid = { tg: tg.callsTo('sendMessage').length, zalo: zalo.callsTo('sendMessage').length };
    h.setNow(local('2026-12-02 07:00'));
    await tick(h.deps, h.now(), meetingJobs);
    await d.drain({ budgetMs: 10_000 });
    expect(tg.callsTo('sendMessage').length).toBe(mid.tg);
    const later = zalo.callsTo('sendMessage').slice(mid.zalo);
    expect(textsTo(later, 'zg-1')).toEqual([]);
    expect(textsTo(later, 'zc-501')).toHaveLength(1);
    expect(textsTo(later, 'zc-bt')).toHaveLength(1);
  });
});
