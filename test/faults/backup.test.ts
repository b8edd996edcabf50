/**
 * `npm run cli -- backup FILE` while the bot is under load: the copy opens, passes integrity_check,
 * and is a consistent snapshot (every update in it has its reply: no write set cut in half).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/deps';
import { createRuntime } from '../../src/entry/node-runtime';
import { CROWD_FIRST_USER, seedCrowd } from '../support/crowd';
import { telegramUpdate } from '../support/realistic';

const SECRET = 'backup_secret_123';
const dir = mkdtempSync(join(tmpdir(), 'chibo-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backup during load', () => {
  it('gives a copy that opens, passes integrity_check and holds whole write sets only', async () => {
    const file = join(dir, 'live.db');
    const rt = await createRuntime(
      loadConfig({
        DATABASE_PATH: file,
        DEMO_DATA: '0',
        TELEGRAM_BOT_TOKEN: '123:backup',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      }),
      { log: silentLogger, cron: false },
    );
    rt.deps.kick = () => {};
    await seedCrowd(rt.database.store, 40, new Date());
    const base = `http://127.0.0.1:${(await rt.listen(0)).port}`;

    let loading = true;
    let id = 1;
    let answered = 0;
    const lanes = Array.from({ length: 20 }, async (_, lane) => {
      while (loading) {
        const res = await fetch(`${base}/webhook/telegram`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
          body: JSON.stringify(telegramUpdate(id++, CROWD_FIRST_USER + lane, '/toi')),
        });
        await res.arrayBuffer();
        if (res.status === 200) answered++;
      }
    });
    const copy = join(dir, 'copy.db');
    try {
      while (answered < 200) await new Promise((r) => setTimeout(r, 20));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'src/entry/cli.ts', 'backup', copy],
        { env: { ...process.env, DATABASE_PATH: file, DEMO_DATA: '0' }, timeout: 30_000 },
      );
      expect(stdout).toContain('Backup written');
    } finally {
      loading = false;
      await Promise.all(lanes);
    }
    const answeredDuringBackup = answered;
    await rt.stop();

    const db = new Database(copy, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const keys = db
        .prepare("SELECT count(*) AS n FROM processed_keys WHERE key LIKE 'telegram:%'")
        .get() as {
        n: number;
      };
      const replies = db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number };
      // Every update acknowledged before the backup is in the copy: handled, or waiting in the inbox.
      const waiting = db
        .prepare('SELECT count(*) AS n FROM inbox WHERE update_key NOT IN (SELECT key FROM processed_keys)')
        .get() as { n: number };
      expect(keys.n + waiting.n).toBeGreaterThanOrEqual(200);
      expect(keys.n).toBeLessThan(answeredDuringBackup + 1);
      // Each `/toi` commits its key and its reply together: a torn snapshot would differ.
      expect(replies.n).toBe(keys.n);
      expect((db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n).toBe(46);
    } finally {
      db.close();
    }
  }, 60_000);
});
