import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { supervisorAssignments } from '../../db/schema';
import { supervision as sv } from '../../src/messages/vi';
import { cases, playRow, type StepTable } from '../support/conversation';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;

beforeEach(async () => {
  h = await createHarness('2026-12-20T03:00:00Z');
  await h.unit('XQS', 'Xã Quan Sơn', 'commune');
  for (const n of [1, 3, 5]) await h.unit(`KP${n}`, `Khu phố ${n}`, 'cell', 'XQS');
  await h.unit('XKH', 'Xã Khánh Hòa', 'commune');
  await h.unit('KH1', 'Thôn 1', 'cell', 'XKH');
  await h.person('coord', 'Phạm Thị Hoa', [{ role: 'coordinator', unit: 'XQS' }]);
  await h.person('an', 'Nguyễn Văn An', [{ role: 'supervisor', unit: 'XQS' }]);
  await h.person('binh', 'Trần Thị Bình', [{ role: 'committee', unit: 'XQS' }]);
  await h.person('khanh', 'Vũ Văn Khánh', [{ role: 'supervisor', unit: 'XKH' }]);
});
afterEach(() => h.close());

const rows = () => h.db.select().from(supervisorAssignments).all();
const text = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n');
/** A whole assignment: the line, then "Lưu" at its read-back. */
const assign = async (line: string) => {
  await h.say('coord', line);
  return h.say('coord', 'luu');
};

describe('phancong: assigning supervisors to cells', () => {
  it('assigns a supervisor typed without diacritics to two cells for a period, and tells them', async () => {
    const [rb] = await h.say('coord', 'phancong Nguyen Van An KP3 KP5 tu 1/1/2027 den 31/12/2027');
    expect(rb!.text).toContain(
      'Xin kiểm tra: phân công đồng chí Nguyễn Văn An theo dõi, dự sinh hoạt KP3 (Khu phố 3), KP5 (Khu phố 5) từ 01/01/2027 đến 31/12/2027.',
    );
    expect(await rows()).toHaveLength(0);
    const out = await h.say('coord', '1');
    expect(text(out)).toContain(
      'Đã phân công đồng chí Nguyễn Văn An phụ trách KP3 (Khu phố 3), KP5 (Khu phố 5) từ 01/01/2027 đến 31/12/2027.',
    );
    expect((await rows()).map((r) => [r.validFrom, r.validTo])).toEqual([
      ['2027-01-01', '2027-12-31'],
      ['2027-01-01', '2027-12-31'],
    ]);
    expect(text(await h.sent('an'))).toContain(
      'Đồng chí được phân công theo dõi, dự sinh hoạt KP3 (Khu phố 3)',
    );
  });

  it('starts on the first of the month when no date is given, and says so', async () => {
    const out = await assign('/assign an KP1');
    expect(text(out)).toContain(
      'Đã phân công đồng chí Nguyễn Văn An phụ trách KP1 (Khu phố 1) từ 01/12/2026 (đầu tháng này, để các lần dự trong tháng được tính).',
    );
    expect((await rows())[0]).toMatchObject({ validFrom: '2026-12-01', validTo: null });
  });

  it('starts today when it takes a cell over from another supervisor, and says so', async () => {
    await assign('phancong An KP1 tu 1/1/2026');
    const out = await assign('phancong Binh KP1');
    expect(text(out)).toContain('từ 20/12/2026 (hôm nay, vì thay người đang phụ trách)');
    expect(text(out)).toContain(
      'Phân công trước của đồng chí Nguyễn Văn An ở KP1 (Khu phố 1) kết thúc ngày 19/12/2026',
    );
  });

  it('re-assigning a cell ends the previous assignment the day before and keeps history', async () => {
    await assign('phancong Nguyen Van An KP3 tu 1/1/2026');
    const out = await assign('phancong Tran Thi Binh KP3 tu 1/1/2027');
    expect(text(out)).toContain(
      'Phân công trước của đồng chí Nguyễn Văn An ở KP3 (Khu phố 3) kết thúc ngày 31/12/2026',
    );
    expect(text(await h.sent('an'))).toContain('kết thúc ngày 31/12/2026');
    const history = await h.say('coord', 'phancong xem KP3');
    expect(text(history)).toBe(
      [
        'Phân công theo dõi KP3 (Khu phố 3):',
        '• Nguyễn Văn An: từ 01/01/2026 đến 31/12/2026 (đang phụ trách)',
        '• Trần Thị Bình: từ 01/01/2027',
      ].join('\n'),
    );
    h.setNow('2027-01-02T03:00:00Z');
    expect(text(await h.say('coord', 'phancong xem kp3'))).toContain(
      '• Trần Thị Bình: từ 01/01/2027 (đang phụ trách)',
    );
  });

  it('answers a repeated identical assignment without writing anything', async () => {
    await assign('phancong Nguyen Van An KP3 tu 1/1/2027');
    const out = await assign('phancong Nguyen Van An KP3 tu 1/1/2027');
    expect(text(out)).toContain('đã được phân công phụ trách KP3 (Khu phố 3) như vậy rồi');
    expect(await rows()).toHaveLength(1);
  });

  it('asks which person is meant when a name is ambiguous, and a typed number chooses', async () => {
    await h.person('an2', 'Lê Thị An', [{ role: 'supervisor', unit: 'KP1' }]);
    const out = await h.say('coord', 'phancong An KP3');
    expect(out[0]!.text).toBe('Có nhiều người tên "An". Đồng chí chọn người nào?');
    expect(out[0]!.buttons?.flat().map((b) => b.label)).toEqual([
      'Nguyễn Văn An — Cấp ủy viên phụ trách chi bộ, Xã Quan Sơn',
      'Lê Thị An — Cấp ủy viên phụ trách chi bộ, Khu phố 1',
    ]);
    expect(await rows()).toHaveLength(0);
    expect(text(await h.say('coord', '2'))).toContain('phân công đồng chí Lê Thị An');
    const done = await h.say('coord', '1');
    expect(text(done)).toContain('Đã phân công đồng chí Lê Thị An phụ trách KP3');
    expect(await rows()).toHaveLength(1);
  });

  it('refuses a cell outside the coordinator scope and saves nothing', async () => {
    const out = await h.say('coord', 'phancong Nguyen Van An KH1');
    expect(text(out)).toMatch(/^Không tìm thấy chi bộ "KH1" trong phạm vi của đồng chí\..*Chưa lưu gì\.$/);
    expect(text(out)).not.toContain('Thôn 1');
    expect(await rows()).toHaveLength(0);
  });

  it('suggests the nearest codes for an unknown cell', async () => {
    const out = await h.say('coord', 'phancong Nguyen Van An KP33');
    expect(text(out)).toBe(
      'Không tìm thấy chi bộ "KP33" trong phạm vi của đồng chí. Có phải: KP3 (Khu phố 3), KP1 (Khu phố 1), KP5 (Khu phố 5)? Chưa lưu gì.',
    );
  });

  it('does not find a person outside the coordinator scope', async () => {
    const out = await h.say('coord', 'phancong Vu Van Khanh KP3');
    expect(text(out)).toContain('Không tìm thấy đồng chí "Vu Van Khanh" trong phạm vi của đồng chí');
    expect(await rows()).toHaveLength(0);
  });

  it('refuses an end date before the start date', async () => {
    const out = await h.say('coord', 'phancong An KP3 tu 1/1/2027 den 1/12/2026');
    expect(text(out)).toBe('Ngày kết thúc 01/12/2026 đứng trước ngày bắt đầu 01/01/2027. Xin kiểm tra lại.');
  });

  it('is refused to a supervisor', async () => {
    const out = await h.say('an', 'phancong Tran Thi Binh KP3');
    expect(text(out)).toContain('Đồng chí không dùng được lệnh "phancong"');
    expect(await rows()).toHaveLength(0);
  });

  it('keeps other cells of the previous supervisor untouched', async () => {
    await assign('phancong An KP3 KP5 tu 1/1/2026');
    await assign('phancong Binh KP3 tu 1/6/2026');
    const kp5 = await h.db
      .select()
      .from(supervisorAssignments)
      .where(eq(supervisorAssignments.validTo, '2026-05-31'))
      .all();
    expect(kp5).toHaveLength(1);
    expect((await rows()).filter((r) => r.validTo === null)).toHaveLength(2);
  });
});

