/**
 * The laggards page and "remind now": the lists chuahop and chuabaocao give, with the secretary and
 * where they can be reached; a reminder goes through the outbox like a scheduled one (quiet hours,
 * one unique key a day, dropped once the report arrives), and only to a cell still lagging.
 * Over the hand-counted commune of test/support/summary-fixture.ts on 2/12/2026, 10:00 local.
 */
import { and, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { chatIdentities, outbox, people } from '../../db/schema';
import type { OutgoingMessage } from '../../src/channels/types';
import { seedQuanSon } from '../support/summary-fixture';
import { type Web, webWorld } from './support';

let w: Web;
let cookie: string;
let csrf: string;
const id = async (code: string) => (await unitByCode(w.h.db, code))!.id;

beforeEach(async () => {
  w = await webWorld('2026-12-02T03:00:00Z');
  await seedQuanSon(w.h);
  await w.h.person('coord', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
  await w.h.person('sec-qs5', 'Hoàng Văn Năm', [{ role: 'secretary', unit: 'QS5' }], 'telegram');
  await w.h.person('sec-qs3', 'Vũ Thị Ba', [{ role: 'secretary', unit: 'QS3' }]);
  // The fixture's supervisor (assigned to QS1 and QS2), linked on Zalo.
  await w.h.commit([
    w.h.db.insert(people).values({ id: 'sup1', name: 'Đỗ Văn Giám', createdAt: 0 }),
    w.h.db.insert(chatIdentities).values({
      id: 'sup1-z',
      platform: 'zalo',
      externalId: 'z-sup1',
      chatId: 'z-sup1',
      personId: 'sup1',
      linkedAt: 0,
    }),
  ]);
  cookie = await w.login('coord');
  csrf = await w.csrf(cookie);
});
afterEach(() => w.h.close());

async function laggardsPage(): Promise<string> {
  return (await w.get(`/web/don-vi/${await id('XQS')}/cham?ky=2026-11`, cookie)).text();
}

const rowOf = (html: string, list: string, unitId: string) =>
  new RegExp(`<table class="list" id="lag-${list}">[\\s\\S]*?</table>`)
    .exec(html)![0]
    .split('<tr')
    .find((r) => r.includes(`data-unit="${unitId}"`));

async function remind(kind: string, code: string) {
  return w.post(
    '/web/nhac',
    { csrf, kind, unit: await id(code), from: await id('XQS'), ky: '2026-11' },
    cookie,
  );
}

const texts = (rows: { payload: string }[]) =>
  rows.map((r) => (JSON.parse(r.payload) as OutgoingMessage).text);

describe('the laggards page', () => {
  it('lists the cells chuahop and chuabaocao list, with the secretary and the chat they are reached on', async () => {
    const html = await laggardsPage();
    const [unmet] = await w.h.say('coord', 'chuahop XQS 11/2026');
    const [unreported] = await w.h.say('coord', 'chuabaocao XQS 11/2026');
    expect(unmet!.text).toContain('Chi bộ thôn Mới');
    const qs5 = rowOf(html, 'unmet', await id('QS5'))!;
    expect(qs5).toContain('Chi bộ thôn Mới');
    expect(qs5).toContain('Hoàng Văn Năm');
    expect(qs5).toContain('Telegram');
    expect(qs5).toContain('quá hạn');
    expect(rowOf(html, 'unmet', await id('QS1'))).toBeUndefined();
    for (const code of ['QS3', 'QS5']) {
      const u = await unitByCode(w.h.db, code);
      expect(unreported!.text).toContain(u!.name);
      expect(rowOf(html, 'unreported', u!.id)).toBeDefined();
    }
    expect(rowOf(html, 'unreported', await id('QS3'))).toContain('bị trả lại');
    const qs2 = rowOf(html, 'unvisited', await id('QS2'))!;
    expect(qs2).toContain('Đỗ Văn Giám');
    expect(qs2).toContain('Zalo');
  });

  it('says who cannot be reached', async () => {
    await w.h.commit([
      w.h.db
        .update(chatIdentities)
        .set({ unreachableAt: 1, unreachableReason: 'blocked' })
        .where(eq(chatIdentities.chatId, 'sec-qs5')),
    ]);
    expect(rowOf(await laggardsPage(), 'unmet', await id('QS5'))).toContain('Telegram (không nhận được tin)');
  });
});

describe('remind now', () => {
  it('queues the reminder to the secretary now, once a day however often it is pressed', async () => {
    const res = await remind('unmet', 'QS5');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/web/don-vi/${await id('XQS')}/cham?ky=2026-11`);
    const rows = await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'sec-qs5')).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.platform).toBe('telegram');
    expect(rows[0]!.nextAttemptAt).toBe(w.h.now().getTime());
    expect(rows[0]!.dedupeKey).toMatch(/^web:unmet:.+:2026-11:.+:2026-12-02$/);
    expect(texts(rows)[0]).toContain('Lê Thị Điều Phối');
    expect(texts(rows)[0]).toContain('Chi bộ thôn Mới chưa ghi biên bản sinh hoạt tháng 11/2026');

    await remind('unmet', 'QS5');
    expect(await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'sec-qs5')).all()).toHaveLength(1);
    expect(rowOf(await laggardsPage(), 'unmet', await id('QS5'))).toContain('Đã nhắc hôm nay');

    w.h.advance(86_400_000);
    await remind('unmet', 'QS5');
    expect(await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'sec-qs5')).all()).toHaveLength(2);
  });

  it('holds a reminder pressed at night until the quiet hours end', async () => {
    w.h.setNow('2026-12-02T15:00:00Z'); // 22:00 in Vietnam
    await remind('unmet', 'QS5');
    const [row] = await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'sec-qs5')).all();
    expect(new Date(row!.nextAttemptAt).toISOString()).toBe('2026-12-02T23:30:00.000Z'); // 06:30
    expect(rowOf(await laggardsPage(), 'unmet', await id('QS5'))).toContain('06:30');
  });

  it('drops a report reminder still waiting once the report is sent', async () => {
    w.h.setNow('2026-12-02T15:00:00Z');
    await remind('unreported', 'QS5');
    await w.h.say('sec-qs5', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 0', {
      platform: 'telegram',
    });
    await w.h.say('sec-qs5', '1', { platform: 'telegram' });
    const [row] = await w.h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.chatId, 'sec-qs5'), like(outbox.dedupeKey, 'report:%')))
      .all();
    expect(row!.status).toBe('dropped');
  });

  it('tells the secretary of a sent-back report to correct it', async () => {
    await remind('unreported', 'QS3');
    const [text] = texts(await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'sec-qs3')).all());
    expect(text).toContain('báo cáo bị trả lại chưa bổ sung tháng 11/2026');
    expect(text).toContain('baocao sua 11/2026');
  });

  it('reminds the assigned supervisor of a cell nobody visited', async () => {
    await remind('unvisited', 'QS2');
    const [text] = texts(await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'z-sup1')).all());
    expect(text).toContain('chưa dự sinh hoạt của Chi bộ thôn Bãi trong tháng 11/2026');
  });

  it('reminds nobody of something done: a cell that met gets no meeting reminder', async () => {
    await w.h.person('sec-qs1', 'Trần Văn Một', [{ role: 'secretary', unit: 'QS1' }]);
    const res = await remind('unmet', 'QS1');
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('không còn việc chậm');
    expect(await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'sec-qs1')).all()).toHaveLength(0);
  });

  it('refuses a made-up kind or period', async () => {
    for (const form of [
      { kind: 'everything', ky: '2026-11' },
      { kind: 'unmet', ky: 'soon' },
    ]) {
      const res = await w.post(
        '/web/nhac',
        { csrf, unit: await id('QS5'), from: await id('XQS'), ...form },
        cookie,
      );
      expect(res.status).toBe(404);
    }
    expect(await w.h.db.select().from(outbox).where(eq(outbox.chatId, 'sec-qs5')).all()).toHaveLength(0);
  });
});
