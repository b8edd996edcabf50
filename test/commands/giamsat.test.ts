import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../db/repo/units';
import { meetings, supervisorAssignments, visits } from '../../db/schema';
import { zonedInstant } from '../../src/domain/time/zone';
import { supervision as sv } from '../../src/messages/vi';
import { seedCommune } from '../domain/supervision/commune';
import { activeFlow, cases, playRow, type StepTable } from '../support/conversation';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
const text = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n');
const allVisits = () => h.db.select().from(visits).all();

async function assign(personId: string, code: string, validFrom = '2026-01-01') {
  const unit = await unitByCode(h.db, code);
  await h.commit([
    h.db
      .insert(supervisorAssignments)
      .values({ id: h.deps.newId(), personId, unitId: unit!.id, validFrom, createdAt: 0 }),
  ]);
}

async function meeting(code: string, day: number, hour: number, minute: number) {
  const unit = await unitByCode(h.db, code);
  const id = h.deps.newId();
  await h.commit([
    h.db.insert(meetings).values({
      id,
      unitId: unit!.id,
      slot: '2026-12',
      scheduledAt: zonedInstant('Asia/Ho_Chi_Minh', 2026, 12, day, hour, minute).getTime(),
      createdAt: 0,
      updatedAt: 0,
    }),
  ]);
  return id;
}

/** A commune of three cells and a neighbour; An supervises the commune, assigned to KP3 and KP1. */
async function world(): Promise<string> {
  h = await createHarness('2026-12-20T03:00:00Z');
  await h.unit('XQS', 'Xã Quan Sơn', 'commune');
  for (const n of [1, 3, 5]) await h.unit(`KP${n}`, `Khu phố ${n}`, 'cell', 'XQS');
  await h.unit('XKH', 'Xã Khánh Hòa', 'commune');
  await h.unit('KH1', 'Thôn 1', 'cell', 'XKH');
  const an = await h.person('an', 'Nguyễn Văn An', [{ role: 'supervisor', unit: 'XQS' }]);
  await h.person('sec', 'Đỗ Văn Sơn', [{ role: 'secretary', unit: 'KP3' }]);
  await assign(an, 'KP3');
  await assign(an, 'KP1');
  return an;
}

