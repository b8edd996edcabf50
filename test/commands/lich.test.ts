import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetings, supervisorAssignments, units } from '../../db/schema';
import { formatDateTimeVi } from '../../src/domain/time/zone';
import { meetings as t } from '../../src/messages/vi/meetings';
import { activeFlow, cases, playRow, type StepTable } from '../support/conversation';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;

const rows = async () =>
  (await h.db.select().from(meetings).orderBy(asc(meetings.slot)).all()).map(
    (m) =>
      `${m.slot} ${formatDateTimeVi(new Date(m.scheduledAt), 'Asia/Ho_Chi_Minh')} ${m.source} ${m.kind} ${m.place ?? '-'} ${m.topic ?? '-'}`,
  );

beforeEach(async () => {
  // Thursday 10/12/2026, 10:00 local
  h = await createHarness('2026-12-10T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  const kp1 = await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', { memberCount: 27 });
  await h.unit('KP2', 'Chi bộ bản Na Mèo', 'cell', 'XQS');
  await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
  await h.person('bt2', 'Lò Thị Bình', [
    { role: 'secretary', unit: 'KP2' },
    { role: 'secretary', unit: 'KP3' },
  ]);
  const gs = await h.person('gs1', 'Hà Văn Dũng', [{ role: 'supervisor', unit: 'XQS' }]);
  await h.commit([
    h.db
      .insert(supervisorAssignments)
      .values({ id: 'sa1', personId: gs, unitId: kp1, validFrom: '2026-01-01', createdAt: 0 }),
  ]);
});
afterEach(() => h.close());

describe('/lich monthly rule', () => {
  it('sets a day-of-month rule after the read-back and plans the next meeting at once', async () => {
    const [rb] = await h.say('bt1', 'lich hang thang ngay 5 19:30 tai Nhà văn hóa');
    expect(rb!.text).toContain(
      t.ruleReadBack('Chi bộ bản Chanh', 'ngày 5 hằng tháng, lúc 19:30, tại Nhà văn hóa'),
    );
    expect(await rows()).toEqual([]);
    const [r] = await h.say('bt1', '1');
    expect(r!.text).toBe(
      t.ruleSaved(
        'Chi bộ bản Chanh',
        'ngày 5 hằng tháng, lúc 19:30, tại Nhà văn hóa',
        '19:30 Thứ Ba, 05/01/2027',
      ),
    );
    expect(await rows()).toEqual(['2027-01 19:30 Thứ Ba, 05/01/2027 rule regular Nhà văn hóa -']);
    const unit = (await h.db.select().from(units).all()).find((u) => u.code === 'KP1')!;
    expect(JSON.parse(unit.meetingRule!)).toEqual({
      type: 'day',
      day: 5,
      time: '19:30',
      place: 'Nhà văn hóa',
    });
  });

  it('sets a first-Monday rule, and a new rule moves the planned (not the manual) meetings', async () => {
    await h.say('bt1', 'lich hang thang ngay 5 19:30');
    await h.say('bt1', '1');
    await h.say('bt1', 'Lịch hàng tháng thứ hai đầu tiên 19h30');
    const [r] = await h.say('bt1', 'luu');
    expect(r!.text).toContain('thứ Hai đầu tiên hằng tháng, lúc 19:30');
    expect(r!.text).toContain('Buổi họp tới: 19:30 Thứ Hai, 04/01/2027.');
    expect(await rows()).toEqual(['2027-01 19:30 Thứ Hai, 04/01/2027 rule regular - -']);
  });

  it.each([
    ['lich hang thang ngay 5', t.ruleNoTime],
    ['lich hang thang 19h30', t.ruleNoDay],
    ['lich hang thang ngay 32 19h30', t.ruleBadDay('32')],
    ['lich hang thang ngay 5 19h30 vao buoi toi nao do', t.ruleUnknown('buoi toi nao do')],
  ])('answers "%s" with how to write it', async (text, expected) => {
    expect((await h.say('bt1', text))[0]!.text).toBe(expected);
    expect(await rows()).toEqual([]);
  });
});

