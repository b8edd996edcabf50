/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against the real Node
 * server with a local Telegram API: a coordinator sends `web` in Telegram, opens the link from the
 * bot's message, sees the commune for November, sorts the table, downloads the Excel file, goes down
 * to a cell, reminds a laggard (the outbox row appears and Telegram receives it) and logs out. The same
 * on a 360 px phone, and once more with JavaScript off (everything but sorting still works). No page
 * breaks the Content-Security-Policy. Screenshots of each step go to test-artifacts/dashboard-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUnit, unitByCode } from '../../db/repo/units';
import {
  chatIdentities,
  meetingRecords,
  outbox,
  people,
  reports,
  roleAssignments,
  units,
  visits,
} from '../../db/schema';
import type { Write } from '../../db/types';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/deps';
import { createRuntime, type Runtime } from '../../src/entry/node-runtime';
import { launchChromium } from '../support/chromium';
import { eventually, type FakeTelegram, startFakeTelegram, telegramMessage } from '../support/fake-telegram';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const SECRET = 'dash_secret_123456';
const COORDINATOR_CHAT = 4242;
/** 10:00 on Thursday 10/12/2026 in Vietnam; the clock runs on from there. */
const START = Date.parse('2026-12-10T03:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'chibo-dash-'));
let tg: FakeTelegram;
let rt: Runtime;
let browser: Browser;
let base: string;
let updateId = 0;

async function seed(): Promise<void> {
  const { store } = rt.database;
  const db = store.db;
  const at = new Date(START);
  let n = 0;
  const newId = (p: string) => `${p}${++n}`;
  const unit = async (code: string, name: string, kind: string, parent?: string) => {
    const p = parent ? await unitByCode(db, parent) : null;
    await store.commit([insertUnit(db, { id: newId('u'), code, name, kind, parent: p ?? null }, at)]);
    return (await unitByCode(db, code))!.id;
  };
  await unit('XQS', 'Xã Quan Sơn', 'commune');
  const qs1 = await unit('QS1', 'Chi bộ thôn Đồng', 'cell', 'XQS');
  const qs2 = await unit('QS2', 'Chi bộ thôn Bãi', 'cell', 'XQS');
  await unit('QS3', 'Chi bộ thôn Nà', 'cell', 'XQS');
  await unit('QS4', 'Chi bộ thôn Khe', 'cell', 'XQS');
  await unit('XBEN', 'Xã Bên', 'commune');
  await unit('BEN1', 'Chi bộ thôn Bên', 'cell', 'XBEN');
  const person = async (name: string, chat: number, role: 'coordinator' | 'secretary', unitCode: string) => {
    const personId = newId('p');
    const u = (await unitByCode(db, unitCode))!;
    await store.commit([
      db.insert(people).values({ id: personId, name, createdAt: START }),
      db.insert(chatIdentities).values({
        id: newId('i'),
        platform: 'telegram',
        externalId: String(chat),
        chatId: String(chat),
        personId,
        linkedAt: START,
      }),
      db
        .insert(roleAssignments)
        .values({ id: newId('r'), personId, unitId: u.id, role, validFrom: START - 1 }),
    ]);
    return personId;
  };
  const coord = await person('Lê Thị Điều Phối', COORDINATOR_CHAT, 'coordinator', 'XQS');
  await person('Vũ Thị Ba', 5151, 'secretary', 'QS3');
  await person('Đinh Văn Bốn', 6161, 'secretary', 'QS4');
  const t = START;
  const record = (
    unitId: string,
    heldOn: string,
    present: number,
    total: number,
    kind: 'regular' | 'thematic',
  ) =>
    db.insert(meetingRecords).values({
      id: newId('m'),
      unitId,
      period: heldOn.slice(0, 7),
      heldOn,
      present,
      total,
      kind,
      grade: 'tot',
      revision: 1,
      isCurrent: true,
      recordedBy: coord,
      recordedAt: t,
    });
  const writes: Write[] = [
    // In chibo since the start of the year, so November is owed by every cell.
    db.update(units).set({ createdAt: Date.UTC(2025, 11, 31, 17) }),
    record(qs1, '2026-11-05', 18, 20, 'thematic'),
    record(qs2, '2026-11-07', 10, 15, 'regular'),
    db.insert(reports).values({
      id: newId('rep'),
      unitId: qs1,
      period: '2026-11',
      status: 'submitted',
      petitionsRaised: 3,
      petitionsResolved: 2,
      revision: 1,
      firstSubmittedAt: t,
      submittedAt: t,
      submittedBy: coord,
    }),
    db.insert(visits).values({
      id: newId('v'),
      personId: coord,
      unitId: qs1,
      visitedOn: '2026-11-05',
      period: '2026-11',
      notes: 'Họp đúng giờ',
      recordedAt: t,
    }),
  ];
  await store.commit(writes);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tg = await startFakeTelegram();
  const realStart = Date.now();
  rt = await createRuntime(
    loadConfig({
      DATABASE_PATH: join(dir, 'dash.db'),
      PORT: '0',
      DEMO_DATA: '0',
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_BOT_ID: '123',
      TELEGRAM_BOT_USERNAME: 'chibo_test_bot',
    }),
    { log: silentLogger, cron: false, clock: () => new Date(START + Date.now() - realStart) },
  );
  base = `http://127.0.0.1:${(await rt.listen(0)).port}`;
  // The public address is this server's, known once it listens (read by the dashboard at each request).
  rt.deps.config = { ...rt.deps.config, PUBLIC_URL: base };
  await seed();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await rt?.stop();
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends `web` on Telegram and returns the link of the bot's answer. */
async function linkFromTelegram(): Promise<string> {
  const before = tg.callsTo('sendMessage').length;
  const id = ++updateId;
  const res = await fetch(`${base}/webhook/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify(telegramMessage({ updateId: id, userId: COORDINATOR_CHAT, text: '/web' })),
  });
  expect(res.status).toBe(200);
  const sent = await eventually(() =>
    tg
      .callsTo('sendMessage')
      .slice(before)
      .find((c) => c.body.chat_id === COORDINATOR_CHAT),
  );
  const link = /http:\/\/127\.0\.0\.1:\d+\/web\/vao\/[A-Za-z0-9_-]{43}/.exec(String(sent.body.text));
  expect(link).not.toBeNull();
  return link![0];
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

const firstColumn = (page: Page) => page.locator('#breakdown tbody tr td:first-child a').allInnerTexts();

/** Columns of the page wider than the screen make the whole page scroll sideways: they must not. */
async function fitsWidth(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scroll).toBeLessThanOrEqual(width);
}

async function outboxRowFor(chat: string, kind: string) {
  return rt.database.store.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.chatId, chat), like(outbox.dedupeKey, `web:${kind}:%`)))
    .all();
}

const RUNS = [
  { name: 'desktop', viewport: { width: 1280, height: 900 }, laggard: 'Chi bộ thôn Nà', chat: '5151' },
  { name: 'phone', viewport: { width: 360, height: 740 }, laggard: 'Chi bộ thôn Khe', chat: '6161' },
] as const;

describe('the dashboard in Chromium', () => {
  it.each(RUNS)(
    'logs in from Telegram, reads, sorts, downloads, goes down, reminds and logs out ($name)',
    async (run) => {
      const context = await browser.newContext({ viewport: run.viewport, acceptDownloads: true });
      const page = await context.newPage();
      const problems: string[] = [];
      // A refused style, script or picture is logged as an error naming the Content Security Policy.
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused/i.test(m.text()))
          problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      try {
        await page.goto(await linkFromTelegram());
        await shot(page, `${run.name}-1-login`);
        await page.getByRole('button', { name: 'Vào trang tổng hợp' }).click();
        await expect.poll(() => page.url()).toContain('/web/don-vi/');
        await expect.poll(() => page.textContent('h1')).toContain('Xã Quan Sơn');

        // November through the period picker (a plain form).
        await page.selectOption('#ky', '2026-11');
        await page.getByRole('button', { name: 'Xem', exact: true }).click();
        await expect.poll(() => page.textContent('h1')).toContain('tháng 11/2026');
        const text = await page.textContent('main');
        expect(text).toContain('Số chi bộ: 4');
        expect(text).not.toContain('Xã Bên');
        expect(await page.locator('.chart svg').count()).toBe(1);
        await fitsWidth(page);
        await shot(page, `${run.name}-2-commune`);

        // Worst first from the server; a click on "Đã họp" sorts by it, a second click reverses.
        const worstFirst = await firstColumn(page);
        expect(worstFirst.slice(-1)).toEqual(['Chi bộ thôn Đồng']);
        await page.locator('#breakdown th button', { hasText: 'Đơn vị' }).click();
        const byName = await firstColumn(page);
        expect(byName).toEqual([...byName].sort((a, b) => a.localeCompare(b, 'vi')));
        await page.locator('#breakdown th button', { hasText: 'Đã họp' }).click();
        await page.locator('#breakdown th button', { hasText: 'Đã họp' }).click();
        const metFirst = await firstColumn(page);
        expect(['Chi bộ thôn Đồng', 'Chi bộ thôn Bãi']).toContain(metFirst[0]);
        expect(await page.getAttribute('#breakdown th:nth-child(3)', 'aria-sort')).toBe('descending');
        await shot(page, `${run.name}-3-sorted`);

        // The Excel file of the commune and month on screen.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'Tải tệp Excel' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe('tonghop-XQS-2026-11.xlsx');
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile((await download.path())!);
        const summary = wb.getWorksheet('Tổng hợp')!;
        expect(String(summary.getCell('A1').value)).toContain('Xã Quan Sơn (XQS) — tháng 11/2026');
        expect(wb.getWorksheet('Chi bộ')!.rowCount).toBe(5); // header and four cells

        // Down to a cell.
        await page.getByRole('link', { name: run.laggard }).click();
        await expect.poll(() => page.textContent('h1')).toContain(run.laggard);
        expect(await page.textContent('main')).toContain('Chưa có biên bản nào trong kỳ.');
        await fitsWidth(page);
        await shot(page, `${run.name}-4-cell`);

        // Its laggards, and a reminder to its secretary.
        await page.getByRole('link', { name: 'Chi bộ chậm việc và nhắc ngay' }).click();
        await expect.poll(() => page.textContent('h1')).toContain('Chi bộ chậm việc');
        await page.getByRole('link', { name: '↑ Xã Quan Sơn' }).first().click();
        await page.getByRole('link', { name: 'Chi bộ chậm việc và nhắc ngay' }).click();
        const row = page.locator('#lag-unmet tr', { hasText: run.laggard });
        expect(await row.textContent()).toContain('Telegram');
        await row.getByRole('button', { name: 'Nhắc ngay' }).click();
        await expect.poll(() => row.textContent()).toContain('Đã nhắc hôm nay');
        const rows = await outboxRowFor(run.chat, 'unmet');
        expect(rows).toHaveLength(1);
        const delivered = await eventually(() =>
          tg.callsTo('sendMessage').find((c) => String(c.body.chat_id) === run.chat),
        );
        expect(String(delivered.body.text)).toContain(
          `${run.laggard} chưa ghi biên bản sinh hoạt tháng 11/2026`,
        );
        await fitsWidth(page);
        await shot(page, `${run.name}-5-reminded`);

        await page.getByRole('button', { name: 'Thoát' }).click();
        await expect.poll(() => page.textContent('main')).toContain('Đã thoát');
        await page.goto(`${base}/web`);
        expect(await page.textContent('h1')).toContain('Cần đăng nhập');
        await shot(page, `${run.name}-6-logged-out`);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  it('works with JavaScript off: login, the period picker, the table, a reminder, logout', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    try {
      await page.goto(await linkFromTelegram());
      await page.getByRole('button', { name: 'Vào trang tổng hợp' }).click();
      await page.selectOption('#ky', '2026-11');
      await page.getByRole('button', { name: 'Xem', exact: true }).click();
      expect(await page.textContent('h1')).toContain('tháng 11/2026');
      expect(await firstColumn(page)).toHaveLength(4);
      expect(await page.locator('#breakdown th button').count()).toBe(0);
      await page.getByRole('link', { name: 'Chi bộ chậm việc và nhắc ngay' }).click();
      const row = page.locator('#lag-unreported tr', { hasText: 'Chi bộ thôn Nà' });
      await row.getByRole('button', { name: 'Nhắc ngay' }).click();
      expect(await row.textContent()).toContain('Đã nhắc hôm nay');
      expect(
        await rt.database.store.db
          .select()
          .from(outbox)
          .where(and(eq(outbox.chatId, '5151'), like(outbox.dedupeKey, 'report:%:web-%')))
          .all(),
      ).toHaveLength(1);
      await shot(page, 'nojs-reminded');
      await page.getByRole('button', { name: 'Thoát' }).click();
      expect(await page.textContent('main')).toContain('Đã thoát');
    } finally {
      await context.close();
    }
  }, 60_000);
});
