/**
 * Telegram as it really behaves, end to end: updates shaped as Telegram sends them (group commands
 * only as privacy mode lets them through, button presses, membership changes, supergroup migration,
 * edits) go into the real webhook, and the real runtime answers through the local fake Bot API,
 * which answers with Telegram's own error descriptions. docs/platforms.md says where each
 * behaviour relied on here is verified.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { Api } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatIdentities, groupLinks, outbox, platformHealth } from '../../db/schema';
import { TELEGRAM_ALLOWED_UPDATES, telegramToIncoming } from '../../src/channels/telegram/incoming';
import { setWebhooks } from '../../src/cli/set-webhook';
import { common } from '../../src/messages/vi';
import { channels as vi } from '../../src/messages/vi/channels';
import { groups } from '../../src/messages/vi/groups';
import { planInvite } from '../../src/operator/invite';
import { enqueue } from '../../src/outbox/enqueue';
import { createPlatforms } from '../../src/platforms';
import {
  deliveredInPrivacyMode,
  eventually,
  type FakeTelegram,
  migrationUpdates,
  myChatMember,
  startFakeTelegram,
  telegramMessage,
} from '../support/fake-telegram';
import { linkOne, seedOrg } from '../support/org';
import { type PlatformRuntime, startPlatformRuntime } from '../support/platform-runtime';

let tg: FakeTelegram;
let p: PlatformRuntime;
let nextUpdate = 10_000;
const db = () => p.rt.database.store.db;

beforeAll(async () => {
  tg = await startFakeTelegram({ botUsername: 'chibo_bot' });
  p = await startPlatformRuntime({ tg, env: { TELEGRAM_BOT_USERNAME: 'chibo_bot' } });
  await seedOrg(p.rt.database.store, new Date());
  await linkOne(
    p.rt.database.store,
    {
      id: 'dung',
      name: 'Phạm Thị Dung',
      platform: 'telegram',
      externalId: '301',
      role: 'coordinator',
      unit: 'XA1',
    },
    new Date(),
  );
});
afterAll(async () => {
  await p.close({ remove: true });
  await tg.close();
});
// Each case starts with a fresh breaker window: the cases below refuse more chats in a minute than
// the breaker believes (test/outbox/platform-failures.test.ts covers it).
beforeEach(async () => {
  await p.rt.database.store.commit([db().delete(platformHealth)]);
});

async function groupCode(unit = 'XA1'): Promise<string> {
  const plan = await planInvite(
    db(),
    { unit, role: 'group', group: true },
    new Date(),
    () => crypto.randomUUID(),
    14,
  );
  if ('error' in plan) throw new Error(plan.error);
  await p.rt.database.store.commit(plan.writes);
  return plan.code;
}

const textsTo = (chatId: number) =>
  tg
    .callsTo('sendMessage')
    .filter((c) => c.body.chat_id === chatId)
    .map((c) => String(c.body.text));
const activeLink = (chatId: string) =>
  db()
    .select()
    .from(groupLinks)
    .where(and(eq(groupLinks.chatId, chatId), isNull(groupLinks.unlinkedAt)))
    .get();

/** Posts a group message the way Telegram would deliver it to a bot in privacy mode, or not at all. */
async function inGroup(chatId: number, userId: number, text: string): Promise<boolean> {
  if (!deliveredInPrivacyMode(text, 'chibo_bot')) return false;
  expect(await p.telegram(telegramMessage({ updateId: nextUpdate++, userId, chatId, text }))).toBe(200);
  return true;
}

