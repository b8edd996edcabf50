/**
 * What the dashboard shows is what chat says: the unit page has `tonghop`'s figure lines and its
 * child units in its order (worst first), the chart is `bieudo`'s SVG, and the Excel file is the very
 * workbook `xuat` sends. Over the hand-counted commune of test/support/summary-fixture.ts, asked on
 * 2/12/2026 (so November, just ended, is the default month).
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { installSummaryRenderers } from '../../src/domain/summaries/renderers';
import { installNodeSummaryRenderers, nodeSummaryRenderers } from '../../src/entry/node-summary-renderers';
import { seedQuanSon } from '../support/summary-fixture';
import { type Web, webWorld } from './support';

let w: Web;
let cookie: string;
const id = async (code: string) => (await unitByCode(w.h.db, code))!.id;
/** The page's text as a reader sees it: tags out, entities decoded, spaces collapsed. */
const visible = (html: string) =>
  html
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

beforeEach(async () => {
  installNodeSummaryRenderers();
  w = await webWorld('2026-12-02T03:00:00Z');
  await seedQuanSon(w.h);
  await w.h.person('coord', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
  await w.h.person('prov', 'Trần Văn Tỉnh', [{ role: 'coordinator', unit: 'TINH' }]);
  cookie = await w.login('coord');
});
afterEach(() => {
  installSummaryRenderers(nodeSummaryRenderers);
  w.h.close();
});

describe('a unit page', () => {
  it('shows every figure line tonghop answers, for the month just ended by default', async () => {
    const [chat] = await w.h.say('coord', 'tonghop XQS');
    const lines = chat!.text
      .split('\n')
      .filter((l) =>
        /^(Số chi bộ|Sinh hoạt|Chuyên đề|Tỷ lệ|Xếp loại|Báo cáo|Được cấp|Lượt|Kiến nghị)/.test(l),
      );
    expect(lines.length).toBeGreaterThanOrEqual(9);
    const page = visible(await (await w.get(`/web/don-vi/${await id('XQS')}`, cookie)).text());
    expect(page).toContain('Xã Quan Sơn XQS — tháng 11/2026');
    expect(page).toContain('Tháng 11/2026 vừa kết thúc');
    for (const line of lines) expect(page).toContain(line.replace(/\s+/g, ' '));
  });

  it('lists the child units worst first, as tonghop does, each leading one level down', async () => {
    const html = await (await w.get(`/web/don-vi/${await id('XQS')}?ky=2026-11`, cookie)).text();
    const order = [...html.matchAll(/<tr><td data-v="([^"]+)"><a href="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(order.map((o) => o[0])).toEqual([
      'Chi bộ thôn Mới',
      'Chi bộ thôn Bãi',
      'Chi bộ thôn Nà',
      'Chi bộ thôn Đồng',
    ]);
    expect(order[0]![1]).toBe(`/web/chi-bo/${await id('QS5')}?ky=2026-11`);
    const [chat] = await w.h.say('coord', 'tonghop XQS 11/2026');
    const chatOrder = ['thôn Mới', 'thôn Bãi', 'thôn Nà', 'thôn Đồng'].map((n) => chat!.text.indexOf(n));
    expect([...chatOrder].sort((a, b) => a - b)).toEqual(chatOrder);

    const province = await (
      await w.get(`/web/don-vi/${await id('TINH')}?ky=2026-11`, await w.login('prov'))
    ).text();
    expect(province).toContain(`href="/web/don-vi/${await id('XQS')}?ky=2026-11"`);
  });

  it('shows the totals row with the hand-counted figures', async () => {
    const html = await (await w.get(`/web/don-vi/${await id('XQS')}?ky=2026-11`, cookie)).text();
    const foot = visible(/<tfoot>[\s\S]*<\/tfoot>/.exec(html)![0]).trim();
    // cells, met, thematic, attendance, on time, late, returned, missing, visited, petitions raised, resolved
    expect(foot).toBe('Cộng 4 3/4 2/4 80% 1 1 1 1 2/4 6 3');
  });

  it('carries the bieudo chart as inline SVG', async () => {
    const html = await (await w.get(`/web/don-vi/${await id('XQS')}?ky=2026-11`, cookie)).text();
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('Xã Quan Sơn — tháng 11/2026</text>');
  });

  it('follows the chosen quarter and year', async () => {
    const [chat] = await w.h.say('coord', 'tonghop XQS quy 4/2026');
    const quarter = visible(await (await w.get(`/web/don-vi/${await id('XQS')}?ky=2026-Q4`, cookie)).text());
    expect(quarter).toContain('Xã Quan Sơn XQS — quý 4/2026');
    const met = chat!.text.split('\n').find((l) => l.startsWith('Sinh hoạt'))!;
    expect(quarter).toContain(met);
    const year = visible(await (await w.get(`/web/don-vi/${await id('XQS')}?ky=2026`, cookie)).text());
    expect(year).toContain('— năm 2026');
  });

  it('sends a cell to its own page', async () => {
    const res = await w.get(`/web/don-vi/${await id('QS1')}?ky=2026-11`, cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/web/chi-bo/${await id('QS1')}?ky=2026-11`);
  });
});

describe('the Excel download', () => {
  async function sheets(bytes: ArrayBuffer) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    return wb.worksheets.map((s) => ({
      name: s.name,
      rows: s
        .getSheetValues()
        .map((r) => (Array.isArray(r) ? r.map((v) => (v instanceof Date ? v.toISOString() : v)) : r)),
    }));
  }

  it('is the workbook xuat sends for the same unit and period', async () => {
    const res = await w.get(`/web/don-vi/${await id('XQS')}/excel?ky=2026-11`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="tonghop-XQS-2026-11.xlsx"');
    const [chat] = await w.h.say('coord', 'xuat XQS 11/2026');
    const fromChat = Uint8Array.from(atob(chat!.document!.base64), (c) => c.charCodeAt(0));
    const web = await sheets(await res.arrayBuffer());
    expect(web.map((s) => s.name)).toEqual(['Tổng hợp', 'Chi bộ', 'Sinh hoạt', 'Báo cáo', 'Dự sinh hoạt']);
    expect(web).toEqual(await sheets(fromChat.buffer));
  });

  it('says it is not available where the runtime has no workbook renderer', async () => {
    installSummaryRenderers({ xlsx: undefined });
    const res = await w.get(`/web/don-vi/${await id('XQS')}/excel?ky=2026-11`, cookie);
    expect(res.status).toBe(501);
    expect(await res.text()).toContain('chưa làm được tệp Excel');
  });
});
