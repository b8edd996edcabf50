/**
 * A reply that takes several platform calls (a long read-back and its numbered menu on Zalo; a
 * chart and its long caption on Telegram) is recorded call by call: a failure on a later call
 * repeats that call only, never the ones the platform already took. Real channels over the local
 * fake APIs, the real dispatcher and SQLite.
 */
import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeDatabase } from '../../db/sqlite';
import { createTelegramChannel } from '../../src/channels/telegram/channel';
import { createZaloChannel } from '../../src/channels/zalo/channel';
import { createZaloApi } from '../../src/channels/zalo/client';
import { channels as vi } from '../../src/messages/vi/channels';
import { createDispatcher } from '../../src/outbox/dispatcher';
import { type FakeTelegram, startFakeTelegram } from '../support/fake-telegram';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo';
import { fakeClock, memoryDb, put } from './support';

let db: NodeDatabase;
let zalo: FakeZalo | undefined;
let tg: FakeTelegram | undefined;
afterEach(async () => {
  db?.close();
  await zalo?.close();
  await tg?.close();
  zalo = undefined;
  tg = undefined;
});

describe('a reply of several platform calls', () => {
  it('on Zalo, a 429 on the numbered menu repeats the menu, not the 1,975-character read-back', async () => {
    db = memoryDb();
    zalo = await startFakeZalo();
    const clock = fakeClock();
    const channel = createZaloChannel(
      createZaloApi({ token: zalo.token, apiRoot: zalo.url, timeoutMs: 2_000 }),
    );
    const dispatcher = createDispatcher({
      store: db.store,
      channels: { zalo: channel },
      now: clock.now,
      random: () => 0,
      sleep: async (ms) => clock.advance(ms),
    });
    const readBack = `Đồng chí kiểm tra lại biên bản:\n${'Có mặt 23/27, vắng có lý do 3. '.repeat(70)}`.slice(
      0,
      1_975,
    );
    const buttons = [
      [{ label: 'Lưu', data: 'save' }],
      [{ label: 'Sửa', data: 'edit' }],
      [{ label: 'Hủy', data: 'x' }],
    ];
    await put(db, clock, 'zalo', 'zc1', { text: readBack, buttons });
    zalo.failNext(
      'sendMessage',
      { kind: 'ok', result: { message_id: 'm1', date: 1 } },
      { kind: 'api', errorCode: 429, description: 'Quota exceeded' },
    );

    await dispatcher.drain({ budgetMs: 120_000 });

    const texts = zalo.callsTo('sendMessage').map((c) => (c.body as { text: string }).text);
    const menu = `1. Lưu\n2. Sửa\n3. Hủy\n${vi.replyWithNumber(3)}`;
    expect(texts).toEqual([readBack, menu, menu]);
  });

  it('on Telegram, a 500 on the long caption after the chart repeats the caption, not the chart', async () => {
    db = memoryDb();
    tg = await startFakeTelegram();
    const clock = fakeClock();
    const channel = createTelegramChannel(new Api('123:abc', { apiRoot: tg.url }));
    const dispatcher = createDispatcher({
      store: db.store,
      channels: { telegram: channel },
      now: clock.now,
      random: () => 0,
      sleep: async (ms) => clock.advance(ms),
    });
    const caption = 'Tổng hợp quý 4: '.padEnd(1_500, '.');
    await put(db, clock, 'telegram', '42', { text: '', photo: { base64: btoa('\x89PNG\r\n'), caption } });
    tg.failNext('sendMessage', { kind: 'error', status: 500, description: 'Internal Server Error' });

    await dispatcher.drain({ budgetMs: 60_000 });

    expect(tg.allCalls.map((c) => c.method)).toEqual(['sendPhoto', 'sendMessage', 'sendMessage']);
    expect(tg.callsTo('sendPhoto')).toHaveLength(1);
    expect(tg.callsTo('sendMessage').map((c) => c.body.text)).toEqual([caption]);
    expect(tg.refusedTo('sendMessage')).toHaveLength(1);
  });
});