describe('groups, as privacy mode delivers them', () => {
  it('says what works when added to a group, and links with /batdau@bot', async () => {
    const group = -1000111;
    await p.telegram(
      myChatMember({ updateId: nextUpdate++, userId: 301, chatId: group, from: 'left', to: 'member' }),
    );
    await p.settle();
    const [hint] = textsTo(group);
    expect(hint).toContain('/batdau@chibo_bot MÃ');

    const code = await groupCode();
    // Plain "batdau CODE" never reaches a bot in privacy mode; the hint's form does.
    expect(await inGroup(group, 301, `batdau ${code}`)).toBe(false);
    expect(await inGroup(group, 301, `/batdau@chibo_bot ${code}`)).toBe(true);
    await p.settle();
    expect(await activeLink(String(group))).toBeDefined();
    expect(textsTo(group).at(-1)).toContain(vi.automatedNotice);
  });

  it('offers the startgroup link for a group code sent privately, and links from the /start@bot it sends', async () => {
    const code = await groupCode();
    await p.telegram(telegramMessage({ updateId: nextUpdate++, userId: 301, text: `/batdau ${code}` }));
    await p.settle();
    expect(textsTo(301).at(-1)).toContain(`https://t.me/chibo_bot?startgroup=${code}`);

    // Following the link adds the bot and sends "/start@chibo_bot CODE" in the chosen group.
    const group = -1000222;
    expect(await inGroup(group, 301, `/start@chibo_bot ${code}`)).toBe(true);
    await p.settle();
    expect(await activeLink(String(group))).toBeDefined();
  });

  it('ignores a command addressed to another bot', async () => {
    const group = -1000111;
    const before = tg.callsTo('sendMessage').length;
    // Delivered when privacy mode is off or the bot is an admin; still not for us.
    await p.telegram(
      telegramMessage({ updateId: nextUpdate++, userId: 301, chatId: group, text: '/toi@otherbot' }),
    );
    await p.settle();
    expect(tg.callsTo('sendMessage')).toHaveLength(before);
  });
});

describe('messages sent as a chat, not by a person', () => {
  /** A group message as Telegram delivers it when it is sent as the group or a channel. */
  const asChat = (chatId: number, text: string, sender: 'anonymous admin' | 'linked channel') => ({
    update_id: nextUpdate++,
    message: {
      message_id: nextUpdate,
      date: 1764126000,
      chat: { id: chatId, type: 'supergroup', title: 'Chi bộ' },
      ...(sender === 'anonymous admin'
        ? {
            from: { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' },
            sender_chat: { id: chatId, type: 'supergroup', title: 'Chi bộ' },
          }
        : {
            from: { id: 777000, is_bot: false, first_name: 'Telegram' },
            sender_chat: { id: -1002777, type: 'channel', title: 'Kênh xã' },
            is_automatic_forward: true,
          }),
      text,
    },
  });

  it('an anonymous admin is told to write as themselves, and the code is not used', async () => {
    const group = -1004100;
    const code = await groupCode();
    expect(await p.telegram(asChat(group, `/batdau@chibo_bot ${code}`, 'anonymous admin'))).toBe(200);
    await p.settle();
    expect(await activeLink(String(group))).toBeUndefined();
    expect(textsTo(group)).toEqual([groups.anonymousSender]);

    await inGroup(group, 301, `/batdau@chibo_bot ${code}`);
    await p.settle();
    expect(await activeLink(String(group))).toBeDefined();
  });

  it('a linked channel’s post forwarded into the group acts for nobody', async () => {
    const group = -1004200;
    const code = await groupCode();
    expect(await p.telegram(asChat(group, `/batdau@chibo_bot ${code}`, 'linked channel'))).toBe(200);
    await p.settle();
    expect(await activeLink(String(group))).toBeUndefined();
    expect(textsTo(group)).toEqual([]);
  });
});

describe('a supergroup with topics', () => {
  const forum = -1009001;
  const repliesIn = (chatId: number) => tg.callsTo('sendMessage').filter((c) => c.body.chat_id === chatId);

  it('answers a command in the topic it was typed in, and a message in General in General', async () => {
    tg.forum(forum, [77]);
    await inGroup(forum, 301, `/batdau@chibo_bot ${await groupCode()}`);
    await p.settle();
    const before = repliesIn(forum).length;
    const post = (text: string, thread: { id: number; topic: boolean }) =>
      p.telegram(telegramMessage({ updateId: nextUpdate++, userId: 301, chatId: forum, text, thread }));

    await post('/trogiup@chibo_bot', { id: 77, topic: true });
    await p.settle();
    expect(
      repliesIn(forum)
        .slice(before)
        .map((c) => c.body.message_thread_id),
    ).toEqual([77]);

    // A reply in General carries a thread id too; sending to it would be refused.
    await post('/trogiup@chibo_bot', { id: 5, topic: false });
    await p.settle();
    const general = repliesIn(forum).slice(before + 1);
    expect(general).toHaveLength(1);
    expect(general[0]!.body).not.toHaveProperty('message_thread_id');
  });

  it('answers in General when the topic was deleted in the meantime', async () => {
    const before = repliesIn(forum).length;
    await p.telegram(
      telegramMessage({
        updateId: nextUpdate++,
        userId: 301,
        chatId: forum,
        text: '/trogiup@chibo_bot',
        thread: { id: 88, topic: true },
      }),
    );
    await p.settle();
    expect(tg.refusedTo('sendMessage').some((c) => c.body.message_thread_id === 88)).toBe(true);
    const sent = repliesIn(forum).slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).not.toHaveProperty('message_thread_id');
  });
});