describe('/lich one meeting', () => {
  it('sets a meeting with place, kind and topic, and tells the supervisor once, when it is saved', async () => {
    const [rb] = await h.say('bt1', 'lich 20/12 19h30 tai nha van hoa, chuyen de: chuyen doi so');
    const line = '19:30 Chủ nhật, 20/12/2026 tại nha van hoa — Chuyên đề: chuyen doi so';
    expect(rb!.text).toContain(t.meetingReadBack('Chi bộ bản Chanh', line, null));
    // Corrections at the read-back are not news for the supervisor.
    await h.say('bt1', '20h');
    await h.say('bt1', '19h30');
    expect(await h.sent('gs1')).toEqual([]);
    const [r] = await h.say('bt1', '1');
    expect(r!.text).toBe(t.scheduled('Chi bộ bản Chanh', line));
    expect(await rows()).toEqual([
      '2026-12 19:30 Chủ nhật, 20/12/2026 manual thematic nha van hoa chuyen doi so',
    ]);
    expect((await h.sent('gs1')).map((m) => m.text)).toEqual([t.scheduleChanged('Chi bộ bản Chanh', line)]);
  });

  it('moves the month’s planned meeting instead of adding a second one, keeping its place', async () => {
    await h.say('bt1', 'lich hang thang ngay 5 19:30 tai Nhà văn hóa');
    await h.say('bt1', '1');
    const [rb] = await h.say('bt1', 'lich 8/1 thuong ky va chuyen de hoc tap nghi quyet');
    expect(rb!.text).toContain('(Lịch cũ: 19:30 Thứ Ba, 05/01/2027 tại Nhà văn hóa — Thường kỳ)');
    await h.say('bt1', '1');
    expect((await h.sent('gs1')).at(-1)!.text).toBe(
      t.scheduleMoved(
        'Chi bộ bản Chanh',
        '19:30 Thứ Ba, 05/01/2027 tại Nhà văn hóa — Thường kỳ',
        '19:30 Thứ Sáu, 08/01/2027 tại Nhà văn hóa — Thường kỳ kết hợp chuyên đề: hoc tap nghi quyet',
      ),
    );
    expect(await rows()).toEqual([
      '2027-01 19:30 Thứ Sáu, 08/01/2027 manual both Nhà văn hóa hoc tap nghi quyet',
    ]);
  });

  it.each([
    ['lich 31/2 19h', t.noSuchDay],
    ['lich 5/12 19h30', t.pastDate('19:30 Thứ Bảy, 05/12/2026', 'lich 17/12 19h30')],
    ['lich 20/12', t.askMeetingTime('20/12')],
    ['lich tai nha van hoa', t.askMeetingDate],
    ['lich 20/12 19h30 mang theo so', t.unknownDetail('mang theo so')],
  ])('answers "%s" with what to fix or what is missing, and saves nothing', async (text, expected) => {
    expect((await h.say('bt1', text))[0]!.text).toBe(expected);
    expect(await rows()).toEqual([]);
  });

  it('refuses to move a meeting already recorded', async () => {
    await h.say('bt1', 'lich 10/12 11h');
    await h.say('bt1', '1');
    h.setNow('2026-12-10T05:00:00Z');
    await h.say('bt1', 'hop 10/12 co mat 27/27 thuong ky xep loai tot');
    await h.say('bt1', '1');
    expect((await h.say('bt1', 'lich 15/12 8h'))[0]!.text).toBe(t.alreadyHeld('12/2026'));
  });

  it('asks a secretary of two cells which one', async () => {
    const [q] = await h.say('bt2', 'lich 20/12 19h');
    expect(q!.text).toBe(t.pickCell);
    const [rb] = await h.say('bt2', '2');
    expect(rb!.text).toContain('Xin kiểm tra lịch họp của Chi bộ khu phố 3');
    const [r] = await h.say('bt2', '1');
    expect(r!.text).toContain('Đã lưu lịch họp của Chi bộ khu phố 3');
  });
});

describe('/lich overview', () => {
  it('shows the secretary and the assigned supervisor the next meetings', async () => {
    await h.say('bt1', 'lich hang thang ngay 5 19:30 tai Nhà văn hóa');
    await h.say('bt1', '1');
    await h.say('bt1', 'lich 20/12 19h30 tai hoi truong');
    await h.say('bt1', '1');
    const expected = [
      'Lịch họp sắp tới:',
      '',
      'Chi bộ bản Chanh',
      '  Lịch hằng tháng: ngày 5 hằng tháng, lúc 19:30, tại Nhà văn hóa',
      '  • 19:30 Chủ nhật, 20/12/2026 tại hoi truong — Thường kỳ',
      '  • 19:30 Thứ Ba, 05/01/2027 tại Nhà văn hóa — Thường kỳ',
    ];
    expect((await h.say('gs1', 'lich'))[0]!.text).toBe(expected.join('\n'));
    expect((await h.say('bt1', '/lich'))[0]!.text).toBe([...expected, t.overviewHint].join('\n'));
    expect((await h.say('gs1', 'lich 20/12 8h'))[0]!.text).toBe(t.onlySecretarySets);
  });
});

const KEPT = t.lichKept;

