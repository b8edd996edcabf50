import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/deps';
import { createRuntime, type Runtime } from '../../src/entry/node-runtime';
import { planUnitImport } from '../../src/operator/import-units';
import { planInvite } from '../../src/operator/invite';
import { eventually, type FakeTelegram, startFakeTelegram } from '../support/fake-telegram';

const SECRET = 'e2e_secret_123456';
let tg: FakeTelegram;
let rt: Runtime;
let base: string;

beforeAll(async () => {
  tg = await startFakeTelegram();
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'chibo-e2e-')), 'e2e.db'),
    TELEGRAM_BOT_TOKEN: '123:abc',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: tg.url,
    DEMO_DATA: '0',
  });
  rt = await createRuntime(config, { log: silentLogger, cron: false });
  const { port } = await rt.listen(0);
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await rt.stop();
  await tg.close();
});

const update = (id: number, text: string) => ({
  update_id: id,
  message: {
    message_id: id,
    date: 1764126000,
    chat: { id: 4242, type: 'private' },
    from: { id: 4242, is_bot: false, first_name: 'An' },
    text,
  },
});

describe('the real server with a local Telegram API', () => {
  it('links a person with an invite code and answers through the API', async () => {
    const { store } = rt.database;
    const now = new Date();
    await store.commit(
      (
        await planUnitImport(
          store.db,
          'code,name,kind,parent_code\nXQS,Đảng bộ xã Quan Sơn,commune,\n',
          now,
          () => crypto.randomUUID(),
        )
      ).writes,
    );
    const invite = await planInvite(
      store.db,
      { unit: 'XQS', role: 'coordinator', name: 'Phạm Thị Dung' },
      now,
      () => crypto.randomUUID(),
      14,
    );
    if ('error' in invite) throw new Error(invite.error);
    await store.commit(invite.writes);

    const res = await fetch(`${base}/webhook/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify(update(1, `/start ${invite.code}`)),
    });
    expect(res.status).toBe(200);
    const sent = await eventually(() => tg.callsTo('sendMessage')[0]);
    expect(sent.body.chat_id).toBe(4242);
    expect(String(sent.body.text)).toContain('Đã liên kết');
    expect(String(sent.body.text)).toContain('Phạm Thị Dung');

    await fetch(`${base}/webhook/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify(update(2, '/toi')),
    });
    const me = await eventually(() => tg.callsTo('sendMessage')[1]);
    expect(String(me.body.text)).toContain('Cán bộ tổ chức (điều phối) — Đảng bộ xã Quan Sơn');

    // The fake receives the call a moment before the dispatcher marks the row sent (on a busy machine
    // /healthz could read that moment): the backlog empties, it is not read once.
    const health = await eventually(async () => {
      const h = (await (await fetch(`${base}/healthz`)).json()) as { outboxBacklog?: number };
      return h.outboxBacklog === 0 ? h : null;
    });
    expect(health).toMatchObject({ status: 'ok', database: true, outboxBacklog: 0 });
  });
});