describe('a group upgraded to a supergroup', () => {
  it('keeps its link when the migration service messages arrive', async () => {
    const code = await groupCode();
    await inGroup(-4001, 301, `/batdau@chibo_bot ${code}`);
    await p.settle();
    for (const update of migrationUpdates(nextUpdate, 301, -4001, -1004001)) await p.telegram(update);
    nextUpdate += 2;
    await p.settle();
    expect(await activeLink('-4001')).toBeUndefined();
    expect(await activeLink('-1004001')).toBeDefined();
  });

  it('moves the link on the new supergroup’s message alone, sent as the group by GroupAnonymousBot', async () => {
    await inGroup(-4003, 301, `/batdau@chibo_bot ${await groupCode()}`);
    await p.settle();
    const [, inSupergroup] = migrationUpdates(nextUpdate, 301, -4003, -1004003);
    nextUpdate += 2;
    expect(await p.telegram(inSupergroup)).toBe(200);
    await p.settle();
    expect(await activeLink('-4003')).toBeUndefined();
    expect(await activeLink('-1004003')).toBeDefined();
    expect(textsTo(-1004003)).toEqual([]);
  });

  it('follows migrate_to_chat_id when a send finds the old id gone', async () => {
    const code = await groupCode();
    await inGroup(-4002, 301, `/batdau@chibo_bot ${code}`);
    await p.settle();
    tg.migrate(-4002, -1004002);
    await p.rt.database.store.commit(
      enqueue(db(), { platform: 'telegram', chatId: '-4002' }, { text: 'Tổng hợp tuần' }, new Date()),
    );
    await p.settle();
    expect(textsTo(-1004002)).toEqual(['Tổng hợp tuần']);
    expect(await activeLink('-1004002')).toBeDefined();
  });
});