/** Every step of /lich, with what secretaries really type there. */
const LICH: Record<string, StepTable & { chat?: string }> = {
  cell: {
    chat: 'bt2',
    reach: ['lich 20/12 19h'],
    rows: [
      { say: '2', next: 'lich/$confirm', reply: ['Chi bộ khu phố 3'] },
      { say: 'kp2', next: 'lich/$confirm', reply: ['Chi bộ bản Na Mèo'] },
      { say: 'khu pho 3', next: 'lich/$confirm', reply: ['Chi bộ khu phố 3'] },
      { say: '7', next: 'lich/cell', reply: ['Xin chọn một mục'] },
      { say: 'toi', next: null, reply: [KEPT, 'Vai trò:'] },
    ],
  },
  date: {
    reach: ['lich tai hoi truong'],
    rows: [
      { say: '20/12 19h30', next: 'lich/$confirm', reply: ['19:30 Chủ nhật, 20/12/2026 tại hoi truong'] },
      { say: 'ngay 20/12 luc 7 gio toi', next: 'lich/$confirm', reply: ['19:00 Chủ nhật, 20/12/2026'] },
      { say: '20/12', next: 'lich/time', reply: [t.askMeetingTime('20/12')] },
      { say: '31/2', next: 'lich/date', reply: [t.noSuchDay] },
      { say: 'hom qua 19h', next: 'lich/date', reply: ['đã qua'] },
      { say: 'abc', next: 'lich/date', reply: [t.unknownDetail('abc')] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
    ],
  },
  time: {
    reach: ['lich 20/12'],
    rows: [
      { say: '19h30', next: 'lich/$confirm', reply: ['19:30 Chủ nhật, 20/12/2026'] },
      { say: '19:30 ạ', next: 'lich/$confirm', reply: ['19:30 Chủ nhật, 20/12/2026'] },
      { say: '7 giờ tối', next: 'lich/$confirm', reply: ['19:00 Chủ nhật, 20/12/2026'] },
      { say: 'quay lai', next: 'lich/time', reply: ['Không có bước nào trước đó'] },
      { say: 'chua biet', next: 'lich/time', reply: [t.unknownDetail('chua biet')] },
      { say: 'hop', next: 'hop/date', reply: [KEPT, 'họp ngày nào'] },
    ],
  },
  $confirm: {
    reach: ['lich 20/12 19h30 tai nha van hoa'],
    rows: [
      { say: '1', next: null, reply: ['Đã lưu lịch họp của Chi bộ bản Chanh'] },
      { say: 'luu', next: null, reply: ['Đã lưu lịch họp'] },
      { say: 'đồng ý', next: null, reply: ['Đã lưu lịch họp'] },
      { say: '20h', next: 'lich/$confirm', reply: ['20:00 Chủ nhật, 20/12/2026'] },
      { say: '21/12', next: 'lich/$confirm', reply: ['19:30 Thứ Hai, 21/12/2026'] },
      { say: 'tai hoi truong thon', next: 'lich/$confirm', reply: ['tại hoi truong thon'] },
      { say: 'chuyen de: chuyen doi so', next: 'lich/$confirm', reply: ['Chuyên đề: chuyen doi so'] },
      { say: 'sh chuyen de: chuyen doi so', next: 'lich/$confirm', reply: ['Chuyên đề: chuyen doi so'] },
      { say: 'quay lai', next: 'lich/$confirm', reply: ['Không có bước nào trước đó', '[Lưu]'] },
      { say: 'sinh hoạt thường kỳ', next: 'lich/$confirm', reply: ['Thường kỳ'] },
      {
        say: 'hang thang ngay 5 19h',
        next: 'lich/$confirm',
        reply: ['lịch họp định kỳ', 'ngày 5 hằng tháng'],
      },
      { say: '2', next: null, reply: ['Đã hủy'] },
      { say: 'toi', next: null, reply: [KEPT, 'Vai trò:'] },
      { say: 'hop', next: 'hop/date', reply: [KEPT] },
    ],
  },
};

describe('/lich conversation, step by step', () => {
  it('goes back from the read-back to the question answered last, keeping the rest', async () => {
    await h.say('bt1', 'lich 20/12');
    await h.say('bt1', '19h30');
    const [back] = await h.say('bt1', 'quay lai');
    expect(await activeFlow(h, 'bt1')).toBe('lich/time');
    expect(back!.text).not.toContain('Không có bước nào');
    const [rb] = await h.say('bt1', '20h');
    expect(rb!.text).toContain('20:00 Chủ nhật, 20/12/2026');
  });

  it.each(cases(LICH))('at %s, "%s" → %s', async (step, _, __, row) => {
    const table = LICH[step]!;
    await playRow(h, table.chat ?? 'bt1', table, row);
    if (!/Đã lưu lịch/.test(row.reply.join(' '))) {
      expect(await rows()).toEqual([]);
      expect(await h.sent('gs1')).toEqual([]);
    }
  });
});