describe('giamsat: recording visits', () => {
  let an: string;
  beforeEach(async () => {
    an = await world();
  });
  afterEach(() => h.close());

  it('finds a cell by its name without the note in brackets ("bản Chanh" for "Chi bộ bản Chanh (mẫu)")', async () => {
    await h.unit('KP9', 'Chi bộ bản Chanh (mẫu)', 'cell', 'XQS');
    await assign(an, 'KP9');
    const [rb] = await h.say('an', 'giam sat ban chanh hom qua xep loai kha');
    expect(rb!.text).toContain('Xin kiểm tra lần dự sinh hoạt KP9 (Chi bộ bản Chanh (mẫu)) ngày 19/12/2026');
    expect(await activeFlow(h, 'an')).toBe('giamsat/$confirm');
  });

  it('records a one-line visit, matched to the cell meeting of that day', async () => {
    const meetingId = await meeting('KP3', 5, 19, 30);
    const rb = await h.say(
      'an',
      'giamsat KP3 5/12 ghi chu: noi dung sinh hoat tot, can bo sung danh gia dang vien xep loai kha',
    );
    expect(text(rb)).toContain('Xin kiểm tra lần dự sinh hoạt KP3 (Khu phố 3) ngày 05/12/2026');
    expect(await allVisits()).toHaveLength(0);
    const out = await h.say('an', '1');
    expect(text(out)).toBe(
      [
        'Đã ghi lần dự sinh hoạt KP3 (Khu phố 3) ngày 05/12/2026.',
        'Khớp với lịch họp chi bộ lúc 19:30 Thứ Bảy, 05/12/2026.',
        'Nhận xét: noi dung sinh hoat tot, can bo sung danh gia dang vien',
        'Xếp loại: Khá',
      ].join('\n'),
    );
    expect(await allVisits()).toMatchObject([
      {
        personId: an,
        visitedOn: '2026-12-05',
        period: '2026-12',
        meetingId,
        grade: 'kha',
        unassigned: false,
      },
    ]);
  });

  it('records a visit on a day without a meeting, unmatched', async () => {
    await meeting('KP3', 6, 19, 30);
    await h.say('an', '/visit KP3 5/12 xep loai tot');
    const out = await h.say('an', 'luu');
    expect(text(out)).toContain('Chưa thấy lịch họp hay biên bản họp của chi bộ vào ngày này');
    expect((await allVisits())[0]).toMatchObject({ meetingId: null, grade: 'tot', notes: null });
  });

  it('refuses a date in the future and saves nothing', async () => {
    const out = await h.say('an', 'giamsat KP3 25/12/2026 xep loai kha');
    expect(text(out)).toBe(
      'Ngày 25/12/2026 chưa tới. Chỉ ghi được lần dự đã diễn ra; xin gửi lại sau buổi sinh hoạt. Nếu là năm trước, xin ghi cả năm: 25/12/2025. Chưa lưu gì.',
    );
    expect(await allVisits()).toHaveLength(0);
  });

  it('suggests the nearest codes for an unknown cell and saves nothing', async () => {
    const out = await h.say('an', 'giamsat KP4 5/12 xep loai kha');
    expect(text(out)).toBe(
      'Không tìm thấy chi bộ "KP4" trong phạm vi của đồng chí. Có phải: KP1 (Khu phố 1), KP3 (Khu phố 3), KP5 (Khu phố 5)? Chưa lưu gì.',
    );
    expect(await allVisits()).toHaveLength(0);
  });

  it('refuses a cell outside my scope that I am not assigned to', async () => {
    // Answered as an unknown code: the refusal does not confirm the cell exists or name it.
    const out = await h.say('an', 'giamsat KH1 5/12 xep loai kha');
    expect(text(out)).toMatch(/^Không tìm thấy chi bộ "KH1" trong phạm vi của đồng chí\./);
    expect(text(out)).not.toContain('Thôn 1');
    expect(await allVisits()).toHaveLength(0);
  });

  it('records a visit to an unassigned cell only after confirmation, flagged unassigned', async () => {
    const ask = await h.say('an', 'giamsat KP5 5/12 xep loai kha');
    expect(ask[0]!.text).toContain(
      '⚠ Đồng chí không được phân công theo dõi KP5 (Khu phố 5). Lần dự này sẽ được đánh dấu "ngoài phân công".',
    );
    expect(text(await h.choose('an', 'cancel'))).toBe('Đã hủy, không có gì được lưu.');
    expect(await allVisits()).toHaveLength(0);

    await h.say('an', 'giamsat KP5 5/12 xep loai kha');
    const saved = await h.say('an', '1');
    expect(text(saved)).toContain('Đánh dấu: ngoài phân công.');
    expect(await allVisits()).toMatchObject([{ unassigned: true, grade: 'kha' }]);
  });

  it('walks through a visit step by step when only the command is typed', async () => {
    const cells = await h.say('an', 'giam sat');
    expect(cells[0]!.text).toBe('Đồng chí đã dự sinh hoạt ở chi bộ nào? Chọn hoặc gõ mã chi bộ:');
    expect(cells[0]!.buttons?.flat().map((b) => b.label)).toEqual(['KP1 (Khu phố 1)', 'KP3 (Khu phố 3)']);
    expect(text(await h.say('an', '2'))).toContain('Đồng chí dự ngày nào?');
    expect(text(await h.say('an', '31/11'))).toContain('Ngày này không có trong lịch');
    expect(text(await h.say('an', 'hôm qua'))).toContain('Nhận xét buổi sinh hoạt và xếp loại');
    expect(text(await h.say('an', 'Khá'))).toContain('Xếp loại: Khá');
    const done = await h.say('an', '1');
    expect(text(done)).toContain('Đã ghi lần dự sinh hoạt KP3 (Khu phố 3) ngày 19/12/2026.');
    expect(await allVisits()).toMatchObject([{ visitedOn: '2026-12-19', grade: 'kha', notes: null }]);
  });

  it('does not record the same visit twice', async () => {
    await h.say('an', 'giamsat KP3 5/12 xep loai kha');
    await h.say('an', '1');
    const again = await h.say('an', 'giamsat KP3 5/12 xep loai tot');
    expect(text(again)).toBe('Đồng chí đã ghi lần dự KP3 (Khu phố 3) ngày 05/12/2026 rồi. Không ghi thêm.');
    expect(await allVisits()).toHaveLength(1);
  });

  it('stores a location shared on Telegram while the visit flow is open', async () => {
    const tg = await h.person('tg', 'Lê Văn Dũng', [{ role: 'supervisor', unit: 'XQS' }], 'telegram');
    await assign(tg, 'KP5');
    await h.say('tg', 'giamsat KP5 5/12 xep loai kha', { platform: 'telegram' });
    const saved = await h.choose('tg', 'save', { platform: 'telegram' });
    expect(text(saved)).toContain('gửi vị trí hiện tại');
    const loc = await h.say('tg', '', {
      platform: 'telegram',
      kind: 'location',
      location: { latitude: 20.25, longitude: 105.97 },
    });
    expect(text(loc)).toBe('Đã lưu vị trí kèm lần dự sinh hoạt.');
    expect(await allVisits()).toMatchObject([{ personId: tg, latitude: 20.25, longitude: 105.97 }]);
    // The flow is over: a later location is not attached to anything.
    const later = await h.say('tg', '', {
      platform: 'telegram',
      kind: 'location',
      location: { latitude: 1, longitude: 1 },
    });
    expect(text(later)).not.toContain('Đã lưu vị trí');
  });

  it('asks no location on a platform without it', async () => {
    await h.say('an', 'giamsat KP3 5/12 xep loai kha');
    const out = await h.say('an', '1');
    expect(text(out)).not.toContain('vị trí');
  });

  it('shows my cells, my last visit and which I have not visited this quarter', async () => {
    await h.say('an', 'giamsat KP3 5/12 xep loai kha');
    await h.say('an', '1');
    const out = await h.say('an', 'giamsat xem');
    expect(text(out)).toBe(
      [
        'Các chi bộ đồng chí theo dõi (quý 4/2026):',
        '• KP1 (Khu phố 1): chưa dự lần nào — chưa dự quý này',
        '• KP3 (Khu phố 3): lần dự gần nhất 05/12/2026',
        'Còn 1 chi bộ đồng chí chưa dự sinh hoạt quý này.',
      ].join('\n'),
    );
  });

  it('is refused to a secretary', async () => {
    expect(text(await h.say('sec', 'giamsat xem'))).toContain('Đồng chí không dùng được lệnh "giamsat"');
  });
});

