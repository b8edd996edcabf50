/**
 * An import over HTTP that stops half-way: the connection drops after a batch, or the file stops
 * passing its checks because the database changed between two batches. The CLI says how far it got
 * and that running the same command again finishes it; the second run writes no row twice.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { allUnits } from '../../db/repo/units';
import { runRemote } from '../../src/cli/remote';
import { createApp } from '../../src/http/app';
import { createHarness, type Harness } from '../support/harness';

const TOKEN = 'resume-test-token-0123456789abcdefghijk';
const dir = mkdtempSync(join(tmpdir(), 'chibo-resume-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let h: Harness;
afterEach(() => h?.close());

const unitsFile = () => {
  const rows = ['code,name,kind,parent_code', 'XQS,Xã Quan Sơn,xã,'];
  for (let i = 1; i <= 150; i++) rows.push(`KP${i},Chi bộ ${i},thôn,XQS`);
  const path = join(dir, 'units.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
};

/** The CLI's client talking to the app in this process; `failAt` breaks one call like a dropped connection. */
async function cliAgainstApp(failAt?: { call: number; before?: () => Promise<void> }) {
  const app = createApp(h.deps);
  let calls = 0;
  const progress: string[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls++;
    if (failAt && calls === failAt.call) {
      if (failAt.before) await failAt.before();
      else throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    }
    return app.request(url, init);
  }) as typeof globalThis.fetch;
  const out = await runRemote('import-units', [unitsFile()], {
    server: 'http://127.0.0.1:8787',
    token: TOKEN,
    usage: 'usage',
    progress: (l) => progress.push(l),
    fetch,
  });
  return { out, progress, calls };
}

describe('an import over HTTP that stops', () => {
  it('after a dropped connection says how far it got, and the same command finishes it', async () => {
    h = await createHarness('2026-11-26T03:00:00Z', { ADMIN_TOKEN: TOKEN, D1_QUERY_LIMIT: '20' });
    const stopped = await cliAgainstApp({ call: 2 });
    expect(stopped.out.exit).toBe(1);
    expect(stopped.out.stderr[0]).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:8787: ECONNRESET\nImport stopped with at least \d+ of 151 rows written \(each batch whole\)\. Run the same command again to finish/,
    );
    const partly = (await allUnits(h.db)).length;
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(151);

    const resumed = await cliAgainstApp();
    expect(resumed.out.exit).toBe(0);
    expect(resumed.out.stdout).toEqual([
      `Imported units: ${151 - partly} new, 0 updated, ${partly} already as in the file.`,
    ]);
    const codes = (await allUnits(h.db)).map((u) => u.code);
    expect(codes).toHaveLength(151);
    expect(new Set(codes).size).toBe(151);
  });

  it('when the database changed between two batches, names the rows and does not claim nothing was imported', async () => {
    h = await createHarness('2026-11-26T03:00:00Z', { ADMIN_TOKEN: TOKEN, D1_QUERY_LIMIT: '20' });
    // Meanwhile someone creates KP150 under another commune (as a coordinator could in chat).
    const stopped = await cliAgainstApp({
      call: 2,
      before: async () => {
        await h.unit('XNB', 'Xã Na Bó', 'commune');
        await h.unit('KP150', 'Chi bộ 150', 'cell', 'XNB');
      },
    });
    expect(stopped.out.exit).toBe(1);
    expect(stopped.out.stderr[0]).toMatch(
      /^Nothing more imported; fix these rows:\nline 152: KP150 exists under another parent; moving units is not done by import\nImport stopped with at least \d+ of 151 rows written/,
    );
  });
});
