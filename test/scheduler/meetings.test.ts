/**
 * A cell walked through a year with a hand-moved clock: every tick's new outbox rows are asserted
 * exactly (who, which reminder, when it may be sent).
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatIdentities, meetings, outbox, supervisorAssignments, units } from '../../db/schema';
import { localParts } from '../../src/domain/time/zone';
import { meetingJobs } from '../../src/scheduler/meetings';
import { tick } from '../../src/scheduler/tick';
import { createHarness, type Harness } from '../support/harness';

const TZ = 'Asia/Ho_Chi_Minh';
/** `2026-12-28 07:00` local → Date. */
const local = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const fmt = (ms: number) => {
  const p = localParts(new Date(ms), TZ);
  return `${p.isoDate.slice(5)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

let h: Harness;
let seen = 0;

async function newRows(): Promise<string[]> {
  const rows = await h.db
    .select()
    .from(outbox)
    .where(isNotNull(outbox.dedupeKey))
    .orderBy(asc(outbox.createdAt), asc(outbox.chatId), asc(outbox.dedupeKey))
    .all();
  const fresh = rows.slice(seen);
  seen = rows.length;
  return fresh.map((r) => {
    const key = r.dedupeKey!;
    const kind = key.startsWith('nudge:') ? 'nudge' : key.split(':')[3];
    return `${r.chatId} ${kind} ${fmt(r.nextAttemptAt)}`;
  });
}

async function at(when: string): Promise<string[]> {
  h.setNow(local(when));
  await tick(h.deps, h.now(), meetingJobs);
  return newRows();
}

async function slots() {
  const rows = await h.db.select().from(meetings).orderBy(asc(meetings.slot)).all();
  return rows.map((m) => `${m.slot} ${fmt(m.scheduledAt)} ${m.status}`);
}

beforeEach(async () => {
  seen = 0;
  h = await createHarness('2026-11-30T13:00:00Z', { HOLIDAYS: '2027-02-24..2027-02-25' });
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', {
    memberCount: 27,
    meetingRule: JSON.stringify({ type: 'day', day: 31, time: '19:30', place: 'Nhà văn hóa' }),
  });
  await h.unit('KP2', 'Chi bộ bản Na Mèo', 'cell', 'XQS', { memberCount: 31 });
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
  await h.person('bt2', 'Lò Thị Bình', [{ role: 'secretary', unit: 'KP2' }]);
  const gs = await h.person('gs1', 'Hà Văn Dũng', [{ role: 'supervisor', unit: 'XQS' }]);
  const kp1 = await h.db.select().from(units).where(eq(units.code, 'KP1')).get();
  await h.commit([
    h.db
      .insert(supervisorAssignments)
      .values({ id: 'sa1', personId: gs, unitId: kp1!.id, validFrom: '2026-01-01', createdAt: 0 }),
  ]);
});
afterEach(() => h.close());

describe('meeting scheduler over a year', () => {
  it('reminds exactly once per person and kind, through month ends, a holiday, quiet hours, overlapping ticks and outages', async () => {
    // 30/11 20:00: November's meeting has passed, December's is planned from the rule (31st, 19:30).
    // KP2 has no rule and nothing for December, and it is past the 20th: its secretary is nudged.
    expect(await at('2026-11-30 20:00')).toEqual(['bt2 nudge 11-30 20:00']);
    expect(await slots()).toEqual(['2026-12 12-31 19:30 scheduled']);
    // Midnight of the 1st: January is planned too.
    expect(await at('2026-12-01 00:05')).toEqual([]);
    expect(await slots()).toEqual(['2026-12 12-31 19:30 scheduled', '2027-01 01-31 19:30 scheduled']);

    // The 20th: KP2 has no rule and nothing set for January → its secretary is nudged, once.
    expect(await at('2026-12-20 06:59')).toEqual([]);
    expect(await at('2026-12-20 07:00')).toEqual(['bt2 nudge 12-20 07:00']);
    expect(await at('2026-12-20 07:01')).toEqual([]);
    expect(await at('2026-12-21 07:00')).toEqual([]);

    // 3 days, 1 day (two ticks at once) and 2 hours before, to the secretary and the supervisor.
    expect(await at('2026-12-28 06:59')).toEqual([]);
    expect(await at('2026-12-28 07:00')).toEqual(['bt1 d3 12-28 07:00', 'gs1 d3 12-28 07:00']);
    expect(await at('2026-12-28 07:01')).toEqual([]);
    h.setNow(local('2026-12-30 07:00'));
    await Promise.all([tick(h.deps, h.now(), meetingJobs), tick(h.deps, h.now(), meetingJobs)]);
    expect(await newRows()).toEqual(['bt1 d1 12-30 07:00', 'gs1 d1 12-30 07:00']);
    expect(await at('2026-12-31 17:30')).toEqual(['bt1 h2 12-31 17:30', 'gs1 h2 12-31 17:30']);

    // Recorded the same evening: no "did it take place?" the morning after.
    h.setNow(local('2026-12-31 21:15'));
    await h.say('bt1', 'hop 31/12 co mat 25/27 vang co ly do 2 thuong ky xep loai tot');
    await h.say('bt1', '1');
    seen = (await h.db.select().from(outbox).where(isNotNull(outbox.dedupeKey)).all()).length;
    expect(await at('2027-01-01 07:00')).toEqual([]);
    expect(await slots()).toEqual([
      '2026-12 12-31 19:30 held',
      '2027-01 01-31 19:30 scheduled',
      '2027-02 02-28 19:30 scheduled',
    ]);

    // A 3-day outage (27/1 → 30/1 noon): the 3-day reminder is stale by then, only the 1-day one goes.
    // (KP2's nudge for February, due on the 20th, goes with the first tick after it.)
    expect(await at('2027-01-27 07:00')).toEqual(['bt2 nudge 01-27 07:00']);
    expect(await at('2027-01-30 12:00')).toEqual(['bt1 d1 01-30 12:00', 'gs1 d1 01-30 12:00']);
    expect(await at('2027-01-31 17:30')).toEqual(['bt1 h2 01-31 17:30', 'gs1 h2 01-31 17:30']);
    // Down again over the meeting until 23:00 on 3/2: the morning-after question still goes, but
    // not at night: it waits for the end of the quiet hours.
    expect(await at('2027-02-03 23:00')).toEqual(['bt1 after 02-04 06:30']);
    expect(await at('2027-02-04 07:00')).toEqual([]);

    // February with a 31st rule: the 28th. The 3-day reminder (25/2) falls on a holiday → 26/2.
    expect(await at('2027-02-20 07:00')).toEqual(['bt2 nudge 02-20 07:00']);
    expect(await at('2027-02-25 07:00')).toEqual([]);
    expect(await at('2027-02-26 07:00')).toEqual(['bt1 d3 02-26 07:00', 'gs1 d3 02-26 07:00']);
    expect(await at('2027-02-27 07:00')).toEqual(['bt1 d1 02-27 07:00', 'gs1 d1 02-27 07:00']);
    expect(await at('2027-02-28 17:30')).toEqual(['bt1 h2 02-28 17:30', 'gs1 h2 02-28 17:30']);
    expect(await at('2027-03-01 07:00')).toEqual(['bt1 after 03-01 07:00']);

    // March moved to an early morning: the 2-hours-before reminder (05:30) waits for 06:30.
    h.setNow(local('2027-03-01 10:00'));
    await h.say('bt1', 'lich 28/3 7h30 tai hoi truong thon');
    const replies = await h.say('bt1', '1');
    expect(replies[0]!.text).toContain('07:30 Chủ nhật, 28/03/2027 tại hoi truong thon');
    // The supervisor hears of the change once it is saved, with the old and the new time.
    expect((await h.sent('gs1')).at(-1)!.text).toBe(
      'Lịch họp của Chi bộ bản Chanh đã thay đổi.\nTrước: 19:30 Thứ Tư, 31/03/2027 tại Nhà văn hóa — Thường kỳ\nNay: 07:30 Chủ nhật, 28/03/2027 tại hoi truong thon — Thường kỳ',
    );
    expect(await at('2027-03-20 07:00')).toEqual(['bt2 nudge 03-20 07:00']);
    expect(await at('2027-03-25 07:00')).toEqual(['bt1 d3 03-25 07:00', 'gs1 d3 03-25 07:00']);
    expect(await at('2027-03-27 07:00')).toEqual(['bt1 d1 03-27 07:00', 'gs1 d1 03-27 07:00']);
    expect(await at('2027-03-28 05:30')).toEqual([]);
    expect(await at('2027-03-28 06:30')).toEqual(['bt1 h2 03-28 06:30', 'gs1 h2 03-28 06:30']);
    expect(await at('2027-03-29 07:00')).toEqual(['bt1 after 03-29 07:00']);

    // The rest of the year, ticking at the usual moments: each month the same seven messages, on
    // the month's last day (30 or 31).
    const got: string[] = [];
    for (
      let d = local('2027-04-01 00:00').getTime();
      d < local('2028-01-01 00:00').getTime();
      d += 86_400_000
    ) {
      const day = fmt(d).slice(0, 5);
      const year = localParts(new Date(d), TZ).year;
      for (const time of ['06:30', '07:00', '17:30']) got.push(...(await at(`${year}-${day} ${time}`)));
    }
    const lastDays = ['04-30', '05-31', '06-30', '07-31', '08-31', '09-30', '10-31', '11-30', '12-31'];
    const expected: string[] = [];
    for (const last of lastDays) {
      const minus = (n: number) => {
        const p = localParts(new Date(local(`2027-${last} 12:00`).getTime() - n * 86_400_000), TZ);
        return p.isoDate.slice(5);
      };
      expected.push(`bt1 d3 ${minus(3)} 07:00`, `gs1 d3 ${minus(3)} 07:00`);
      expected.push(`bt1 d1 ${minus(1)} 07:00`, `gs1 d1 ${minus(1)} 07:00`);
      expected.push(`bt1 h2 ${last} 17:30`, `gs1 h2 ${last} 17:30`);
    }
    // The morning-after questions fall on the 1st of the next month.
    const afters = got.filter((r) => r.includes(' after '));
    expect(got.filter((r) => !r.includes(' after ') && !r.includes(' nudge '))).toEqual(expected);
    expect(afters).toEqual(
      ['05-01', '06-01', '07-01', '08-01', '09-01', '10-01', '11-01', '12-01'].map(
        (d) => `bt1 after ${d} 07:00`,
      ),
    );
    // KP2 never set anything: nudged once a month.
    expect(got.filter((r) => r.includes(' nudge '))).toHaveLength(9);
  });

  it('sends nothing for a meeting whose time has passed during an outage, only the question after it', async () => {
    expect(await at('2026-11-30 20:00')).toEqual(['bt2 nudge 11-30 20:00']);
    // Down from 27/12 until the morning after the meeting: every reminder is stale; only the question goes.
    expect(await at('2027-01-01 08:00')).toEqual(['bt1 after 01-01 08:00']);
    const stuck = await h.db
      .select()
      .from(meetings)
      .where(and(eq(meetings.slot, '2026-12'), isNotNull(meetings.nextReminderAt)))
      .all();
    expect(stuck).toEqual([]);
  });
});

describe('reminder delivery details', () => {
  it('writes one row per linked platform, each under its own key', async () => {
    const kp1 = (await h.db.select().from(units).where(eq(units.code, 'KP1')).get())!;
    const both = await h.person('tg-an', 'Trần Văn Phó', [{ role: 'deputy', unit: 'KP1' }], 'telegram');
    await h.commit([
      h.db.insert(chatIdentities).values({
        id: 'zl-an',
        platform: 'zalo',
        externalId: 'zl-an',
        chatId: 'zl-an',
        personId: both,
        linkedAt: 0,
      }),
    ]);
    await at('2026-11-30 20:00');
    await at('2026-12-28 07:00');
    const keys = (await h.db.select().from(outbox).where(eq(outbox.personId, both)).all()).map((r) => [
      r.platform,
      r.dedupeKey!.replace(/meeting:[^:]+:[^:]+:/, ''),
    ]);
    expect(keys).toEqual([
      ['telegram', 'd3'],
      ['zalo', 'd3:zalo'],
    ]);
    expect(kp1.code).toBe('KP1');
  });

  it('leaves out a late catch-up just before the next reminder, and drops unsent ones when the meeting moves', async () => {
    await at('2026-11-30 20:00');
    // Down from 27/12 until 23:00 on 29/12: the 3-day reminder would go at 06:30 and the 1-day one
    // at 07:00; only the 1-day one is sent. (KP2's missed nudge waits for the end of quiet hours.)
    expect(await at('2026-12-29 23:00')).toEqual(['bt2 nudge 12-30 06:30']);
    expect(await at('2026-12-30 07:00')).toEqual(['bt1 d1 12-30 07:00', 'gs1 d1 12-30 07:00']);
    // Moved before the dispatcher sent them: the rows with the old time are dropped.
    h.setNow(local('2026-12-30 07:00'));
    await h.say('bt1', 'lich 31/12 8h');
    await h.say('bt1', '1');
    const pending = await h.db
      .select()
      .from(outbox)
      .where(and(isNotNull(outbox.dedupeKey), eq(outbox.status, 'pending')))
      .all();
    expect(pending.filter((r) => r.dedupeKey!.startsWith('meeting:'))).toEqual([]);
    // The moved meeting (31/12 08:00) gets its own 2-hours-before reminder, moved out of quiet hours.
    expect(await at('2026-12-31 06:30')).toEqual(['bt1 h2 12-31 06:30', 'gs1 h2 12-31 06:30']);
  });
});
