/**
 * The dashboard on the Worker over D1: a link from `web` in chat opens a session, the commune's page
 * shows its figures, a neighbour is not found, a used link is refused, and the Excel file downloads
 * (the Worker's own workbook renderer).
 */
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { createD1Store } from '../../db/d1';
import { unitByCode } from '../../db/repo/units';
import { createWorker, type Env } from '../../src/entry/worker';
import { storeHarness } from '../shared/harness';
import { emptyD1 } from './d1';

const BASE = 'https://chibo.test';
const START = '2026-11-26T03:00:00Z';

beforeEach(() => emptyD1());

describe('the dashboard on the Worker', () => {
  it('logs in with a link from chat and shows the commune, on D1', async () => {
    const store = createD1Store(env.DB);
    const h = storeHarness(store, START);
    h.deps.config = { ...h.deps.config, PUBLIC_URL: BASE };
    await h.unit('XQS', 'Xã Quan Sơn', 'commune');
    await h.unit('QS1', 'Chi bộ thôn Đồng', 'cell', 'XQS');
    await h.unit('XBEN', 'Xã Bên', 'commune');
    await h.person('coord', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
    const [answer] = await h.say('coord', 'web');
    const secret = /\/web\/vao\/([A-Za-z0-9_-]{43})/.exec(answer!.text)![1]!;

    const worker = createWorker({ clock: () => new Date(Date.parse(START) + 60_000) });
    const workerEnv: Env = { ...env, PUBLIC_URL: BASE, LOG_LEVEL: 'error' };
    const call = (path: string, init: RequestInit = {}) =>
      worker.fetch(new Request(`${BASE}${path}`, init), workerEnv, createExecutionContext());
    const login = (s: string) => call(`/web/vao/${s}`, { method: 'POST', headers: { origin: BASE } });

    const opened = await login(secret);
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^__Host-chibo_web=/);

    const home = await call('/web', { headers: { cookie } });
    expect(home.status).toBe(302);
    const xqs = (await unitByCode(store.db, 'XQS'))!.id;
    expect(home.headers.get('location')).toBe(`/web/don-vi/${xqs}`);
    const page = await call(`/web/don-vi/${xqs}?ky=2026-11`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Xã Quan Sơn');
    expect(html).toContain('Số chi bộ: 1');
    expect(html).toContain('Chi bộ thôn Đồng');
    expect(html).not.toContain('Xã Bên');

    const neighbour = (await unitByCode(store.db, 'XBEN'))!.id;
    expect((await call(`/web/don-vi/${neighbour}`, { headers: { cookie } })).status).toBe(404);
    expect((await login(secret)).status).toBe(400);
    const excel = await call(`/web/don-vi/${xqs}/excel?ky=2026-11`, { headers: { cookie } });
    expect(excel.status).toBe(200);
    expect(excel.headers.get('content-disposition')).toBe('attachment; filename="tonghop-XQS-2026-11.xlsx"');
    const bytes = new Uint8Array(await excel.arrayBuffer());
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]); // a zip, as every .xlsx is
  });
});
