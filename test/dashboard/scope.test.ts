/**
 * A coordinator of one commune cannot see another commune by any address: every id outside the scope
 * (a neighbour, its cell, the province above) gets the very page an id that does not exist gets, and
 * no page shows a neighbour's name. "Remind now" for a neighbour's cell sends nothing.
 *
 *   TINH "Đảng bộ tỉnh Thử" ─┬─ XA1 "Đảng bộ xã Một" ── CB1 "Chi bộ thôn Một"
 *                            └─ XA2 "Đảng bộ xã Hai" ── CB2 "Chi bộ thôn Hai"
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { outbox } from '../../db/schema';
import { installNodeSummaryRenderers } from '../../src/entry/node-summary-renderers';
import { type Web, webWorld } from './support';

const SECRET_NAMES = ['xã Hai', 'thôn Hai', 'tỉnh Thử', 'Bí thư Hai'];
let w: Web;
let ids: Record<string, string>;

beforeEach(async () => {
  installNodeSummaryRenderers();
  w = await webWorld();
  await w.h.unit('TINH', 'Đảng bộ tỉnh Thử', 'province');
  await w.h.unit('XA1', 'Đảng bộ xã Một', 'commune', 'TINH');
  await w.h.unit('XA2', 'Đảng bộ xã Hai', 'commune', 'TINH');
  await w.h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1');
  await w.h.unit('CB2', 'Chi bộ thôn Hai', 'cell', 'XA2');
  await w.h.person('sec2', 'Bí thư Hai', [{ role: 'secretary', unit: 'CB2' }]);
  // Secretary of the neighbour's cell too: that role gives no dashboard scope there.
  await w.h.person('me', 'Người dò', [
    { role: 'coordinator', unit: 'XA1' },
    { role: 'secretary', unit: 'CB2' },
  ]);
  await w.h.person('prov', 'Trần Văn Tỉnh', [{ role: 'coordinator', unit: 'TINH' }]);
  ids = {};
  for (const code of ['TINH', 'XA1', 'XA2', 'CB1', 'CB2']) ids[code] = (await unitByCode(w.h.db, code))!.id;
});
afterEach(() => w.h.close());

const PATHS = ['/web/don-vi/{U}', '/web/don-vi/{U}/cham', '/web/don-vi/{U}/excel', '/web/chi-bo/{U}'];
const QUERIES = ['', '?ky=2026-11', '?ky=2026-Q4', '?ky=2026', '?ky=bad'];

describe('a commune coordinator on the dashboard', () => {
  it.each(PATHS)('gets the not-found page for every unit outside the scope at %s', async (template) => {
    const cookie = await w.login('me');
    for (const query of QUERIES) {
      const nowhere = await w.get(template.replace('{U}', 'nope00000') + query, cookie);
      expect(nowhere.status).toBe(404);
      const expected = await nowhere.text();
      for (const code of ['XA2', 'CB2', 'TINH']) {
        const res = await w.get(template.replace('{U}', ids[code]!) + query, cookie);
        expect(res.status, `${code} ${query}`).toBe(404);
        expect(await res.text()).toBe(expected);
      }
    }
  });

  it('sees only its own commune from the start page, the breadcrumbs and the lists', async () => {
    const cookie = await w.login('me');
    const home = await w.get('/web', cookie);
    expect(home.headers.get('location')).toBe(`/web/don-vi/${ids.XA1}`);
    for (const path of [
      `/web/don-vi/${ids.XA1}`,
      `/web/don-vi/${ids.XA1}/cham`,
      `/web/chi-bo/${ids.CB1}`,
      `/web/don-vi/${ids.XA1}?ky=2026`,
    ]) {
      const res = await w.get(path, cookie);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      for (const name of SECRET_NAMES) expect(text, `${path} shows ${name}`).not.toContain(name);
    }
  });

  it('cannot remind a neighbouring cell: nothing is queued and the answer is the not-found page', async () => {
    const cookie = await w.login('me');
    const csrf = await w.csrf(cookie);
    const expected = await (await w.get('/web/chi-bo/nope00000', cookie)).text();
    for (const kind of ['unmet', 'unreported', 'unvisited']) {
      const res = await w.post(
        '/web/nhac',
        { csrf, kind, unit: ids.CB2!, from: ids.XA1!, ky: '2026-11' },
        cookie,
      );
      expect(res.status).toBe(404);
      expect(await res.text()).toBe(expected);
    }
    expect(await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'sec2')).all()).toHaveLength(0);
  });

  it('refuses "remind now" without the session token, or with another session\'s', async () => {
    const cookie = await w.login('me');
    const other = await w.csrf(await w.login('prov'));
    const form = { kind: 'unmet', unit: ids.CB1!, from: ids.XA1!, ky: '2026-11' };
    expect((await w.post('/web/nhac', form, cookie)).status).toBe(403);
    expect((await w.post('/web/nhac', { ...form, csrf: other }, cookie)).status).toBe(403);
    expect((await w.post('/web/nhac', { ...form, csrf: await w.csrf(cookie) }, cookie, {})).status).toBe(403);
  });

  it('offers each of several units held apart, and only those', async () => {
    await w.h.person('two', 'Hai Vai', [
      { role: 'committee', unit: 'CB1' },
      { role: 'coordinator', unit: 'XA2' },
    ]);
    const cookie = await w.login('two');
    const home = await w.get('/web', cookie);
    expect(home.status).toBe(200);
    const text = await home.text();
    expect(text).toContain(`href="/web/don-vi/${ids.CB1}"`);
    expect(text).toContain(`href="/web/don-vi/${ids.XA2}"`);
    expect(text).not.toContain('Đảng bộ xã Một');
    expect((await w.get(`/web/don-vi/${ids.XA1}`, cookie)).status).toBe(404);
  });

  it('lets the province coordinator see both communes', async () => {
    const cookie = await w.login('prov');
    const page = await (await w.get(`/web/don-vi/${ids.TINH}?ky=2026-12`, cookie)).text();
    expect(page).toContain('Đảng bộ xã Một');
    expect(page).toContain('Đảng bộ xã Hai');
    expect((await w.get(`/web/chi-bo/${ids.CB2}`, cookie)).status).toBe(200);
  });
});
