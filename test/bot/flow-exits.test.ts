/**
 * No flow traps anyone: at every step of every step-by-step command, a command the person may use
 * (typed alone, with its slash, or with its arguments) is answered as that command, and the flow is
 * put aside (or, for huy, dropped) instead of refusing the command as a wrong answer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flows, meetingRecords, supervisorAssignments, units } from '../../db/schema';
import { activeFlow, send } from '../support/conversation';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;

beforeEach(async () => {
  // Thursday 10/12/2026, 10:00 in Hà Nội
  h = await createHarness('2026-12-10T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('XKH', 'Đảng bộ xã Khánh Hòa', 'commune');
  const kp1 = await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', { memberCount: 27 });
  await h.unit('KP2', 'Chi bộ bản Na Mèo', 'cell', 'XQS', { memberCount: 31 });
  await h.unit('KH1', 'Chi bộ thôn Một', 'cell', 'XKH', { memberCount: 20 });
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
  await h.person('bt2', 'Lò Thị Bình', [
    { role: 'secretary', unit: 'KP1' },
    { role: 'secretary', unit: 'KP2' },
  ]);
  const gs = await h.person('gs1', 'Hà Văn Dũng', [{ role: 'supervisor', unit: 'XQS' }]);
  await h.person('tg-gs', 'Lê Văn Tư', [{ role: 'supervisor', unit: 'XQS' }], 'telegram');
  await h.person('coord', 'Phạm Thị Dung', [
    { role: 'coordinator', unit: 'XQS' },
    { role: 'coordinator', unit: 'XKH' },
  ]);
  await h.commit([
    h.db
      .insert(supervisorAssignments)
      .values({ id: 'sa1', personId: gs, unitId: kp1, validFrom: '2026-01-01', createdAt: 0 }),
  ]);
  // The cells have been in chibo since January: last month's report is owed.
  await h.commit([h.db.update(units).set({ createdAt: Date.parse('2026-01-01T00:00:00Z') })]);
});
afterEach(() => h.close());

/** Every reachable step: who, how to get there, and where that is. */
const STATES: { who: string; reach: string[]; at: string; platform?: 'telegram' }[] = [
  { who: 'bt2', reach: ['hop'], at: 'hop/cell' },
  { who: 'bt1', reach: ['hop'], at: 'hop/date' },
  { who: 'bt1', reach: ['hop', '5/12'], at: 'hop/attendance' },
  { who: 'bt1', reach: ['hop', '5/12', '23/27'], at: 'hop/excused' },
  { who: 'bt1', reach: ['hop', '5/12', '23/27', '3'], at: 'hop/attendee' },
  { who: 'bt1', reach: ['hop', '5/12', '23/27', '3', '2'], at: 'hop/grade' },
  { who: 'bt1', reach: ['hop', '5/12', '23/27', '3', '2', 'tot'], at: 'hop/note' },
  { who: 'bt1', reach: ['hop 5/12 co mat 23/27'], at: 'hop/$missing' },
  { who: 'bt1', reach: ['hop 5/12 co mat 27/27 xep loai tot'], at: 'hop/$confirm' },
  { who: 'bt1', reach: ['hop 5/12 co mat 27/27 xep loai tot', 'sua'], at: 'hop/$edit' },
  { who: 'bt2', reach: ['baocao'], at: 'baocao/unit' },
  { who: 'bt1', reach: ['baocao'], at: 'baocao/period' },
  { who: 'bt1', reach: ['baocao', '1'], at: 'baocao/security' },
  { who: 'bt1', reach: ['baocao', '1', 'On dinh'], at: 'baocao/production' },
  { who: 'bt1', reach: ['baocao', '1', 'On dinh', 'Tot'], at: 'baocao/petitions' },
  { who: 'bt1', reach: ['baocao', '1', 'On dinh', 'Tot', '0'], at: 'baocao/difficulties' },
  { who: 'bt1', reach: ['baocao', '1', 'On dinh', 'Tot', '0', '1'], at: 'baocao/proposals' },
  { who: 'bt1', reach: ['baocao thang 11 an ninh tot'], at: 'baocao/$missing' },
  { who: 'bt1', reach: ['baocao thang 11 an ninh tot, san xuat tot, kien nghi 0'], at: 'baocao/$confirm' },
  { who: 'bt1', reach: ['baocao thang 11 an ninh tot, san xuat tot, kien nghi 0', '2'], at: 'baocao/$edit' },
  { who: 'bt2', reach: ['lich 20/12 19h'], at: 'lich/cell' },
  { who: 'bt1', reach: ['lich tai hoi truong'], at: 'lich/date' },
  { who: 'bt1', reach: ['lich 20/12'], at: 'lich/time' },
  { who: 'bt1', reach: ['lich 20/12 19h'], at: 'lich/$confirm' },
  { who: 'gs1', reach: ['giamsat'], at: 'giamsat/cell' },
  { who: 'gs1', reach: ['giamsat', '1'], at: 'giamsat/date' },
  { who: 'gs1', reach: ['giamsat', '1', '5/12'], at: 'giamsat/notes' },
  { who: 'gs1', reach: ['giamsat KP1 5/12 kha'], at: 'giamsat/$confirm' },
  { who: 'tg-gs', reach: ['giamsat KP1 5/12 kha', '!save'], at: 'giamsat/location', platform: 'telegram' },
  { who: 'coord', reach: ['phancong Dung KP1'], at: 'phancong/person' },
  { who: 'coord', reach: ['phancong Hà Văn Dũng KP1'], at: 'phancong/$confirm' },
  { who: 'coord', reach: ['thongbao'], at: 'thongbao/unit' },
  { who: 'coord', reach: ['thongbao XQS'], at: 'thongbao/text' },
  { who: 'coord', reach: ['thongbao XQS Nộp báo cáo trước 25'], at: 'thongbao/$confirm' },
];

