/**
 * kill -9 in the middle of a burst of submissions: whatever was acknowledged (HTTP 200 on the step
 * that saves: the update is durable in the inbox) survives the crash and is recorded after restart, nothing is recorded twice when Telegram redelivers everything after
 * the restart, every update's effects landed whole or not at all, and the file passes integrity_check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/sqlite';
import { type Child, startChild } from '../support/child';
import { CROWD_FIRST_USER, seedCrowd } from '../support/crowd';
import { submissionSteps, telegramUpdate, usesReport } from '../support/realistic';

const SECRET = 'crash_secret_1234';
const N = 300;
const dir = mkdtempSync(join(tmpdir(), 'chibo-crash-'));
const file = join(dir, 'crash.db');
const children: Child[] = [];

afterAll(async () => {
  for (const c of children) await c.kill9().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const env = {
  CHILD_MODE: 'chibo',
  PORT: '0',
  DATABASE_PATH: file,
  DEMO_DATA: '0',
  TELEGRAM_BOT_TOKEN: '123:crash',
  TELEGRAM_WEBHOOK_SECRET: SECRET,
  // Nothing listens there: replies stay in the outbox, which is what we inspect.
  TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
};

async function post(url: string, body: unknown): Promise<number> {
  try {
    const res = await fetch(`${url}/webhook/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // connection dropped by the crash
  }
}

/** What the file holds, read after the server is gone; also checks the file's integrity. */
function inspect() {
  const db = openDatabase(file);
  try {
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (query: string) =>
      new Map((db.sqlite.prepare(query).all() as { k: string; n: number }[]).map((r) => [r.k, r.n]));
    return {
      keys: new Set(
        (db.sqlite.prepare('SELECT key FROM processed_keys').all() as { key: string }[]).map((r) => r.key),
      ),
      replies: count('SELECT chat_id AS k, count(*) AS n FROM outbox GROUP BY chat_id'),
      reports: count('SELECT unit_id AS k, count(*) AS n FROM reports GROUP BY unit_id'),
      inbox: new Set(
        (db.sqlite.prepare('SELECT update_key AS k FROM inbox').all() as { k: string }[]).map((r) => r.k),
      ),
      revisions: count(
        'SELECT r.unit_id AS k, count(*) AS n FROM report_revisions v JOIN reports r ON r.id = v.report_id GROUP BY r.unit_id',
      ),
    };
  } finally {
    db.close();
  }
}

/** Waits until the server has handled every update it accepted. */
async function settled(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { inboxBacklog: number };
    if (health.inboxBacklog === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the inbox was not worked off within a minute');
}

/** Update ids: secretary i, step s. */
const updateId = (i: number, s: number) => 1_000_000 + i * 10 + s;

describe('crash during a burst of submissions', () => {
  it('keeps every acknowledged submission exactly once and the file intact after kill -9', async () => {
    const seed = openDatabase(file);
    await seedCrowd(seed.store, N, new Date());
    seed.close();

    const steps = submissionSteps();
    const first = await startChild(env);
    children.push(first);
    const acked = new Set<number>();
    let done = 0;
    let killed: Promise<void> | null = null;
    // Arrivals spread over about a second and a half, many in flight at once, so the kill lands
    // mid-burst even on a slow machine.
    const runs = Array.from({ length: N }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 5));
      if (killed) return;
      for (const [s, text] of steps.entries()) {
        const status = await post(first.url, telegramUpdate(updateId(i, s), CROWD_FIRST_USER + i, text));
        if (status !== 200) return;
      }
      acked.add(i);
      if (++done === Math.floor(N / 3)) killed = first.kill9();
    });
    await Promise.all(runs);
    await killed;
    expect(acked.size).toBeGreaterThanOrEqual(Math.floor(N / 3));
    expect(acked.size).toBeLessThan(N); // the crash really interrupted the burst

    // Right after the crash: every acknowledged update is durable, either handled (its key is there)
    // or still waiting in the inbox; and every handled update's effects (its key, its reply, its
    // record) landed together or not at all.
    const crashed = inspect();
    for (let i = 0; i < N; i++) {
      const seen = steps.map((_, s) => crashed.keys.has(`telegram:${updateId(i, s)}`));
      if (acked.has(i)) {
        for (const s of steps.keys()) {
          const key = `telegram:${updateId(i, s)}`;
          expect(crashed.keys.has(key) || crashed.inbox.has(key)).toBe(true);
        }
      }
      expect(crashed.replies.get(String(CROWD_FIRST_USER + i)) ?? 0).toBe(seen.filter(Boolean).length);
      if (usesReport) expect(crashed.reports.get(`unit-c${i}`) ?? 0).toBe(seen.at(-1) ? 1 : 0);
    }

    // Restart on the same file, with nothing redelivered yet: the inbox is worked off, and every
    // acknowledged submission is then recorded.
    const second = await startChild(env);
    children.push(second);
    await settled(second.url);
    const recovered = inspect();
    for (const i of acked) {
      for (const s of steps.keys()) expect(recovered.keys.has(`telegram:${updateId(i, s)}`)).toBe(true);
      if (usesReport) expect(recovered.reports.get(`unit-c${i}`)).toBe(1);
    }

    // Telegram redelivers what was not acknowledged and, to be hostile, everything else as well.
    const lanes = 25;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (let i = lane; i < N; i += lanes) {
          for (const [s, text] of steps.entries()) {
            const body = telegramUpdate(updateId(i, s), CROWD_FIRST_USER + i, text);
            expect(await post(second.url, body)).toBe(200);
          }
        }
      }),
    );
    await settled(second.url);
    await second.kill9();

    const final = inspect();
    for (let i = 0; i < N; i++) {
      for (const s of steps.keys()) expect(final.keys.has(`telegram:${updateId(i, s)}`)).toBe(true);
      expect(final.replies.get(String(CROWD_FIRST_USER + i))).toBe(steps.length);
      if (usesReport) {
        expect(final.reports.get(`unit-c${i}`)).toBe(1);
        expect(final.revisions.get(`unit-c${i}`)).toBe(1);
      }
    }
  }, 90_000);
});
