/**
 * kill -9 while replies are going out: each reply here is two Zalo calls (a 1,975-character
 * read-back and its numbered menu). The process dies after Zalo took every menu but before the
 * answers came back. After the restart no read-back arrives twice: the window of "sent but not
 * recorded" is the one call in flight per chat, never the calls recorded before it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/sqlite';
import { enqueue } from '../../src/outbox/enqueue';
import { type Child, startChild } from '../support/child';
import { eventually } from '../support/fake-telegram';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo';

const CHATS = 8;
const dir = mkdtempSync(join(tmpdir(), 'chibo-kill-sends-'));
const file = join(dir, 'kill.db');
const children: Child[] = [];
let zalo: FakeZalo;

afterAll(async () => {
  for (const c of children) await c.kill9().catch(() => {});
  await zalo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const readBack = (i: number) =>
  `Biên bản họp chi bộ ${i}:\n${'Có mặt 23/27, vắng có lý do 3. '.repeat(70)}`.slice(0, 1_975);
const isMenu = (text: string) => text.startsWith('1. Lưu');

describe('kill -9 during sends', () => {
  it('repeats at most the one call in flight per chat, never a call already recorded', async () => {
    zalo = await startFakeZalo({ token: '77:kill-test' });
    const seed = openDatabase(file);
    const now = new Date();
    await seed.store.commit(
      Array.from({ length: CHATS }, (_, i) =>
        enqueue(
          seed.store.db,
          { platform: 'zalo', chatId: `zc${i}` },
          { text: readBack(i), buttons: [[{ label: 'Lưu', data: 's' }], [{ label: 'Sửa', data: 'e' }]] },
          now,
        ),
      ).flat(),
    );
    seed.close();
    const env = {
      CHILD_MODE: 'chibo',
      CHILD_CRON: '1',
      PORT: '0',
      DATABASE_PATH: file,
      DEMO_DATA: '0',
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_WEBHOOK_SECRET: 'kill_sends_secret_1',
      ZALO_API_ROOT: zalo.url,
    };

    // Zalo takes every menu and the answers never come back; then the power goes.
    zalo.swallowWhen(isMenu);
    const first = await startChild(env);
    children.push(first);
    await eventually(() => zalo.delivered().filter((c) => isMenu(text(c))).length === CHATS, 30_000);
    await first.kill9();

    // Later: the leases have run out (as they do 45 s on), and the bot starts again.
    const db = openDatabase(file);
    db.sqlite.prepare("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'").run();
    db.close();
    zalo.swallowWhen(undefined);
    const second = await startChild(env);
    children.push(second);
    const sentRows = () => {
      const check = openDatabase(file);
      try {
        return (
          check.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent'").get() as {
            n: number;
          }
        ).n;
      } finally {
        check.close();
      }
    };
    await eventually(() => sentRows() === CHATS, 30_000);
    await second.kill9();

    const counts = new Map<string, number>();
    for (const c of zalo.delivered()) {
      const key = `${(c.body as { chat_id: string }).chat_id} ${text(c)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (let i = 0; i < CHATS; i++) {
      expect(counts.get(`zc${i} ${readBack(i)}`)).toBe(1);
      const menus = [...counts].filter(([key]) => key.startsWith(`zc${i} 1. Lưu`));
      expect(menus.map(([, n]) => n)).toEqual([2]);
    }
    const check = openDatabase(file);
    expect(check.sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'sent'").get()).toEqual({
      n: CHATS,
    });
    check.close();
  }, 60_000);
});

function text(call: { body: unknown }): string {
  return (call.body as { text?: string }).text ?? '';
}
