/**
 * The operator API on the real app and a real SQLite database: off without ADMIN_TOKEN, 401 without
 * or with a wrong token, bounded bodies, imports checked whole and written in batches that resume,
 * every change audited with via 'admin', and the token nowhere in logs, answers or the audit.
 */

import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { allUnits } from '../../db/repo/units';
import { auditLog, invites, people, roleAssignments, supervisorAssignments, units } from '../../db/schema';
import { ConfigError, loadConfig } from '../../src/config';
import { MAX_CSV_BYTES } from '../../src/csv/source';
import { jsonLogger } from '../../src/deps';
import { installNodeSummaryRenderers } from '../../src/entry/node-summary-renderers';
import { createApp } from '../../src/http/app';
import { createHarness, type Harness } from '../support/harness';

const TOKEN = 'adm1n-t0ken-for-tests-0123456789abcdef';
let h: Harness;
afterEach(() => h?.close());

async function setUp(env: Record<string, string> = { ADMIN_TOKEN: TOKEN }) {
  h = await createHarness('2026-11-26T03:00:00Z', env);
  const logs: string[] = [];
  h.deps.log = jsonLogger('debug', (line) => logs.push(line));
  return { app: createApp(h.deps), logs };
}

const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
const csvPost = (body: string | Uint8Array<ArrayBuffer>, token = TOKEN): RequestInit => ({
  method: 'POST',
  headers: { ...auth(token), 'content-type': 'text/csv' },
  body,
});
const audits = () => h.db.select().from(auditLog).all();

/** A commune with `n` cells, as Excel saves it in Vietnamese settings: BOM, semicolons, CRLF. */
function excelUnits(n: number, extra: string[] = []): string {
  const rows = ['code;name;kind;parent_code', 'XQS;Đảng bộ xã Quan Sơn;xã;'];
  for (let i = 1; i <= n; i++) rows.push(`KP${i};Chi bộ khu phố ${i};khu phố;XQS`);
  return `\uFEFF${[...rows, ...extra].join('\r\n')}\r\n`;
}

describe('the operator API is off without ADMIN_TOKEN', () => {
  it('answers 404 to every admin route and writes nothing', async () => {
    const { app } = await setUp({});
    expect((await app.request('/admin/status', { headers: auth() })).status).toBe(404);
    expect((await app.request('/admin/import-units?file=u.csv', csvPost(excelUnits(2)))).status).toBe(404);
    expect(await allUnits(h.db)).toHaveLength(0);
  });

  it('refuses to start with a token shorter than 32 characters, naming the variable and not the value', () => {
    const short = 'short-token-123';
    let message = '';
    try {
      loadConfig({ ADMIN_TOKEN: short });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/ADMIN_TOKEN: expected at least 32 characters/);
    expect(message).not.toContain(short);
    expect(loadConfig({ ADMIN_TOKEN: TOKEN }).ADMIN_TOKEN).toBe(TOKEN);
  });
});

describe('the token', () => {
  it('is required: 401 without it, 401 with a wrong one of any length, and nothing is written', async () => {
    const { app } = await setUp();
    const noToken = await app.request('/admin/import-units', { method: 'POST', body: excelUnits(2) });
    expect(noToken.status).toBe(401);
    for (const wrong of [TOKEN.replace(/.$/, 'X'), 'x', `${TOKEN}x`]) {
      const r = await app.request('/admin/import-units?file=u.csv', csvPost(excelUnits(2), wrong));
      expect(r.status).toBe(401);
      expect(await r.text()).not.toContain(wrong);
    }
    expect((await app.request('/admin/status', { headers: { authorization: TOKEN } })).status).toBe(401);
    expect(await allUnits(h.db)).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });

  it('never appears in logs, answers or the audit log', async () => {
    const { app, logs } = await setUp();
    const answers: string[] = [];
    const call = async (path: string, init: RequestInit) => {
      const r = await app.request(path, init);
      answers.push(await r.text());
      return r;
    };
    await call('/admin/import-units?file=u.csv', csvPost(excelUnits(3)));
    await call('/admin/import-units?file=u.csv', csvPost('code,name,kind,parent_code\nX,,cell,NOPE\n'));
    await call('/admin/invite', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'XQS', role: 'coordinator', name: 'Phạm Thị Dung' }),
    });
    await call('/admin/status', { headers: auth() });
    await call('/admin/status', { headers: auth(`${TOKEN}0`) });
    expect(logs.length).toBeGreaterThan(0);
    const everything = [...logs, ...answers, ...(await audits()).map((a) => JSON.stringify(a))].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.slice(0, 16));
  });
});

