/**
 * The Worker as Cloudflare would run it: the bundle `npm run build:worker` makes, in workerd through
 * Miniflare, with wrangler.toml's compatibility date and no `nodejs_compat` (no Buffer, no process,
 * no node:* modules), on a D1 with the real migrations. The vitest Workers project cannot show this:
 * its test runner turns `nodejs_compat` on. CSV imports (encoding detection, csv-parse) and the Excel
 * export must work here.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/entry-process';
import { encodeLegacy } from '../support/legacy-encodings';

const run = promisify(execFile);
const TOKEN = 'bundle-admin-token-0123456789abcdefghij';
let dir: string;
let bundle: string;
let mf: Miniflare;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-bundle-'));
  await run(join(ROOT, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', dir], {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  bundle = readFileSync(join(dir, 'worker.js'), 'utf8');
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, 'worker.js'),
    modulesRoot: dir,
    compatibilityDate: /^compatibility_date = "([\d-]+)"/m.exec(toml)![1],
    d1Databases: { DB: 'bundle-test' },
    // wrangler.toml's outbox pacer, so the bundle runs with every binding it has when deployed.
    durableObjects: { PACER: { className: 'OutboxPacer', useSQLite: true } },
    bindings: { ADMIN_TOKEN: TOKEN, SIMULATOR: '0', DEMO_DATA: '0', LOG_LEVEL: 'error' },
  });
  const db = await mf.getD1Database('DB');
  const migrations = join(ROOT, 'db/migrations');
  for (const f of readdirSync(migrations)
    .filter((n) => n.endsWith('.sql'))
    .sort()) {
    const statements = readFileSync(join(migrations, f), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean);
    await db.batch(statements.map((s) => db.prepare(s)));
  }
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const admin = (path: string, init: { method?: string; body?: Uint8Array | string } = {}) =>
  mf.dispatchFetch(`https://chibo.test/admin${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: init.body,
  });

describe('the built Worker without nodejs_compat', () => {
  it('is bundled without node:* modules and for a runtime without compatibility flags', () => {
    expect(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')).not.toMatch(
      /compatibility_flags|nodejs_compat/,
    );
    expect(bundle).not.toMatch(/(from|import\(|require\()\s*["']node:/);
  });

  it('imports CSV files in Windows-1258 and as Excel saves UTF-8, and exports the Excel workbook', async () => {
    const legacy = encodeLegacy('code,name,kind,parent_code\nXQS,Đảng bộ xã Quan Sơn,xã,\n', 'windows-1258');
    const first = await admin('/import-units?file=xa.csv', { method: 'POST', body: legacy });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, done: true, encoding: 'Windows-1258' });

    const cells =
      '\uFEFFcode;name;kind;parent_code\r\nKP3;Chi bộ khu phố 3 – Hường;khu phố;XQS\r\nNB1;Chi bộ bản Na Bó Ưởng;bản;XQS\r\n';
    const second = await admin('/import-units?file=cells.csv', { method: 'POST', body: cells });
    expect(await second.json()).toMatchObject({
      done: true,
      encoding: 'UTF-8 with BOM',
      summary: { created: 2 },
    });

    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' })
      .format(new Date())
      .slice(0, 7);
    const exported = await admin(`/export?unit=XQS&period=${month}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-chibo-cells')).toBe('2');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await exported.arrayBuffer());
    const text = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat().map(String)).join('\n');
    expect(text).toContain('Chi bộ bản Na Bó Ưởng');
    expect(text).toContain('Chi bộ khu phố 3 – Hường');
  });
});