describe('Telegram’s error answers', () => {
  /** A person linked on Telegram only, with one message waiting for them. */
  async function personWith(id: number, text: string) {
    await linkOne(p.rt.database.store, {
      id: `p${id}`,
      name: `Bí thư ${id}`,
      platform: 'telegram',
      externalId: String(id),
      role: 'secretary',
      unit: 'CB1',
    });
    await p.rt.database.store.commit(
      enqueue(db(), { platform: 'telegram', chatId: String(id), personId: `p${id}` }, { text }, new Date()),
    );
  }
  const identity = (id: number) =>
    db()
      .select()
      .from(chatIdentities)
      .where(eq(chatIdentities.chatId, String(id)))
      .get();
  const row = (text: string) =>
    db()
      .select()
      .from(outbox)
      .where(eq(outbox.payload, JSON.stringify({ text })))
      .get();

  it.each([
    ['blocked the bot', (id: number) => tg.block(id), 'Forbidden: bot was blocked by the user'],
    ['deleted the account', (id: number) => tg.deactivate(id), 'Forbidden: user is deactivated'],
    ['never started the bot', (id: number) => tg.forget(id), 'Bad Request: chat not found'],
  ])('a person who %s is marked unreachable with the reason', async (_, refuse, reason) => {
    const id = 400 + nextUpdate++;
    refuse(id);
    await personWith(id, `tin cho ${id}`);
    await p.settle();
    expect(await identity(id)).toMatchObject({ unreachableReason: expect.stringContaining(reason) });
    expect(await row(`tin cho ${id}`)).toMatchObject({ status: 'failed' });
  });

  it.each([
    ['the bot was kicked', (id: number) => tg.kick(id)],
    ['the bot may not write', (id: number) => tg.restrict(id)],
  ])('a group where %s is unlinked, as unreachable', async (_, refuse) => {
    const group = -2_000_000 - nextUpdate++;
    const code = await groupCode();
    await inGroup(group, 301, `/batdau@chibo_bot ${code}`);
    await p.settle();
    refuse(group);
    await p.rt.database.store.commit(
      enqueue(
        db(),
        { platform: 'telegram', chatId: String(group) },
        { text: `tổng hợp ${group}` },
        new Date(),
      ),
    );
    await p.settle();
    expect(await activeLink(String(group))).toBeUndefined();
    const link = await db()
      .select()
      .from(groupLinks)
      .where(eq(groupLinks.chatId, String(group)))
      .get();
    expect(link!.unlinkReason).toBe('unreachable');
  });

  it('an answer a group refuses reaches the person who asked, privately, and the group is unlinked', async () => {
    const group = -2_600_000 - nextUpdate++;
    await inGroup(group, 301, `/batdau@chibo_bot ${await groupCode()}`);
    await p.settle();
    tg.restrict(group);
    const before = textsTo(301).length;
    await inGroup(group, 301, '/trogiup@chibo_bot');
    await p.settle();
    expect(textsTo(301).slice(before)).toHaveLength(1);
    const link = await db()
      .select()
      .from(groupLinks)
      .where(eq(groupLinks.chatId, String(group)))
      .get();
    expect(link).toMatchObject({ unlinkReason: 'unreachable' });
    expect(await identity(301)).toMatchObject({ unreachableAt: null });
  });

  it('a group that forbids pictures keeps its link and gets the chart in words', async () => {
    const group = -2_500_000 - nextUpdate++;
    await inGroup(group, 301, `/batdau@chibo_bot ${await groupCode()}`);
    await p.settle();
    tg.restrictMedia(group);
    await p.rt.database.store.commit(
      enqueue(
        db(),
        { platform: 'telegram', chatId: String(group) },
        { text: '', photo: { base64: 'iVBORw0KGgo=', caption: `Biểu đồ ${group}` } },
        new Date(),
      ),
    );
    await p.settle();
    expect(tg.refusedTo('sendPhoto').some((c) => c.body.chat_id === String(group))).toBe(true);
    expect(textsTo(group).at(-1)).toBe(`Biểu đồ ${group}\n\n${vi.photoNotAvailable}`);
    expect(await activeLink(String(group))).toBeDefined();
  });

  it('a lost group comes back when someone writes there, or when the bot is added back', async () => {
    const byWriting = -3_000_000 - nextUpdate++;
    const byRejoining = -3_000_000 - nextUpdate++;
    for (const group of [byWriting, byRejoining]) {
      await inGroup(group, 301, `/batdau@chibo_bot ${await groupCode()}`);
      await p.settle();
      tg.kick(group);
      await p.rt.database.store.commit(
        enqueue(db(), { platform: 'telegram', chatId: String(group) }, { text: `nhắc ${group}` }, new Date()),
      );
    }
    await p.settle();
    expect(await activeLink(String(byWriting))).toBeUndefined();
    expect(await activeLink(String(byRejoining))).toBeUndefined();

    tg.unblock(byWriting);
    await inGroup(byWriting, 301, '/trogiup@chibo_bot');
    tg.unblock(byRejoining);
    await p.telegram(
      myChatMember({ updateId: nextUpdate++, userId: 301, chatId: byRejoining, from: 'left', to: 'member' }),
    );
    await p.settle();
    expect(await activeLink(String(byWriting))).toBeDefined();
    expect(await activeLink(String(byRejoining))).toBeDefined();
    expect(textsTo(byRejoining).at(-1)).toContain('chibo đã trở lại nhóm');
  });

  it('a message Telegram refuses as a bad request fails alone: nobody is marked', async () => {
    await personWith(480, 'quá dài');
    tg.failNext('sendMessage', {
      kind: 'error',
      status: 400,
      description: 'Bad Request: message is too long',
    });
    await p.settle();
    expect(await row('quá dài')).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('bad_request'),
    });
    expect(await identity(480)).toMatchObject({ unreachableAt: null });
  });

  it('a picture Telegram cannot fetch is replaced by its caption in words', async () => {
    await linkOne(
      p.rt.database.store,
      {
        id: 'p481',
        name: 'Bí thư 481',
        platform: 'telegram',
        externalId: '481',
        role: 'secretary',
        unit: 'CB1',
      },
      new Date(),
    );
    // PUBLIC_URL is not set here: a media-id picture cannot be sent by URL at all.
    await p.rt.database.store.commit(
      enqueue(
        db(),
        { platform: 'telegram', chatId: '481', personId: 'p481' },
        { text: '', photo: { mediaId: 'x', caption: 'Biểu đồ' } },
        new Date(),
      ),
    );
    await p.settle();
    expect(textsTo(481)).toEqual([`Biểu đồ\n\n${vi.photoNotAvailable}`]);
    expect(await identity(481)).toMatchObject({ unreachableAt: null });
  });

  it('a retry_after of 100,000 s is waited for 10 minutes at most, and /healthz shows it', async () => {
    await personWith(483, 'đừng đợi cả ngày');
    tg.failNext('sendMessage', {
      kind: 'error',
      status: 429,
      description: 'Too Many Requests: retry after 100000',
      retryAfter: 100_000,
    });
    const before = Date.now();
    await p.settle();
    const waiting = await row('đừng đợi cả ngày');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting!.nextAttemptAt - before).toBeLessThanOrEqual(600_000 + 1_000);
    const health = await p.health();
    expect(health.retryAfterCapSeconds).toBe(600);
    expect(health.platforms.telegram.retryAfterCapped).toMatchObject({ askedSeconds: 100_000 });
    // Still sending normally meanwhile.
    expect(health.platforms.telegram.status).toBe('ok');
  });

  it('429 with retry_after and 5xx are waited out, then delivered once', async () => {
    await personWith(482, 'kiên nhẫn');
    tg.failNext(
      'sendMessage',
      { kind: 'error', status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 },
      { kind: 'error', status: 502, description: 'Bad Gateway' },
    );
    await eventually(async () => {
      await p.settle();
      return textsTo(482).length === 1;
    }, 15_000);
    expect(await row('kiên nhẫn')).toMatchObject({ status: 'sent', attempts: 3 });
  }, 20_000);
});