describe('bodies are bounded', () => {
  it('a CSV over the file limit gets 413 before anything is read into the database', async () => {
    const { app } = await setUp();
    const huge = new Uint8Array(MAX_CSV_BYTES + 1).fill(0x41);
    const r = await app.request('/admin/import-units?file=u.csv', {
      ...csvPost(huge),
      headers: { ...auth(), 'content-length': String(huge.length) },
    });
    expect(r.status).toBe(413);
    expect(await allUnits(h.db)).toHaveLength(0);
  });

  it('a JSON request over 16 KB gets 413, also when it does not say its length', async () => {
    const { app } = await setUp();
    const body = JSON.stringify({ unit: 'XQS', role: 'coordinator', name: 'x'.repeat(20_000) });
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(body));
        c.close();
      },
    });
    const r = await app.request('/admin/invite', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(r.status).toBe(413);
    expect(await h.db.select().from(invites).all()).toHaveLength(0);
  });
});

interface ImportAnswer {
  ok: boolean;
  done: boolean;
  rows: number;
  writtenRows: number;
  pendingRows: number;
  encoding: string;
  message?: string;
  summary: { created?: number; updated?: number; unchanged?: number; invites?: { code: string | null }[] };
}

describe('imports through the API', () => {
  const post = async (app: ReturnType<typeof createApp>, verb: string, body: string) => {
    const r = await app.request(`/admin/${verb}?file=${verb}.csv`, csvPost(body));
    return { status: r.status, body: (await r.json()) as ImportAnswer };
  };

  it('checks the whole file first: one bad row at the end and nothing is written, with line numbers', async () => {
    const { app } = await setUp({ ADMIN_TOKEN: TOKEN, D1_QUERY_LIMIT: '20' });
    const r = await post(
      app,
      'import-units',
      excelUnits(80, ['KP81;;khu phố;XQS', 'KP82;Chi bộ 82;hợp tác xã;XQS']),
    );
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(
      /^Nothing imported; fix these rows:\nline 83: name is empty\nline 84: kind "hợp tác xã"/,
    );
    expect(await allUnits(h.db)).toHaveLength(0);
    expect(await audits()).toHaveLength(0);
  });

  it('writes a big file in batches that fit the query limit, each audited, until done; a repeat writes nothing', async () => {
    const { app } = await setUp({ ADMIN_TOKEN: TOKEN, D1_QUERY_LIMIT: '20' });
    const file = excelUnits(120);
    const answers: ImportAnswer[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await post(app, 'import-units', file);
      expect(r.status).toBe(200);
      answers.push(r.body);
      if (r.body.done) break;
    }
    expect(answers.length).toBeGreaterThan(1);
    expect(answers[0]).toMatchObject({ done: false, rows: 121, encoding: 'UTF-8 with BOM' });
    expect(answers[0]!.summary).toMatchObject({ created: 121, updated: 0, unchanged: 0 });
    // Rows go down with every batch and never come back.
    const pending = answers.map((a) => a.pendingRows);
    expect(pending).toEqual([...pending].sort((a, b) => b - a));
    expect(pending.at(-1)).toBe(0);
    expect(answers.reduce((n, a) => n + a.writtenRows, 0)).toBe(121);
    const all = await allUnits(h.db);
    expect(all).toHaveLength(121);
    const xqs = all.find((u) => u.code === 'XQS')!;
    expect(all.filter((u) => u.parentId === xqs.id && u.kind === 'cell')).toHaveLength(120);

    const batches = (await audits()).filter((a) => a.action === 'import_units');
    expect(batches).toHaveLength(answers.length);
    expect(batches.every((a) => a.via === 'admin')).toBe(true);
    expect(batches.reduce((n, a) => n + JSON.parse(a.detail!).created, 0)).toBe(121);

    const again = await post(app, 'import-units', file);
    expect(again.body).toMatchObject({ done: true, writtenRows: 0, pendingRows: 0 });
    expect(again.body.summary).toMatchObject({ created: 0, unchanged: 121 });
    expect(await audits()).toHaveLength(answers.length);
  });

  it('people come in batches, a repeat gives every row the same code, and each code links its person', async () => {
    const { app } = await setUp({ ADMIN_TOKEN: TOKEN, D1_QUERY_LIMIT: '20' });
    while (!(await post(app, 'import-units', excelUnits(30))).body.done) {}
    const rows = ['name,phone,unit_code,role'];
    for (let i = 1; i <= 30; i++) rows.push(`Người Thứ ${i},09${10_000_000 + i},KP${i},secretary`);
    rows.push('Phạm Thị Dung,0912345678,XQS,coordinator');
    const file = `${rows.join('\n')}\n`;
    let last: ImportAnswer | undefined;
    let requests = 0;
    do {
      last = (await post(app, 'import-people', file)).body;
      requests++;
      if (!last.done) expect(last.summary.invites).toBeUndefined();
    } while (!last.done);
    expect(requests).toBeGreaterThan(1);
    const codes = last.summary.invites!.map((i) => i.code);
    expect(codes).toHaveLength(31);
    expect(codes.every((c) => c && /^\d{16}$/.test(c))).toBe(true);
    expect(await h.db.select().from(people).all()).toHaveLength(31);
    expect(await h.db.select().from(roleAssignments).all()).toHaveLength(31);

    const again = (await post(app, 'import-people', file)).body;
    expect(again).toMatchObject({ done: true, writtenRows: 0 });
    expect(again.summary.invites!.map((i) => i.code)).toEqual(codes);
    expect(await h.db.select().from(people).all()).toHaveLength(31);

    const [linked] = await h.say('tg-dung', `batdau ${codes[30]}`, { platform: 'telegram' });
    expect(linked!.text).toContain('Phạm Thị Dung');
    const afterLink = (await post(app, 'import-people', file)).body;
    expect(afterLink.summary.invites![30]!.code).toBeNull();
    expect(await h.db.select().from(people).all()).toHaveLength(31);
  });

  it('assignments resume cell by cell, and a repeat leaves the history as it is', async () => {
    const { app } = await setUp({ ADMIN_TOKEN: TOKEN, D1_QUERY_LIMIT: '20' });
    while (!(await post(app, 'import-units', excelUnits(25))).body.done) {}
    await post(
      app,
      'import-people',
      'name,phone,unit_code,role\nLò Văn Giám,0987000111,XQS,supervisor\nTrần Thị Sát,0987000222,XQS,supervisor\n',
    );
    const rows = ['person,unit_code,from'];
    for (let i = 1; i <= 25; i++) rows.push(`0987000111,KP${i},1/1/2026`);
    rows.push('0987000222,KP1,1/7/2026');
    const file = `${rows.join('\n')}\n`;
    let requests = 0;
    while (!(await post(app, 'import-assignments', file)).body.done) requests++;
    expect(requests).toBeGreaterThan(0);
    const before = await h.db.select().from(supervisorAssignments).all();
    expect(before).toHaveLength(26);
    const again = (await post(app, 'import-assignments', file)).body;
    expect(again).toMatchObject({ done: true, writtenRows: 0 });
    expect(await h.db.select().from(supervisorAssignments).all()).toEqual(before);
    const kp1 = (await h.db.select().from(units).where(eq(units.code, 'KP1')).get())!;
    expect(
      before
        .filter((a) => a.unitId === kp1.id)
        .map((a) => [a.validFrom, a.validTo])
        .sort(),
    ).toEqual([
      ['2026-01-01', '2026-06-30'],
      ['2026-07-01', null],
    ]);
  });

  it('refuses a workbook renamed .csv with the same message as the CLI', async () => {
    const { app } = await setUp();
    const r = await post(app, 'import-units', String.fromCharCode(0x50, 0x4b, 3, 4, 0x14, 0, 0, 0));
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/^Nothing imported: import-units\.csv is an Excel workbook \(\.xlsx\)/);
  });
});

