import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/deps';
import { createRuntime, type Runtime } from '../../src/entry/node-runtime';
import { eventually, type FakeTelegram, startFakeTelegram } from '../support/fake-telegram';

let tg: FakeTelegram;
let rt: Runtime;

beforeAll(async () => {
  tg = await startFakeTelegram();
  const config = loadConfig({
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'chibo-poll-')), 'p.db'),
    TELEGRAM_BOT_TOKEN: '123:abc',
    TELEGRAM_POLLING: '1',
    TELEGRAM_API_ROOT: tg.url,
    DEMO_DATA: '0',
  });
  rt = await createRuntime(config, { log: silentLogger, cron: false });
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
    const menu = await eventually(() => tg.callsTo('setMyCommands')[0]);
    expect(menu.body.language_code).toBe('vi');
    expect(JSON.stringify(menu.body.commands)).toContain('batdau');
    await rt.drain();
    expect(tg.callsTo('sendMessage')).toHaveLength(1);
  });
});