describe('buttons, edits, menus', () => {
  it('answers a pressed button at once, before its reply is even handled', async () => {
    const update = tg.callbackUpdate({ updateId: nextUpdate++, userId: 301, data: 'x:1' });
    expect(await p.telegram(update)).toBe(200);
    const answered = await eventually(() => tg.callsTo('answerCallbackQuery')[0]);
    expect(answered.body.callback_query_id).toBe((update.callback_query as { id: string }).id);
    // The same press delivered again: Telegram refuses a second answer; the webhook still answers 200.
    expect(await p.telegram(update)).toBe(200);
    await eventually(() => tg.refusedTo('answerCallbackQuery').length === 1);
    await p.settle();
  });

  it('a button pressed long ago: Telegram refuses the answer, the press is still handled, nobody is marked', async () => {
    const stale = tg.callbackUpdate({ updateId: nextUpdate++, userId: 301, data: 'x:2' });
    // Answered already (or expired after ~15 minutes): Telegram says "query is too old".
    await p.rt.deps.channels.telegram!.acknowledge!((stale.callback_query as { id: string }).id);
    const refusedBefore = tg.refusedTo('answerCallbackQuery').length;
    expect(await p.telegram(stale)).toBe(200);
    await eventually(() => tg.refusedTo('answerCallbackQuery').length === refusedBefore + 1);
    await p.settle();
    expect(textsTo(301).at(-1)).toBe(common.choiceExpired);
    const me = await db().select().from(chatIdentities).where(eq(chatIdentities.chatId, '301')).get();
    expect(me).toMatchObject({ unreachableAt: null });
  });

  it('sends names as typed, markup characters and all: no parse mode, nothing Telegram could fail to parse', async () => {
    const name = '<b>Lê</b> & Bá_x_ *Tám* [1](x)';
    await linkOne(p.rt.database.store, {
      id: 'markup',
      name,
      platform: 'telegram',
      externalId: '490',
      role: 'secretary',
      unit: 'CB1',
    });
    await p.telegram(telegramMessage({ updateId: nextUpdate++, userId: 490, text: '/toi' }));
    await p.settle();
    const [sent] = tg.callsTo('sendMessage').filter((c) => c.body.chat_id === 490);
    expect(String(sent!.body.text)).toContain(name);
    expect(sent!.body).not.toHaveProperty('parse_mode');
    expect(tg.refusedTo('sendMessage').filter((c) => c.body.chat_id === 490)).toEqual([]);
    // What the same text would meet with a parse mode and no escaping:
    const api = new Api('123:platform-token', { apiRoot: tg.url });
    for (const parse_mode of ['HTML', 'MarkdownV2'] as const)
      await expect(api.sendMessage(490, name, { parse_mode })).rejects.toThrow("can't parse entities");
  });

  it('a button pressed in a group (groups get no buttons: an old or forged one) acts for nobody', async () => {
    const group = -1004300;
    await inGroup(group, 301, `/batdau@chibo_bot ${await groupCode()}`);
    await p.settle();
    const before = tg.callsTo('sendMessage').length;
    const press = tg.callbackUpdate({ updateId: nextUpdate++, userId: 301, chatId: group, data: 'next' });
    expect(await p.telegram(press)).toBe(200);
    await eventually(() =>
      tg
        .callsTo('answerCallbackQuery')
        .some((c) => c.body.callback_query_id === (press.callback_query as { id: string }).id),
    );
    await p.settle();
    expect(tg.callsTo('sendMessage')).toHaveLength(before);
  });

  it('answers an edited command without acting on it', async () => {
    await p.telegram(
      telegramMessage({
        updateId: nextUpdate++,
        userId: 301,
        text: '/moi bithu CB1 Lê Văn Tám',
        edited: true,
      }),
    );
    await p.settle();
    expect(textsTo(301).at(-1)).toBe(vi.editedNotRead);
  });

  it('set-webhook registers HTTPS with the secret and the handled update types, and both menus in both languages', async () => {
    const out: string[] = [];
    const platforms = createPlatforms(p.rt.deps.config);
    const refused = await setWebhooks('http://bot.example.gov.vn', platforms, p.rt.deps.config, (l) =>
      out.push(l),
    );
    expect(refused).toMatchObject({ error: expect.stringContaining('HTTPS') });
    expect(tg.callsTo('setWebhook')).toEqual([]);

    expect(
      await setWebhooks('https://bot.example.gov.vn/', platforms, p.rt.deps.config, (l) => out.push(l)),
    ).toEqual({
      ok: true,
    });
    expect(tg.webhook).toEqual({
      url: 'https://bot.example.gov.vn/webhook/telegram',
      allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
      secret_token: p.rt.deps.config.TELEGRAM_WEBHOOK_SECRET,
    });
    expect([...tg.menus.keys()].sort()).toEqual([
      'all_group_chats/',
      'all_group_chats/vi',
      'all_private_chats/',
      'all_private_chats/vi',
    ]);
    const inGroups = tg.menus.get('all_group_chats/vi')!.map((c) => c.command);
    expect(inGroups).toContain('batdau');
    expect(inGroups).not.toContain('baocao');
    expect(tg.menus.get('all_private_chats/')!.map((c) => c.command)).toContain('baocao');
  });

  it('asks only for update types it reads', () => {
    const samples: Record<(typeof TELEGRAM_ALLOWED_UPDATES)[number], unknown> = {
      message: telegramMessage({ updateId: 1, userId: 9, text: 'toi' }),
      edited_message: telegramMessage({ updateId: 2, userId: 9, text: 'toi', edited: true }),
      callback_query: tg.callbackUpdate({ updateId: 3, userId: 9, data: 'x' }),
      my_chat_member: myChatMember({ updateId: 4, userId: 9, from: 'member', to: 'kicked' }),
    };
    for (const type of TELEGRAM_ALLOWED_UPDATES)
      expect(telegramToIncoming(samples[type])).toMatchObject({ platform: 'telegram' });
  });
});