describe('invite, status and export', () => {
  it('creates the first coordinator invite, audited as admin, and counts it in the status', async () => {
    const { app } = await setUp();
    await post(app);
    const r = await app.request('/admin/invite', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'xqs', role: 'coordinator', name: 'Phạm Thị Dung' }),
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { code: string; validUntil: string };
    expect(body.code).toMatch(/^\d{16}$/);
    expect(body.validUntil).toBe('2026-12-10');
    const created = (await audits()).find((a) => a.action === 'create_invite')!;
    expect(created.via).toBe('admin');
    const bad = await app.request('/admin/invite', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'XQS', role: 'boss' }),
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { message: string }).message).toMatch(/^role must be one of/);
    const status = (await (await app.request('/admin/status', { headers: auth() })).json()) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({ units: { cell: 2, commune: 1 }, people: 0, invitesWaiting: 1 });

    async function post(a: ReturnType<typeof createApp>) {
      await a.request('/admin/import-units?file=u.csv', csvPost(excelUnits(2)));
    }
  });

  it('maps old free-text kinds, audited as admin', async () => {
    const { app } = await setUp();
    await h.unit('XQS', 'Xã Quan Sơn', 'Đảng bộ xã');
    await h.unit('KP9', 'Khu 9', 'hợp tác xã', 'XQS');
    const r = await app.request('/admin/unit-kinds', { method: 'POST', headers: auth() });
    expect(await r.json()).toMatchObject({
      mapped: [{ code: 'XQS', to: 'commune' }],
      unknown: [{ code: 'KP9', kind: 'hợp tác xã' }],
    });
    expect((await audits()).map((a) => [a.action, a.via])).toEqual([['map_unit_kinds', 'admin']]);
  });

  it('exports the Excel workbook of a unit', async () => {
    installNodeSummaryRenderers();
    const { app } = await setUp();
    await app.request('/admin/import-units?file=u.csv', csvPost(excelUnits(2)));
    const r = await app.request('/admin/export?unit=XQS&period=2026-11', { headers: auth() });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain('tonghop-XQS-2026-11.xlsx');
    expect(r.headers.get('x-chibo-cells')).toBe('2');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    expect(wb.worksheets.length).toBeGreaterThan(1);
    const missing = await app.request('/admin/export?unit=NOPE&period=2026-11', { headers: auth() });
    expect(missing.status).toBe(404);
  });
});