/** Commands anyone linked may use, in the forms people type, and how their own answer looks. */
const PROBES: [string, RegExp][] = [
  ['trogiup', /Các lệnh của đồng chí/],
  ['/trogiup', /Các lệnh của đồng chí/],
  ['toi', /Vai trò:/],
  ['/toi', /Vai trò:/],
  ['tôi là ai?', /Vai trò:/],
  ['nhacnho', /nhắc việc|Zalo|Telegram/i],
];

describe('every step of every flow answers a command', () => {
  it('reaches every listed step', async () => {
    for (const s of STATES) {
      for (const m of s.reach) await send(h, s.who, m, s.platform);
      expect(await activeFlow(h, s.who, s.platform), s.reach.join(' → ')).toBe(s.at);
      await send(h, s.who, '/huy', s.platform);
    }
  });

  it.each(STATES.flatMap((s) => PROBES.map(([probe, answer]) => [s.at, probe, s, answer] as const)))(
    'at %s, "%s" is answered as the command',
    async (_, probe, s, answer) => {
      for (const m of s.reach) await send(h, s.who, m, s.platform);
      const replies = await send(h, s.who, probe, s.platform);
      const text = replies.map((r) => r.text).join('\n');
      expect(text).toMatch(answer);
      expect(text).not.toMatch(/Xin chọn một mục|Tôi chưa hiểu/);
      // The flow is put aside, never left waiting for an answer the person no longer gives.
      expect(await activeFlow(h, s.who, s.platform)).not.toBe(s.at);
      expect(await h.db.select().from(meetingRecords).all()).toEqual([]);
    },
  );

  it.each(STATES.map((s) => [s.at, s] as const))('at %s, "huy" leaves nothing behind', async (_, s) => {
    for (const m of s.reach) await send(h, s.who, m, s.platform);
    const [r] = await send(h, s.who, 'huy', s.platform);
    // After a saved visit, nothing is cancelled: only the location is not asked any more.
    expect(r!.text).toMatch(
      s.at === 'giamsat/location' ? /Không lưu vị trí/ : /Đã hủy, không có gì được lưu/,
    );
    expect(await h.db.select().from(flows).all()).toEqual([]);
  });

  it.each(STATES.map((s) => [s.at, s] as const))(
    'at %s, a sticker or a photo gets the question again, and the flow stays',
    async (_, s) => {
      for (const m of s.reach) await send(h, s.who, m, s.platform);
      const before = (await h.sent(s.who, s.platform ?? 'sim')).at(-1)!.text!;
      const replies = await h.say(s.who, '', { kind: 'unsupported', platform: s.platform ?? 'sim' });
      expect(replies).toHaveLength(1);
      expect(replies[0]!.text).toContain('Tôi chỉ đọc được tin nhắn chữ');
      // The question asked last is asked again under it (its last line at least).
      if (s.at !== 'giamsat/location') expect(replies[0]!.text).toContain(before.split('\n').at(-1)!);
      expect(await activeFlow(h, s.who, s.platform)).toBe(s.at);
    },
  );

  it.each(STATES.map((s) => [s.at, s] as const))(
    'at %s, a pressed button that was never offered is refused as old',
    async (_, s) => {
      for (const m of s.reach) await send(h, s.who, m, s.platform);
      const [r] = await send(h, s.who, '!d:garbage', s.platform);
      expect(r!.text).toMatch(/đã cũ/);
    },
  );
});
