/**
 * A commune committee through a month of ticks: its party committee meets monthly, its standing
 * committee (a child unit) weekly; members are reminded privately, the committee's linked Telegram
 * group instead of (mode 'group') or as well as (mode 'both') them, and nothing twice.
 */
import { asc, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeGroupLink } from '../../db/repo/groups';
import { auditLog, groupLinks, meetingRecords, meetings, outbox } from '../../db/schema';
import { handleIncoming } from '../../src/bot/handle';
import { telegramToIncoming } from '../../src/channels/telegram/incoming';
import { localParts } from '../../src/domain/time/zone';
import { meetingJobs } from '../../src/scheduler/meetings';
import { tick } from '../../src/scheduler/tick';
import { createHarness, type Harness } from '../support/harness';

const TZ = 'Asia/Ho_Chi_Minh';
const local = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
const fmt = (ms: number) => {
  const p = localParts(new Date(ms), TZ);
  return `${p.isoDate.slice(5)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
const HOUR = 3_600_000;
const GROUP = '-100777';
const tg = { platform: 'telegram' as const, chatType: 'group' as const };
const codeIn = (text: string) => /Mã mời: ([0-9 ]+[0-9])/.exec(text)?.[1];

let h: Harness;
let updateId = 5000;

/** Every meeting message so far, `chat slot kind due`, in due order. */
async function reminders(): Promise<string[]> {
  const slotOf = new Map((await h.db.select().from(meetings).all()).map((m) => [m.id, m.slot]));
  const rows = await h.db
    .select()
    .from(outbox)
    .where(like(outbox.dedupeKey, 'meeting:%'))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.chatId))
    .all();
  return rows.map((r) => {
    const [, meetingId, , kind] = r.dedupeKey!.split(':');
    return `${r.chatId} ${slotOf.get(meetingId!)} ${kind} ${fmt(r.nextAttemptAt)}`;
  });
}

/** Ticks every hour (twice each, as two overlapping processes would) from `from` up to `to`. */
async function run(from: string, to: string) {
  for (let t = local(from).getTime(); t <= local(to).getTime(); t += HOUR) {
    h.setNow(new Date(t));
    await tick(h.deps, h.now(), meetingJobs);
    await tick(h.deps, h.now(), meetingJobs);
  }
}

/** A real Telegram update, read by the real adapter, through the real pipeline. */
async function telegramUpdate(update: Record<string, unknown>) {
  const msg = telegramToIncoming({ update_id: ++updateId, ...update });
  if (!msg || msg === 'invalid') throw new Error('not an update');
  return handleIncoming(h.deps, msg);
}

const groupChat = { id: Number(GROUP), type: 'supergroup', title: 'Đảng ủy xã Quan Sơn' };
const botUser = { id: 42, is_bot: true, first_name: 'chibo' };
const hoa = { id: 501, is_bot: false, first_name: 'Hoa' };

beforeEach(async () => {
  // Sunday 29/11/2026 10:00 in Hà Nội.
  h = await createHarness('2026-11-29T03:00:00Z', { HOLIDAYS: '2026-12-09..2026-12-09' });
  await h.unit('XQS', 'Đảng ủy xã Quan Sơn', 'commune');
  await h.unit('TTXQS', 'Ban Thường vụ Đảng ủy xã Quan Sơn', 'standing_committee', 'XQS');
  await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', { memberCount: 27 });
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
  await h.person('bt', 'Hà Văn Bí', [{ role: 'secretary', unit: 'XQS' }]);
  await h.person('pbt', 'Lò Văn Phó', [{ role: 'deputy', unit: 'XQS' }]);
  await h.person('501', 'Lương Thị Hoa', [{ role: 'committee', unit: 'XQS' }], 'telegram');
  await h.person('cu2', 'Vi Văn Tú', [{ role: 'committee', unit: 'XQS' }]);
  await h.person('tv1', 'Sầm Thị Thu', [
    { role: 'committee', unit: 'TTXQS' },
    { role: 'committee', unit: 'XQS' },
  ]);
  await h.person('bt-kp1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
});
afterEach(() => h.close());

describe('a commune committee and its standing committee through December', () => {
  it('reminds members and the linked group once per meeting and kind, following the group mode', async () => {
    await h.say('bt', 'lich XQS hang thang ngay 10 14h tai hoi truong UBND');
    const [monthly] = await h.say('bt', '1');
    expect(monthly!.text).toContain('Đã đặt lịch họp hằng tháng của Đảng ủy xã Quan Sơn');
    expect(monthly!.text).toContain('Buổi họp tới: 14:00 Thứ Năm, 10/12/2026');
    await h.say('bt', 'lich TTXQS hang tuan thu hai 8h tai phong hop');
    const [weeklySet] = await h.say('bt', '1');
    expect(weeklySet!.text).toContain(
      'Đã đặt lịch họp hằng tuần của Ban Thường vụ Đảng ủy xã Quan Sơn: thứ Hai hằng tuần, lúc 08:00, tại phong hop',
    );
    // The committee's Telegram group is linked with a group invite (mode 'group' by default).
    const code = codeIn((await h.say('coord', 'moi nhom XQS'))[0]!.text)!;
    await h.say(GROUP, `/batdau@chibo_bot ${code}`, { ...tg, userId: '501' });

    await run('2026-11-29 11:00', '2026-12-09 23:00');
    // Before the 10th the group in mode 'group' replaces the members' private chats.
    const [set] = await h.say(GROUP, '/nhom@chibo_bot caidat ca hai', { ...tg, userId: '501' });
    expect(set!.text).toContain('gửi vào nhóm này và nhắn riêng từng đồng chí');
    await run('2026-12-10 00:00', '2026-12-10 20:00');
    // The secretary records the commune meeting step by step. Its size is not known (no member_count,
    // no earlier record): the people linked to chibo are not its membership, so no size is offered.
    await h.say('bt', 'hop XQS');
    await h.choose('bt', 'd:2026-12-10');
    const [attendance] = await h.sent('bt').then((m) => m.slice(-1));
    expect(attendance!.text).not.toMatch(/Chi bộ có \d+ đảng viên/);
    await h.say('bt', '5/5');
    await h.choose('bt', 'a:none');
    await h.choose('bt', 'g:tot');
    await h.choose('bt', 'n:skip');
    const [saved] = await h.choose('bt', 'save');
    expect(saved!.text).toBe('Đã lưu biên bản họp tháng 12/2026 của Đảng ủy xã Quan Sơn. Cảm ơn đồng chí!');
    await run('2026-12-10 21:00', '2026-12-14 10:00');
    // The standing committee's meetings are recorded week by week, each its own record.
    const [w51] = await h.say('bt', 'hop TTXQS 14/12 co mat 3/3 thuong ky xep loai tot');
    expect(w51!.text).toContain('Xin kiểm tra biên bản họp của Ban Thường vụ');
    expect(w51!.text).not.toContain('đã có biên bản');
    expect((await h.say('bt', 'luu'))[0]!.text).toBe(
      'Đã lưu biên bản họp tuần 51/2026 của Ban Thường vụ Đảng ủy xã Quan Sơn. Cảm ơn đồng chí!',
    );
    await run('2026-12-14 11:00', '2026-12-31 23:00');

    const week = (w: string, fri: string, sun: string, mon: string, tue: string | null) => [
      ...(['bt', 'pbt', 'tv1'] as const).map((p) => `${p} ${w} d3 ${fri} 07:00`),
      ...(['bt', 'pbt', 'tv1'] as const).map((p) => `${p} ${w} d1 ${sun} 07:00`),
      ...(['bt', 'pbt', 'tv1'] as const).map((p) => `${p} ${w} h2 ${mon} 07:00`),
      ...(tue ? [`bt ${w} after ${tue} 07:00`] : []),
    ];
    const members = ['501', 'bt', 'cu2', 'pbt', 'tv1'];
    const all = await reminders();
    // The standing committee has no group: its members (the commune's secretary and deputy chair
    // it) are reminded privately; the morning-after question goes to the secretary.
    expect(all.filter((r) => / 2026-W/.test(r))).toEqual([
      'bt 2026-W49 h2 11-30 07:00',
      'pbt 2026-W49 h2 11-30 07:00',
      'tv1 2026-W49 h2 11-30 07:00',
      'bt 2026-W49 after 12-01 07:00',
      ...week('2026-W50', '12-04', '12-06', '12-07', '12-08'),
      ...week('2026-W51', '12-11', '12-13', '12-14', null),
      ...week('2026-W52', '12-18', '12-20', '12-21', '12-22'),
      ...week('2026-W53', '12-25', '12-27', '12-28', '12-29'),
    ]);
    // The commune committee: 3 days before only to the group (mode 'group'); the day-before
    // reminder, moved off the 9th (a holiday) to the meeting's morning, and the 2-hours-before one
    // to the group and privately (mode 'both'); no morning-after question, the meeting was recorded.
    expect(all.filter((r) => / 2026-12 /.test(r))).toEqual([
      `${GROUP} 2026-12 d3 12-07 07:00`,
      ...[GROUP, ...members].map((c) => `${c} 2026-12 d1 12-10 07:00`),
      ...[GROUP, ...members].map((c) => `${c} 2026-12 h2 12-10 12:00`),
    ]);
    expect(new Set(all).size).toBe(all.length);
    // The cell below has no rule: its secretary is only nudged, never told of the committee's meetings.
    expect((await h.sent('bt-kp1')).every((m) => m.text.includes('chưa có lịch họp'))).toBe(true);

    const inGroup = await h.sent(GROUP, 'telegram');
    const d3 = inGroup.find((m) => m.text.startsWith('Nhắc lịch: còn 3 ngày nữa họp'));
    expect(d3!.text).toBe(
      'Nhắc lịch: còn 3 ngày nữa họp\nĐảng ủy xã Quan Sơn: 14:00 Thứ Năm, 10/12/2026 tại hoi truong UBND — Thường kỳ',
    );
    const records = await h.db.select().from(meetingRecords).orderBy(asc(meetingRecords.period)).all();
    expect(records.map((r) => `${r.period} ${r.present}/${r.total} r${r.revision}`)).toEqual([
      '2026-12 5/5 r1',
      '2026-W51 3/3 r1',
    ]);
    const held = await h.db.select().from(meetings).where(eq(meetings.status, 'held')).all();
    expect(held.map((m) => m.slot).sort()).toEqual(['2026-12', '2026-W51']);
  });
});

describe("a committee's group chat", () => {
  it('links by a Telegram update, switches mode only for those in charge, and unlinks on removal', async () => {
    await h.say('bt', 'lich XQS 5/12 14h tai hoi truong');
    await h.say('bt', '1');
    await h.person('601', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }], 'telegram');
    const code = codeIn((await h.say('coord', 'moi nhom XQS'))[0]!.text)!;
    const inGroup = (text: string, from = hoa) =>
      telegramUpdate({
        message: { message_id: ++updateId, date: 1_800_000_000, chat: groupChat, from, text },
      });
    expect(
      await telegramUpdate({
        my_chat_member: {
          chat: groupChat,
          from: hoa,
          date: 1_800_000_000,
          old_chat_member: { status: 'left', user: botUser },
          new_chat_member: { status: 'member', user: botUser },
        },
      }),
    ).toBe('done');
    expect(await inGroup(`/batdau@chibo_bot ${code}`)).toBe('done');
    expect((await activeGroupLink(h.db, 'telegram', GROUP))!.mode).toBe('group');

    // A cell secretary (not in charge of the commune) and a stranger cannot change the mode.
    await inGroup('/nhom caidat ca hai', { id: 601, is_bot: false, first_name: 'An' });
    expect(await inGroup('/nhom caidat ca hai', { id: 999, is_bot: false, first_name: 'X' })).toBe('ignored');
    expect((await activeGroupLink(h.db, 'telegram', GROUP))!.mode).toBe('group');
    const texts = (await h.sent(GROUP, 'telegram')).map((m) => m.text);
    expect(texts.at(-1)).toContain('Chỉ cán bộ tổ chức, cấp ủy viên, bí thư hoặc phó bí thư');

    // 2/12 07:00, three days before: the group only.
    h.setNow(local('2026-12-02 07:00'));
    await tick(h.deps, h.now(), meetingJobs);
    expect((await reminders()).map((r) => r.split(' ')[0])).toEqual([GROUP]);

    await inGroup('/nhom caidat ca hai');
    expect((await activeGroupLink(h.db, 'telegram', GROUP))!.mode).toBe('both');
    const changed = await h.db.select().from(auditLog).where(eq(auditLog.action, 'set_group_mode')).all();
    expect(changed.map((a) => JSON.parse(a.detail!))).toEqual([
      { platform: 'telegram', chatId: GROUP, from: 'group', to: 'both' },
    ]);

    // The bot is removed from the group: unlinked, and the day-before reminder goes privately.
    expect(
      await telegramUpdate({
        my_chat_member: {
          chat: groupChat,
          from: hoa,
          date: 1_800_000_100,
          old_chat_member: { status: 'member', user: botUser },
          new_chat_member: { status: 'kicked', user: botUser, until_date: 0 },
        },
      }),
    ).toBe('done');
    expect(await activeGroupLink(h.db, 'telegram', GROUP)).toBeUndefined();
    expect(await h.db.select().from(groupLinks).where(eq(groupLinks.chatId, GROUP)).get()).toMatchObject({
      mode: 'both',
    });
    h.setNow(local('2026-12-04 07:00'));
    await tick(h.deps, h.now(), meetingJobs);
    const d1 = (await reminders()).filter((r) => r.includes(' d1 ')).map((r) => r.split(' ')[0]);
    expect(d1).toEqual(['501', 'bt', 'cu2', 'pbt', 'tv1']);
  });

  it('moves /hop and /baocao typed in the group to the private chat and leaves nothing personal there', async () => {
    const code = codeIn((await h.say('coord', 'moi nhom XQS'))[0]!.text)!;
    await h.say(GROUP, `/batdau ${code}`, { ...tg, userId: '501' });
    await h.person('701', 'Hà Văn Bí', [{ role: 'secretary', unit: 'KP1' }], 'telegram');
    h.setNow(local('2026-12-06 09:00'));
    await h.say(GROUP, '/hop@chibo_bot 5/12 co mat 23/27 vang co ly do 4 thuong ky xep loai tot', {
      ...tg,
      userId: '701',
    });
    await h.say(GROUP, '/baocao', { ...tg, userId: '701' });
    // People of other units' figures are refused in the commune's group too.
    await h.say(GROUP, '/tonghop KP1', { ...tg, userId: '501' });

    const group = (await h.sent(GROUP, 'telegram')).map((m) => m.text);
    expect(group.slice(1)).toEqual([
      'Việc này làm trong tin nhắn riêng với chibo. Tôi đã nhắn riêng cho đồng chí.',
      'Việc này làm trong tin nhắn riêng với chibo. Tôi đã nhắn riêng cho đồng chí.',
      'Trong nhóm này chỉ xem được số liệu của Đảng ủy xã Quan Sơn. Muốn xem đơn vị khác, xin nhắn riêng với chibo.',
    ]);
    expect(group.join('\n')).not.toMatch(/23\/27|Chi bộ bản Chanh/);
    const privately = (await h.sent('701', 'telegram')).map((m) => m.text);
    expect(privately[0]).toContain('Có mặt: 23/27');
    expect(privately.length).toBe(2);
  });
});