/** The steps of /phancong, with what coordinators type there. */
const PHANCONG: Record<string, StepTable> = {
  person: {
    reach: ['phancong An KP3'],
    rows: [
      { say: '2', next: 'phancong/$confirm', reply: ['Lê Thị An'] },
      { say: 'Le Thi An', next: 'phancong/$confirm', reply: ['Lê Thị An'] },
      { say: 'tu 1/2/2027', next: 'phancong/person', reply: ['Có nhiều người tên "An"'] },
      { say: '9', next: 'phancong/person', reply: ['Xin chọn một mục'] },
      { say: '!p:nobody', next: 'phancong/person', reply: ['Nút vừa bấm đã cũ'] },
      { say: 'tonghop', next: null, reply: [sv.assignKept, 'TỔNG HỢP'] },
    ],
  },
  $confirm: {
    reach: ['phancong Nguyen Van An KP3'],
    rows: [
      { say: '1', next: null, reply: ['Đã phân công đồng chí Nguyễn Văn An phụ trách KP3'] },
      { say: 'ok', next: null, reply: ['Đã phân công'] },
      {
        say: 'tu 1/2/2027 den 30/6/2027',
        next: 'phancong/$confirm',
        reply: ['từ 01/02/2027 đến 30/06/2027'],
      },
      { say: 'den 1/1/2020', next: 'phancong/$confirm', reply: ['đứng trước ngày bắt đầu'] },
      { say: 'tu 31/2/2027', next: 'phancong/$confirm', reply: [sv.noSuchDay] },
      { say: '2', next: null, reply: ['Đã hủy'] },
      { say: 'phancong xem KP3', next: null, reply: [sv.assignKept, 'chưa có ai được phân công'] },
    ],
  },
};

describe('/phancong conversation', () => {
  beforeEach(async () => {
    await h.person('an2', 'Lê Thị An', [{ role: 'supervisor', unit: 'KP1' }]);
  });

  it.each(cases(PHANCONG))('at %s, "%s" → %s', async (step, _, __, row) => {
    await playRow(h, 'coord', PHANCONG[step]!, row);
    if (!/Đã phân công/.test(row.reply.join(' '))) expect(await rows()).toHaveLength(0);
  });
});
