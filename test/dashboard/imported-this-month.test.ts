/**
 * The dashboard's breakdown of a running quarter with a cell imported this month: its row says
 * "chưa đến hạn" where the other rows count due months (it showed "0/1", read as a missed meeting),
 * and the rows come in tonghop's order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { seedQuanSon } from '../support/summary-fixture';
import { type Web, webWorld } from './support';

let w: Web;
let cookie: string;
const id = async (code: string) => (await unitByCode(w.h.db, code))!.id;

beforeEach(async () => {
  w = await webWorld('2026-12-02T03:00:00Z');
  await seedQuanSon(w.h);
  await w.h.unit('QS9', 'Chi bộ thôn Chín', 'cell', 'XQS');
  await w.h.person('coord', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
  cookie = await w.login('coord');
});
afterEach(() => w.h.close());

describe('dashboard: a cell imported this month in a quarter', () => {
  it('shows "chưa đến hạn" for its meetings, not a share of one month, in the order tonghop lists', async () => {
    const html = await (await w.get(`/web/don-vi/${await id('XQS')}?ky=2026-Q4`, cookie)).text();
    const rows = [...html.matchAll(/<tr><td data-v="([^"]+)">[\s\S]*?<\/tr>/g)];
    const qs9 = rows.find((r) => r[1] === 'Chi bộ thôn Chín')![0];
    const cells = [...qs9.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    // cells, met, thematic, …
    expect(cells.slice(0, 2)).toEqual(['1', 'chưa đến hạn']);
    const order = rows.map((r) => r[1]);
    const [chat] = await w.h.say('coord', 'tonghop XQS quy 4/2026');
    const chatOrder = order.map((name) => chat!.text.indexOf(`. ${name} (`));
    expect(chatOrder.every((i) => i > 0)).toBe(true);
    expect([...chatOrder].sort((a, b) => a - b)).toEqual(chatOrder);
  });
});
