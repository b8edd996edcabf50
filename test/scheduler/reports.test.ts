import { like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema';
import { reportReminders } from '../../src/scheduler/report-reminders';
import { tick } from '../../src/scheduler/tick';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;

/** Local time in Hà Nội (UTC+7). */
const at = (local: string) => new Date(`${local}:00+07:00`);
const run = async (local: string) => {
  h.setNow(at(local));
  await tick(h.deps, h.now(), [reportReminders]);
};
/** Outbox rows about November's reports (October's escalation runs in November too). */
const reportRows = async (period = '2026-11') =>
  (
    await h.db
      .select()
      .from(outbox)
      .where(like(outbox.dedupeKey, `report:%:${period}:%`))
      .all()
  ).map((r) => ({
    key: r.dedupeKey!,
    chat: r.chatId,
    text: (JSON.parse(r.payload) as { text: string }).text,
    nextAttemptAt: r.nextAttemptAt,
  }));
const sendReport = async (chat: string) => {
  await h.say(chat, 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 0');
  await h.say(chat, '1');
};

beforeEach(async () => {
  // The organisation has been in chibo since September, so it owes October's reports too.
  h = await createHarness('2026-09-01T03:00:00Z');
  await h.unit('TINH', 'Đảng bộ tỉnh', 'province');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune', 'TINH');
  await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
  await h.unit('KP4', 'Chi bộ bản Xía', 'cell', 'XQS');
  await h.unit('KP5', 'Chi bộ bản Mờ', 'cell', 'XQS');
  await h.unit('XNB', 'Đảng bộ xã Na Bó', 'commune', 'TINH');
  await h.unit('NB1', 'Chi bộ Na Bó 1', 'cell', 'XNB');
  await h.person('an', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP3' }]);
  await h.person('binh', 'Lò Văn Bình', [{ role: 'secretary', unit: 'KP4' }]);
  await h.person('tu', 'Đinh Văn Tư', [{ role: 'secretary', unit: 'NB1' }]);
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
  await h.person('prov', 'Lê Văn Tỉnh', [{ role: 'coordinator', unit: 'TINH' }]);
  // KP5 has no secretary linked; XNB has no coordinator, so the province's coordinator hears of NB1.
  h.setNow('2026-11-20T03:00:00Z');
});
afterEach(() => h.close());

describe('report reminders across a month', () => {
  it('reminds on the 25th and the last day only those who have not reported, then escalates once', async () => {
    await run('2026-11-24T10:00');
    expect(await reportRows()).toHaveLength(0);

    h.setNow(at('2026-11-24T15:00'));
    await sendReport('an');

    await run('2026-11-25T00:30'); // before the reminder time: nothing planned at night
    expect(await reportRows()).toHaveLength(0);

    await run('2026-11-25T07:00');
    let rows = await reportRows();
    expect(rows.map((r) => r.chat).sort()).toEqual(['binh', 'tu']);
    expect(rows.find((r) => r.chat === 'binh')!.text).toContain(
      'Chi bộ bản Xía chưa gửi báo cáo tháng 11/2026',
    );
    expect(rows.find((r) => r.chat === 'binh')!.text).toContain('hết ngày 30/11/2026');
    expect(rows.map((r) => r.key)).toContain(
      `report:${(await h.db.query.units.findFirst({ where: (u, { eq }) => eq(u.code, 'KP4') }))!.id}:2026-11:${
        (await h.db.query.people.findFirst({ where: (p, { eq }) => eq(p.name, 'Lò Văn Bình') }))!.id
      }:first`,
    );

    // Two ticks at once and later ticks on the following days add nothing.
    await Promise.all([
      tick(h.deps, at('2026-11-25T07:01'), [reportReminders]),
      tick(h.deps, at('2026-11-25T07:01'), [reportReminders]),
    ]);
    await run('2026-11-27T09:00');
    expect(await reportRows()).toHaveLength(2);

    await run('2026-11-30T07:00');
    rows = await reportRows();
    const last = rows.filter((r) => r.key.endsWith(':last'));
    expect(last.map((r) => r.chat).sort()).toEqual(['binh', 'tu']);
    expect(last[0]!.text).toContain('ngày cuối tháng');
    expect(rows.some((r) => r.chat === 'an')).toBe(false);

    h.setNow(at('2026-11-30T10:00'));
    await sendReport('binh');

    await run('2026-12-02T09:00');
    expect((await reportRows()).filter((r) => r.key.endsWith(':escalation'))).toHaveLength(0);

    await run('2026-12-03T07:00');
    await run('2026-12-03T08:00');
    await run('2026-12-10T08:00');
    const esc = (await reportRows()).filter((r) => r.key.endsWith(':escalation'));
    expect(esc.map((r) => r.chat).sort()).toEqual(['coord', 'prov']);
    const toCoord = esc.find((r) => r.chat === 'coord')!.text;
    expect(toCoord).toContain('Đảng bộ xã Quan Sơn: 1 chi bộ chưa gửi');
    expect(toCoord).toContain('KP5 — Chi bộ bản Mờ; chưa có bí thư liên kết');
    expect(toCoord).not.toContain('KP3');
    expect(toCoord).not.toContain('KP4');
    const toProvince = esc.find((r) => r.chat === 'prov')!.text;
    expect(toProvince).toContain('NB1 — Chi bộ Na Bó 1; bí thư: Đinh Văn Tư');
    expect(toProvince).not.toContain('KP5');
  });

  it('holds a reminder planned in quiet hours until they end', async () => {
    await run('2026-11-25T22:15');
    const rows = [...(await reportRows()), ...(await reportRows('2026-10'))];
    expect(rows).toHaveLength(5); // three secretaries for November, two coordinators for October
    for (const r of rows) expect(r.nextAttemptAt).toBe(at('2026-11-26T06:30').getTime());
  });

  it('drops a waiting reminder when the report is sent before it goes out', async () => {
    await run('2026-11-25T22:15');
    h.setNow(at('2026-11-25T23:00'));
    await sendReport('an');
    const status = async (chat: string) =>
      (await h.db.select().from(outbox).where(like(outbox.dedupeKey, `report:%:2026-11:%`)).all())
        .filter((r) => r.chatId === chat)
        .map((r) => r.status);
    expect(await status('an')).toEqual(['dropped']);
    expect(await status('binh')).toEqual(['pending']);
  });

  it("escalates last month's missing cells during this month, once per coordinator", async () => {
    await run('2026-11-20T10:00');
    await run('2026-11-21T10:00');
    const esc = await reportRows('2026-10');
    expect(esc.map((r) => r.chat).sort()).toEqual(['coord', 'prov']);
    expect(esc.find((r) => r.chat === 'coord')!.text).toContain('3 chi bộ chưa gửi');
  });

  it('does not chase a cell for a month that ended before it came into chibo', async () => {
    await h.unit('KP6', 'Chi bộ bản Mới', 'cell', 'XQS'); // imported on 20 November
    await run('2026-11-21T10:00');
    const toCoord = (await reportRows('2026-10')).find((r) => r.chat === 'coord')!.text;
    expect(toCoord).toContain('3 chi bộ chưa gửi');
    expect(toCoord).not.toContain('KP6');
    await run('2026-11-25T07:00');
    await h.person('sau', 'Vi Văn Sáu', [{ role: 'secretary', unit: 'KP6' }]);
    await run('2026-11-25T08:00');
    expect((await reportRows()).some((r) => r.chat === 'sau')).toBe(true); // November it does owe
  });

  it('treats a returned report as missing and says it needs completion', async () => {
    await sendReport('an');
    await h.say('coord', 'baocao tralai KP3 11/2026 thiếu số kiến nghị');
    await run('2026-11-25T07:00');
    const toAn = (await reportRows()).find((r) => r.chat === 'an')!;
    expect(toAn.text).toContain('đã được trả lại và chưa bổ sung');
  });

  it('moves the reminder off a holiday to the first working day after it', async () => {
    h.close();
    h = await createHarness('2026-11-01T03:00:00Z', { HOLIDAYS: '2026-11-25..2026-11-26' });
    await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
    await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
    await h.person('an', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP3' }]);
    await run('2026-11-25T08:00');
    await run('2026-11-26T08:00');
    expect(await reportRows()).toHaveLength(0);
    await run('2026-11-27T08:00');
    expect((await reportRows()).map((r) => r.chat)).toEqual(['an']);
  });

  it('respects a configured reminder day', async () => {
    h.close();
    h = await createHarness('2026-11-20T03:00:00Z', { REPORT_REMINDER_DAY: '20' });
    await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
    await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
    await h.person('an', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP3' }]);
    await run('2026-11-19T10:00');
    expect(await reportRows()).toHaveLength(0);
    await run('2026-11-20T10:00');
    expect((await reportRows()).map((r) => r.chat)).toEqual(['an']);
  });
});
