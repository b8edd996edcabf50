/**
 * The README's first start of a real bot (`TELEGRAM_BOT_TOKEN=… npm start`, then `import-units`)
 * on an empty database: the demo organisation (a commune coded XQS, the code the README's own
 * examples use, with six simulator people) must not appear in a real deployment's database, where
 * an import of a real XQS would put real cells under demo coordinators nobody can reach.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, units } from '../../db/schema';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/deps';
import { createRuntime } from '../../src/entry/node-runtime';
import { type FakeTelegram, startFakeTelegram } from '../support/fake-telegram';

let dir: string;
let tg: FakeTelegram;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-demo-'));
  tg = await startFakeTelegram();
});
afterAll(async () => {
  await tg.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startOn(file: string, env: Record<string, string>) {
  const rt = await createRuntime(loadConfig({ DATABASE_PATH: file, ...env }), {
    cron: false,
    log: silentLogger,
  });
  try {
    return {
      units: await rt.database.store.db.select().from(units).all(),
      people: await rt.database.store.db.select().from(people).all(),
    };
  } finally {
    await rt.stop();
  }
}

describe('demo data', () => {
  it('is not created next to a platform token, unless asked for', async () => {
    const bot = {
      TELEGRAM_BOT_TOKEN: '123:demo-test-token',
      TELEGRAM_WEBHOOK_SECRET: 'demo_test_secret_1',
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_BOT_USERNAME: 'chibo_bot',
      TELEGRAM_BOT_ID: '1',
    };
    expect(loadConfig(bot).DEMO_DATA).toBe(false);
    const real = await startOn(join(dir, 'real.db'), bot);
    expect(real.units).toEqual([]);
    expect(real.people).toEqual([]);
    expect(loadConfig({ ...bot, DEMO_DATA: '1' }).DEMO_DATA).toBe(true);
  });

  it('fills an empty database when the simulator is on (plain `npm start`)', async () => {
    expect(loadConfig({}).DEMO_DATA).toBe(true);
    const demo = await startOn(join(dir, 'demo.db'), {});
    expect(demo.units.map((u) => u.code)).toContain('XQS');
    expect(loadConfig({ DEMO_DATA: '0' }).DEMO_DATA).toBe(false);
  });
});