const KEPT = sv.visitKept;

/** Every step of /giamsat, with what supervisors really type there. */
const GIAMSAT: Record<string, StepTable> = {
  cell: {
    reach: ['giamsat'],
    rows: [
      { say: '2', next: 'giamsat/date', reply: [sv.askDate('19/12')] },
      { say: 'kp3', next: 'giamsat/date', reply: [sv.askDate('19/12')] },
      { say: 'khu pho 3', next: 'giamsat/date', reply: [sv.askDate('19/12')] },
      { say: 'KP5', next: 'giamsat/date', reply: [sv.askDate('19/12')] },
      { say: 'KH1', next: 'giamsat/cell', reply: ['Không tìm thấy chi bộ "KH1"', '[KP1 (Khu phố 1)]'] },
      { say: '!u:forged', next: 'giamsat/cell', reply: ['Nút vừa bấm đã cũ'] },
      { say: 'lich', next: null, reply: ['Lịch họp'], not: [KEPT] },
    ],
  },
  date: {
    reach: ['giamsat', '2'],
    rows: [
      { say: '5/12', next: 'giamsat/notes', reply: ['Nhận xét buổi sinh hoạt'] },
      { say: 'hôm qua', next: 'giamsat/notes', reply: ['Nhận xét buổi sinh hoạt'] },
      { say: 'hom nay a', next: 'giamsat/notes', reply: ['Nhận xét buổi sinh hoạt'] },
      { say: '25/12/2026', next: 'giamsat/date', reply: ['Ngày 25/12/2026 chưa tới'] },
      { say: '31/11', next: 'giamsat/date', reply: [sv.noSuchDay] },
      { say: 'xyz', next: 'giamsat/date', reply: [sv.needDate, sv.askDate('19/12')] },
      { say: 'giamsat xem', next: null, reply: [KEPT, 'Các chi bộ đồng chí theo dõi'] },
    ],
  },
  notes: {
    reach: ['giamsat', '2', '5/12'],
    rows: [
      { say: 'Khá', next: 'giamsat/$confirm', reply: ['Xếp loại: Khá'] },
      {
        say: 'nội dung tốt, xếp loại khá',
        next: 'giamsat/$confirm',
        reply: ['Nhận xét: nội dung tốt', 'Khá'],
      },
      { say: 'bo qua', next: 'giamsat/$confirm', reply: ['Nhận xét: không có'] },
      { say: '1', next: 'giamsat/$confirm', reply: ['Nhận xét: không có'] },
      { say: 'Sinh hoạt đúng giờ', next: 'giamsat/$confirm', reply: ['Nhận xét: Sinh hoạt đúng giờ'] },
      { say: 'ok', next: 'giamsat/notes', reply: ['"ok" chưa phải câu trả lời', '[Bỏ qua]'] },
      { say: 'quay lai', next: 'giamsat/date', reply: ['dự ngày nào'] },
      { say: 'trogiup', next: null, reply: [KEPT, 'Các lệnh'] },
    ],
  },
  $confirm: {
    reach: ['giamsat KP3 5/12 xep loai kha'],
    rows: [
      { say: '1', next: null, reply: ['Đã ghi lần dự sinh hoạt KP3 (Khu phố 3) ngày 05/12/2026.'] },
      { say: 'luu', next: null, reply: ['Đã ghi lần dự'] },
      { say: 'xep loai tot', next: 'giamsat/$confirm', reply: ['Xếp loại: Tốt'] },
      { say: '6/12', next: 'giamsat/$confirm', reply: ['ngày 06/12/2026'] },
      {
        say: 'nhan xet: noi dung phong phu',
        next: 'giamsat/$confirm',
        reply: ['Nhận xét: noi dung phong phu'],
      },
      { say: 'giamsat xem', next: null, reply: [KEPT, 'Các chi bộ đồng chí theo dõi'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp'] },
      { say: 'xyz', next: 'giamsat/$confirm', reply: ['Tôi chưa hiểu phần "xyz"'] },
    ],
  },
};

describe('giamsat conversation, step by step', () => {
  beforeEach(async () => {
    await world();
  });
  afterEach(() => h.close());

  it.each(cases(GIAMSAT))('at %s, "%s" → %s', async (step, _, __, row) => {
    await playRow(h, 'an', GIAMSAT[step]!, row);
    if (!/Đã ghi lần dự/.test(row.reply.join(' '))) expect(await allVisits()).toHaveLength(0);
  });

  it('answers a command typed after a visit on Telegram instead of taking it for "no location"', async () => {
    const tg = await h.person('tg', 'Lê Văn Dũng', [{ role: 'supervisor', unit: 'XQS' }], 'telegram');
    await assign(tg, 'KP5');
    const opts = { platform: 'telegram' as const };
    await h.say('tg', 'giam sat khu pho 5 hom qua kha', opts);
    await h.choose('tg', 'save', opts);
    expect(await activeFlow(h, 'tg', 'telegram')).toBe('giamsat/location');
    const [mine] = await h.say('tg', 'giamsat xem', opts);
    expect(mine!.text).toContain('Các chi bộ đồng chí theo dõi');
    expect(await activeFlow(h, 'tg', 'telegram')).toBeNull();
    expect(await allVisits()).toMatchObject([{ visitedOn: '2026-12-19', grade: 'kha', latitude: null }]);
  });
});

describe('giamsat: the date question', () => {
  beforeEach(async () => {
    await world();
  });
  afterEach(() => h.close());

  it('gives as its example a day it accepts, early in a month too', async () => {
    h.setNow('2026-12-01T03:00:00Z');
    await h.say('an', 'giamsat');
    const [asked] = await h.say('an', 'kp3');
    const example = /ví dụ: (\d{1,2}\/\d{1,2})/.exec(asked!.text)?.[1];
    expect(example).toBe('30/11');
    await h.say('an', example!);
    expect(await activeFlow(h, 'an')).toBe('giamsat/notes');
  });
});

describe('giamsat phamvi: coverage for coordinators', () => {
  beforeEach(async () => {
    h = await createHarness('2026-12-20T03:00:00Z');
    await seedCommune(h);
  });
  afterEach(() => h.close());

  it('shows a coordinator the coverage of the commune for the quarter', async () => {
    const out = text(await h.say('coord', 'giamsat phamvi XQS quy 4'));
    expect(out).toContain('Giám sát sinh hoạt chi bộ — Xã Quan Sơn, quý 4/2026');
    expect(out).toContain(
      'Được cấp trên dự: 5/8 chi bộ (trên tổng số chi bộ); 4/7 chi bộ có người phụ trách (trên số chi bộ được phân công)',
    );
    expect(out).toContain('Lượt cấp trên dự: 5 (1 ngoài phân công)');
    expect(out).toContain('• Nguyễn Văn An: ngày 05/12/2026: 19:00 KP3, 19:30 KP1');
    expect(out).toContain('• KP6 (Khu phố 6) — Hoàng Văn Cường; lần dự gần nhất 02/08/2026');
    expect(out).toContain('• KP7 (Khu phố 7) — Lê Văn Dũng; chưa từng được dự');
    expect(out).toContain('Người theo dõi chưa dự lần nào trong quý (2/4):');
    expect(out).toContain('Đối chiếu với biên bản: 2 lần dự khớp biên bản; 2 lần chưa có biên bản.');
    expect(out).toContain(
      '• KP2 (Khu phố 2) ngày 06/12/2026: đồng chí Nguyễn Văn An ghi đã dự, biên bản không ghi người dự cấp trên',
    );
    expect(out).toContain(
      '• KP5 (Khu phố 5) ngày 05/12/2026: biên bản ghi đồng chí Trần Thị Bình dự, nhưng chưa có lần dự nào được ghi',
    );
  });

  it('defaults to the coordinator unit and the current quarter', async () => {
    const out = text(await h.say('coord', 'giam sat pham vi'));
    expect(out).toContain('Xã Quan Sơn, quý 4/2026');
  });

  it('finds the unit by name typed without diacritics', async () => {
    expect(text(await h.say('coord', 'giamsat phamvi quan son quy 4'))).toContain('Xã Quan Sơn, quý 4/2026');
  });

  it('reads a month as its quarter and says so, instead of looking for a cell named "thang 11"', async () => {
    const out = text(await h.say('coord', 'giamsat phamvi thang 11'));
    expect(out).toContain('Giám sát sinh hoạt chi bộ — Xã Quan Sơn, quý 4/2026');
    expect(out).toContain('(Tình hình giám sát tính theo quý; đây là quý có tháng 11/2026.)');
    expect(text(await h.say('coord', 'giamsat phamvi XQS 8/2026'))).toContain('Xã Quan Sơn, quý 3/2026');
  });

  it('asks for a quarter when a year is typed', async () => {
    expect(text(await h.say('coord', 'giamsat phamvi nam 2026'))).toBe(
      'Tình hình giám sát tính theo quý. Xin gõ quý cần xem, ví dụ: giamsat phamvi quy 4/2026.',
    );
  });

  it('refuses a unit outside the coordinator scope', async () => {
    const out = text(await h.say('coord', 'giamsat phamvi XKH'));
    expect(out).toMatch(/^Không tìm thấy chi bộ "XKH" trong phạm vi của đồng chí\./);
    expect(out).not.toContain('Khánh Hòa');
  });

  it('does not let a supervisor see the coverage (other supervisors’ visits)', async () => {
    const out = text(await h.say('an', 'giamsat phamvi XQS'));
    expect(out).toBe('Chỉ cán bộ tổ chức và cấp ủy viên xem được tình hình giám sát của đơn vị.');
  });

  it('shows a supervisor only their own visits', async () => {
    const out = text(await h.say('cuong', 'giamsat xem'));
    expect(out).toContain('• KP6 (Khu phố 6): lần dự gần nhất 02/08/2026 — chưa dự quý này');
    expect(out).not.toContain('KP1');
  });
});
