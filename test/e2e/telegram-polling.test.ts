import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/deps';
import { createRuntime, type Runtime } from '../../src/entry/node-runtime';
import { eventually, type FakeTelegram, startFakeTelegram } from '../support/fake-telegram';

let tg: FakeTelegram;
let rt: Runtime;
const errors: { msg: string; data?: Record<string, unknown> }[] = [];
const log: Logger = {
  debug() {},
  info() {},
  warn() {},
  error: (msg, data) => errors.push({ msg, data }),
};

beforeAll(async () => {
  tg = await startFakeTelegram();
  const config = loadConfig({
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'chibo-poll-')), 'p.db'),
    TELEGRAM_BOT_TOKEN: '123:abc',
    TELEGRAM_POLLING: '1',
    TELEGRAM_API_ROOT: tg.url,
    DEMO_DATA: '0',
  });
  rt = await createRuntime(config, { log, cron: false });
  await rt.listen(0);
});
afterAll(async () => {
  await rt.stop();
  await tg.close();
});

describe('long polling (TELEGRAM_POLLING=1)', () => {
  it('reads updates with getUpdates, answers them once, and publishes the command menu', async () => {
    const update = {
      update_id: 5,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: 9, type: 'private' },
        from: { id: 9, is_bot: false, first_name: 'A' },
        text: '/help',
      },
    };
    tg.pushUpdate(update);
    tg.pushUpdate(update); // the same update twice: still one answer
    const sent = await eventually(() => tg.callsTo('sendMessage')[0]);
    expect(String(sent.body.text)).toContain('chưa liên kết');
    const menus = await eventually(() =>
      tg.callsTo('setMyCommands').length === 4 ? tg.callsTo('setMyCommands') : null,
    );
    // The same menu for people whose app is in Vietnamese and for everyone else, per scope.
    expect(
      menus.map((m) => `${(m.body.scope as { type: string }).type}/${m.body.language_code ?? ''}`).sort(),
    ).toEqual(['all_group_chats/', 'all_group_chats/vi', 'all_private_chats/', 'all_private_chats/vi']);
    expect(JSON.stringify(menus[0]!.body.commands)).toContain('batdau');
    const polled = tg.callsTo('getUpdates')[0]!;
    expect(polled.body.allowed_updates).toEqual([
      'message',
      'edited_message',
      'callback_query',
      'my_chat_member',
    ]);
    await rt.drain();
    expect(tg.callsTo('sendMessage')).toHaveLength(1);
  });

  it('stops polling when a webhook is set meanwhile (409), and says why in the log', async () => {
    // Someone ran set-webhook for the production server while this process polls with the token.
    tg.webhook = { url: 'https://chibo.example.gov.vn/webhook/telegram' };
    const stopped = await eventually(() => errors.find((e) => e.msg.startsWith('telegram polling stopped')));
    expect(String(stopped.data?.error)).toContain('409');
    expect(stopped.msg).toContain('webhook');
  });
});
