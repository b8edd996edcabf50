import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flows, meetingRecords, supervisorAssignments, units, visits } from '../../db/schema';
import { handleIncoming } from '../../src/bot/handle';
import { meetings as t } from '../../src/messages/vi/meetings';
import { supervision as sv } from '../../src/messages/vi/supervision';
import { activeFlow, cases, playRow, type StepTable } from '../support/conversation';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
let kp1 = '';

const records = () =>
  h.db.select().from(meetingRecords).orderBy(asc(meetingRecords.unitId), asc(meetingRecords.revision)).all();

beforeEach(async () => {
  // Thursday 10/12/2026, 10:00 in Hà Nội
  h = await createHarness('2026-12-10T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  kp1 = await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', { memberCount: 27 });
  await h.unit('KP2', 'Chi bộ bản Na Mèo', 'cell', 'XQS', { memberCount: 31 });
  await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS', { memberCount: 44 });
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
  await h.person('tg1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }], 'telegram');
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
  // The cells have been in chibo since January: last month's report is owed.
  await h.commit([h.db.update(units).set({ createdAt: Date.parse('2026-01-01T00:00:00Z') })]);
});
afterEach(() => h.close());

const LINE = 'hop 5/12 co mat 23/27 vang co ly do 3 xep loai tot';
const KEPT = t.hopKept;

/** Every step of /hop, with what secretaries really type there. */
const HOP: Record<string, StepTable & { chat?: string }> = {
  cell: {
    chat: 'bt2',
    reach: ['hop 5/12 co mat 40/44 vang co ly do 4 xep loai tot'],
    rows: [
      { say: '2', next: 'hop/$confirm', reply: ['Chi bộ khu phố 3'] },
      { say: 'kp3', next: 'hop/$confirm', reply: ['Chi bộ khu phố 3'] },
      { say: 'khu pho 3', next: 'hop/$confirm', reply: ['Chi bộ khu phố 3'] },
      { say: 'Bản Na Mèo', next: 'hop/$confirm', reply: ['Chi bộ bản Na Mèo'] },
      { say: '5', next: 'hop/cell', reply: ['Xin chọn một mục', '[Chi bộ bản Na Mèo]'] },
      { say: '!u:garbage', next: 'hop/cell', reply: ['Nút vừa bấm đã cũ', '[Chi bộ khu phố 3]'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
    ],
  },
  date: {
    reach: ['hop'],
    rows: [
      { say: '5/12', next: 'hop/attendance', reply: ['Chi bộ có 27 đảng viên'] },
      { say: 'ngày 5/12', next: 'hop/attendance', reply: ['Có mặt bao nhiêu'] },
      { say: 'hom qua', next: 'hop/attendance', reply: ['Có mặt bao nhiêu'] },
      { say: 'toi 5/12', next: 'hop/attendance', reply: ['Có mặt bao nhiêu'], not: ['Vai trò'] },
      { say: '5.12 ạ', next: 'hop/attendance', reply: ['Có mặt bao nhiêu'] },
      { say: '5/12 co mat 23/27 xep loai tot', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: '35/12', next: 'hop/date', reply: ['"35/12" không phải ngày hợp lệ', 'họp ngày nào'] },
      { say: '25/12', next: 'hop/date', reply: [t.problemFuture(25, 12, 2026)] },
      { say: '31/11', next: 'hop/date', reply: [t.problemNoSuchDay] },
      { say: 'chua biet', next: 'hop/date', reply: [t.needDateAnswer] },
      { say: 'quay lai', next: 'hop/date', reply: ['Không có bước nào trước đó', 'họp ngày nào'] },
      { say: '/toi', next: null, reply: ['Vai trò:'], not: [KEPT] },
      { say: 'trogiup', next: null, reply: ['Các lệnh của đồng chí'] },
      { say: 'huy', next: null, reply: ['Đã hủy'] },
    ],
  },
  attendance: {
    reach: ['hop', '5/12'],
    rows: [
      { say: '23/27', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: '23', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: '23 tren 27', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: '5/27', next: 'hop/excused', reply: ['Vắng 22 đồng chí'] },
      { say: '12/12', next: 'hop/attendee', reply: ['cấp trên dự họp'], not: ['Ngày họp'] },
      { say: 'co mat 23/27 dv', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: '23/27 đ/c', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: 'dự 23/27', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: 'du 23 vang 4', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: 'du 23 vang 4 deu co ly do', next: 'hop/attendee', reply: ['cấp trên dự họp'] },
      { say: '27', next: 'hop/attendee', reply: ['cấp trên dự họp'] },
      { say: '30/27', next: 'hop/attendance', reply: [t.problemPresentOverTotal(30, 27)] },
      { say: 'nhieu lam', next: 'hop/attendance', reply: [t.needAttendance] },
      { say: 'quay lai', next: 'hop/date', reply: ['Hiện ghi: 05/12/2026', 'họp ngày nào'] },
      { say: 'Quay lại ạ', next: 'hop/date', reply: ['Hiện ghi: 05/12/2026'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
    ],
  },
  excused: {
    reach: ['hop', '5/12', '23/27'],
    rows: [
      { say: '3', next: 'hop/attendee', reply: ['cấp trên dự họp'] },
      { say: 'tat ca', next: 'hop/attendee', reply: ['cấp trên dự họp'] },
      { say: 'không ai', next: 'hop/attendee', reply: ['cấp trên dự họp'] },
      { say: '3 co ly do', next: 'hop/attendee', reply: ['cấp trên dự họp'] },
      { say: 'vang co ly do 2, khong ly do 2', next: 'hop/attendee', reply: ['cấp trên dự họp'] },
      { say: '5', next: 'hop/excused', reply: [t.problemSumMismatch(23, 5, 0, 27)] },
      { say: 'khong biet', next: 'hop/excused', reply: [t.needNumber, 'Vắng 4 đồng chí'] },
      { say: 'sua', next: 'hop/$edit', reply: ['Sửa mục nào?', '[Ngày họp]'] },
      { say: 'quay lai', next: 'hop/attendance', reply: ['Hiện ghi: 23/27', 'Có mặt bao nhiêu'] },
      { say: 'baocao', next: 'baocao/period', reply: [KEPT, 'tháng nào'] },
    ],
  },
  attendee: {
    reach: ['hop', '5/12', '23/27', '3'],
    rows: [
      { say: '1', next: 'hop/grade', reply: [t.askGrade] },
      { say: 'khong', next: 'hop/grade', reply: [t.askGrade] },
      { say: 'đ/c Dũng', next: 'hop/grade', reply: [t.askGrade] },
      { say: 'Đồng chí Hùng, Phó Bí thư xã', next: 'hop/grade', reply: [t.askGrade] },
      { say: 'ok', next: 'hop/attendee', reply: ['"ok" chưa phải câu trả lời', '[Không có]'] },
      { say: 'ừ', next: 'hop/attendee', reply: ['chưa phải câu trả lời'] },
      { say: 'Dạ vâng', next: 'hop/attendee', reply: ['chưa phải câu trả lời'] },
      { say: '/lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
    ],
  },
  grade: {
    reach: ['hop', '5/12', '23/27', '3', 'khong'],
    rows: [
      { say: '1', next: 'hop/note', reply: [t.askNote] },
      { say: 'tot', next: 'hop/note', reply: [t.askNote] },
      { say: 'Khá ạ', next: 'hop/note', reply: [t.askNote] },
      { say: 'trung binh', next: 'hop/note', reply: [t.askNote] },
      { say: 'TB', next: 'hop/note', reply: [t.askNote] },
      { say: 'xep loai kha', next: 'hop/note', reply: [t.askNote] },
      { say: 'xl kem', next: 'hop/note', reply: [t.askNote] },
      { say: '!g:tot', next: 'hop/note', reply: [t.askNote] },
      {
        say: 'hoàn thành tốt nhiệm vụ',
        next: 'hop/grade',
        reply: ['là mức xếp loại đảng viên', '[Tốt]', '[Kém]'],
      },
      { say: '9', next: 'hop/grade', reply: ['Xin chọn một mục', '[Khá]'] },
      { say: 'gioi', next: 'hop/grade', reply: ['Xin chọn một mục', '[Trung bình]'] },
      { say: '!d:garbage', next: 'hop/grade', reply: ['Nút vừa bấm đã cũ', '[Tốt]'] },
      { say: 'co mat 24/27', next: 'hop/excused', reply: ['Vắng 3 đồng chí'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
    ],
  },
  note: {
    reach: ['hop', '5/12', '23/27', '3', 'khong', 'tot'],
    rows: [
      { say: 'Họp đúng giờ', next: 'hop/$confirm', reply: ['• Ghi chú: Họp đúng giờ'] },
      { say: 'Đúng giờ', next: 'hop/$confirm', reply: ['• Ghi chú: Đúng giờ'] },
      { say: '1', next: 'hop/$confirm', reply: ['Xin kiểm tra biên bản'], not: ['Ghi chú'] },
      { say: 'bo qua', next: 'hop/$confirm', reply: ['Xin kiểm tra biên bản'], not: ['Ghi chú'] },
      { say: 'ok', next: 'hop/note', reply: ['"ok" chưa phải câu trả lời', '[Bỏ qua]'] },
      { say: 'uh', next: 'hop/note', reply: ['chưa phải câu trả lời'] },
      { say: 'quay lai', next: 'hop/grade', reply: [t.askGrade] },
      { say: 'trogiup', next: null, reply: [KEPT, 'Các lệnh của đồng chí'] },
      { say: '/lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
    ],
  },
  $confirm: {
    reach: [LINE],
    rows: [
      { say: '1', next: null, reply: ['Đã lưu biên bản họp tháng 12/2026 của Chi bộ bản Chanh'] },
      { say: 'luu', next: null, reply: ['Đã lưu biên bản'] },
      { say: 'Lưu ạ', next: null, reply: ['Đã lưu biên bản'] },
      { say: 'ok', next: null, reply: ['Đã lưu biên bản'] },
      { say: 'đồng ý', next: null, reply: ['Đã lưu biên bản'] },
      { say: 'co', next: null, reply: ['Đã lưu biên bản'] },
      { say: '!save', next: null, reply: ['Đã lưu biên bản'] },
      { say: 'xep loai kha', next: 'hop/$confirm', reply: ['• Xếp loại: Khá'] },
      {
        say: 'chuyen de chuyen doi so',
        next: 'hop/$confirm',
        reply: ['• Loại: Chuyên đề — chuyen doi so'],
      },
      { say: 'sh ket hop hoc nghi quyet', next: 'hop/$confirm', reply: ['Thường kỳ kết hợp chuyên đề'] },
      { say: 'co mat 24/27', next: 'hop/excused', reply: ['Vắng 3 đồng chí'] },
      { say: 'ngay 6/12', next: 'hop/$confirm', reply: ['• Ngày họp: 06/12/2026'] },
      { say: '2', next: 'hop/$edit', reply: ['Sửa mục nào?', '[Ngày họp]', '[Xếp loại]'] },
      { say: 'sua', next: 'hop/$edit', reply: ['Sửa mục nào?'] },
      { say: 'quay lai', next: 'hop/$edit', reply: ['Sửa mục nào?'] },
      { say: '3', next: null, reply: ['Đã hủy'] },
      { say: 'xyz', next: 'hop/$confirm', reply: ['Tôi chưa hiểu phần "xyz"', t.confirmHint, '[Lưu]'] },
      { say: '!c:save', next: 'hop/$confirm', reply: ['Nút vừa bấm đã cũ'] },
      {
        say: 'giamsat xem',
        next: 'hop/$confirm',
        reply: ['không dùng được lệnh "giamsat"', '• Có mặt: 23/27', '[Lưu]'],
      },
      { say: 'toi', next: null, reply: [KEPT, 'Vai trò:'] },
      {
        say: 'baocao thang 11 an ninh on dinh san xuat binh thuong khong co kien nghi',
        next: 'baocao/$confirm',
        reply: [KEPT, 'An ninh, trật tự: on dinh', 'Sản xuất, đời sống: binh thuong'],
      },
      {
        say: 'hop 6/12 co mat 20/27 vang co ly do 7 xep loai kha',
        next: 'hop/$confirm',
        reply: [t.hopReplaced, '06/12/2026', '20/27'],
      },
    ],
  },
  $missing: {
    reach: ['hop 5/12 co mat 23/27'],
    rows: [
      { say: '3, tot', next: 'hop/$confirm', reply: ['• Vắng có lý do: 3; vắng không lý do: 1', 'Tốt'] },
      { say: '3 co ly do xep loai kha', next: 'hop/$confirm', reply: ['• Xếp loại: Khá'] },
      {
        say: 'tat ca co ly do, tot',
        next: 'hop/$confirm',
        reply: ['• Vắng có lý do: 4; vắng không lý do: 0'],
      },
      { say: 'tot', next: 'hop/excused', reply: ['Vắng 4 đồng chí'] },
      { say: '3', next: 'hop/grade', reply: [t.askGrade] },
      { say: 'abc', next: 'hop/$missing', reply: ['Tôi chưa hiểu phần "abc"', 'Còn thiếu'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
    ],
  },
  $edit: {
    reach: [LINE, '2'],
    rows: [
      { say: '1', next: 'hop/date', reply: ['Hiện ghi: 05/12/2026', 'họp ngày nào'] },
      { say: 'xep loai', next: 'hop/grade', reply: [t.askGrade] },
      { say: 'Ghi chú', next: 'hop/note', reply: [t.askNote] },
      { say: 'cap tren', next: 'hop/attendee', reply: [t.askAttendee] },
      { say: 'ngay', next: 'hop/date', reply: ['Hiện ghi: 05/12/2026'] },
      { say: 'co mat', next: 'hop/attendance', reply: ['Hiện ghi: 23/27'] },
      { say: 'quay lai', next: 'hop/$confirm', reply: ['Xin kiểm tra biên bản'] },
      { say: 'co mat 24/27', next: 'hop/excused', reply: ['Vắng 3 đồng chí'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp sắp tới'] },
    ],
  },
};

describe('/hop conversation, step by step', () => {
  it.each(cases(HOP))('at %s, "%s" → %s', async (step, _, __, row) => {
    const table = HOP[step]!;
    await playRow(h, table.chat ?? 'bt1', table, row);
    // Nothing half-entered is ever a record.
    if (!/Đã lưu/.test(row.reply.join(' '))) expect(await records()).toEqual([]);
  });

  it('keeps every answer of a step-by-step record until it is saved, numbers and words alike', async () => {
    for (const say of ['hop', '5/12', '23/27', '3', '1', 'Khá', 'Sôi nổi, đúng giờ']) await h.say('bt1', say);
    const [rb] = await h.say('bt1', 'chuyen de chuyen doi so');
    expect(rb!.text).toContain('• Cấp trên dự: Hà Văn Dũng');
    expect(rb!.text).toContain('• Ghi chú: Sôi nổi, đúng giờ');
    await h.say('bt1', 'luu');
    expect(await records()).toMatchObject([
      {
        unitId: kp1,
        heldOn: '2026-12-05',
        present: 23,
        total: 27,
        absentExcused: 3,
        absentUnexcused: 1,
        kind: 'thematic',
        topic: 'chuyen doi so',
        grade: 'kha',
        note: 'Sôi nổi, đúng giờ',
        revision: 1,
        isCurrent: true,
      },
    ]);
    expect(await h.db.select().from(flows).all()).toEqual([]);
  });
});

describe('/hop in one line', () => {
  it('reads back what it understood, with the kind "thường kỳ" by default, and saves only after confirmation', async () => {
    const [readBack] = await h.say('bt1', LINE);
    expect(readBack!.text).toBe(
      [
        'Xin kiểm tra biên bản họp của Chi bộ bản Chanh:',
        '• Ngày họp: 05/12/2026',
        '• Có mặt: 23/27',
        '• Vắng có lý do: 3; vắng không lý do: 1',
        '• Loại: Thường kỳ',
        '• Cấp trên dự: không có',
        '• Xếp loại: Tốt',
        t.confirmHint,
      ].join('\n'),
    );
    expect(readBack!.buttons?.flat().map((b) => b.label)).toEqual(['Lưu', 'Sửa một mục', 'Hủy']);
    expect(await records()).toEqual([]);
    expect((await h.say('bt1', '1'))[0]!.text).toBe(
      'Đã lưu biên bản họp tháng 12/2026 của Chi bộ bản Chanh. Cảm ơn đồng chí!',
    );
    expect(await records()).toMatchObject([{ kind: 'regular', grade: 'tot', absentUnexcused: 1 }]);
  });

  it.each([
    // counts with unit words, "dự", absences with and without reasons, a known total
    [
      'hop 5/12 co mat 23/27 dv vang co ly do 3 xep loai tot',
      ['• Có mặt: 23/27', 'có lý do: 3; vắng không lý do: 1'],
    ],
    ['hop 5/12 du 23 vang 4 deu co ly do xl tot', ['• Có mặt: 23/27', 'có lý do: 4; vắng không lý do: 0']],
    ['hop 5/12 có mặt 23, vắng 4 (3 có lý do), tốt', ['• Có mặt: 23/27', 'có lý do: 3; vắng không lý do: 1']],
    [
      'hop 5/12 23/27 đ/c khong ly do 1 dat loai kha',
      ['có lý do: 3; vắng không lý do: 1', '• Xếp loại: Khá'],
    ],
    ['hop 5/12 co mat 27 xep loai tot', ['• Có mặt: 27/27', 'có lý do: 0; vắng không lý do: 0']],
    // sinh hoạt words and the kind
    ['hop 5/12 co mat 27/27 sh chuyen de: chuyen doi so, xl tot', ['• Loại: Chuyên đề — chuyen doi so']],
    ['hop 5/12 co mat 27/27 sinh hoat thuong ky xep loai kha', ['• Loại: Thường kỳ', 'Khá']],
    // extra words after the command, courtesy, emoji, the cell by name
    ['hop chi bo 5/12 co mat 27/27 xep loai tot nhé 🙏', ['• Ngày họp: 05/12/2026', '• Xếp loại: Tốt']],
    ['🙂 Họp 5/12 có mặt 27/27 xếp loại tốt ạ.', ['• Xếp loại: Tốt']],
    ['hop ban chanh 5/12 co mat 27/27 xep loai tot', ['Chi bộ bản Chanh']],
  ])('understands "%s"', async (line, parts) => {
    const [rb] = await h.say('bt1', line);
    for (const p of parts) expect(rb!.text).toContain(p);
    expect(await activeFlow(h, 'bt1')).toBe('hop/$confirm');
  });

  it('asks what the line left out in one question', async () => {
    const [q] = await h.say('bt1', 'hop 5/12 co mat 23/27');
    expect(q!.text).toContain('Còn thiếu: trong 4 đồng chí vắng, bao nhiêu có lý do; xếp loại buổi họp.');
    // One question for one missing part, with its buttons.
    await h.say('bt1', 'huy');
    const [g] = await h.say('bt1', 'hop 5/12 co mat 27/27');
    expect(g!.text).toBe(t.askGrade);
    expect(g!.buttons?.flat().map((b) => b.data)).toEqual(['g:tot', 'g:kha', 'g:trung_binh', 'g:kem']);
  });

  it('takes "hoàn thành tốt nhiệm vụ" for no grade of the meeting, and says so', async () => {
    const [q] = await h.say('bt1', 'hop 5/12 co mat 27/27 xep loai hoan thanh tot nhiem vu');
    expect(q!.text).toContain('"hoan thanh tot nhiem vu" là mức xếp loại đảng viên');
    expect(q!.text).toContain(t.askGrade);
  });

  it.each([
    ['hop 5/12 co mat 30/27 thuong ky', t.problemPresentOverTotal(30, 27)],
    ['hop 25/12 co mat 20/27', t.problemFuture(25, 12, 2026)],
    ['hop 5/13 co mat 20/27', t.problemBadMonth('5/13')],
    ['hop 31/11 co mat 20/27', t.problemNoSuchDay],
    ['hop 5/12 co mat 20/27 xep loai gioi', t.problemGrade('gioi')],
    ['hop 5/12 co mat 20/27 vang co ly do 5 vang khong ly do 5', t.problemSumMismatch(20, 5, 5, 27)],
    ['hop 5/12 co mat 20/27 troi mua to', t.problemUnknown('troi mua to')],
  ])('answers "%s" with a specific correction and saves nothing', async (line, expected) => {
    const replies = await h.say('bt1', line);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(expected);
    expect(await records()).toEqual([]);
    expect(await h.db.select().from(flows).all()).toEqual([]);
  });

  it('an answer typed after another command put the record aside says how to take the record up again', async () => {
    await h.say('bt1', 'hop');
    await h.say('bt1', 'hom qua');
    const [me] = await h.say('bt1', 'toi');
    expect(me!.text).toContain(t.hopKept);
    const [answer] = await h.say('bt1', 'co mat 20/25 nhe');
    expect(answer!.text).toContain('Tôi chưa hiểu tin nhắn này.');
    expect(answer!.text).toContain(t.hopKept);
    const [back] = await h.say('bt1', 'hop');
    expect(back!.text).toContain('Có mặt bao nhiêu');
  });

  it('a date not come yet is named, and the way to write last year shows that date a year back', async () => {
    h.setNow('2027-01-10T03:00:00Z');
    const [answer] = await h.say('bt1', 'hop 25/1 co mat 20/27');
    expect(answer!.text).toContain('Ngày họp 25/1/2027 chưa tới');
    expect(answer!.text).toContain('ví dụ 25/1/2026');
    expect(await records()).toEqual([]);
  });

  it('answers a line of 800 repeated words in one reply: the first problems and how many more', async () => {
    const replies = await h.say('bt1', `hop 5/12 ${'vang xyz '.repeat(400)}`);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text.length).toBeLessThan(2000);
    expect(await records()).toEqual([]);
  });

  it('warns in the read-back when the total is far from the cell size', async () => {
    const [rb] = await h.say('bt1', 'hop 5/12 co mat 60/72 vang co ly do 12 thuong ky xep loai tot');
    expect(rb!.text).toContain(t.totalFar(72, 27));
  });

  it('lets a secretary of two cells choose the cell, or name it first', async () => {
    const [pick] = await h.say('bt2', 'hop 5/12 co mat 40/44 vang co ly do 4 xep loai tot');
    expect(pick!.text).toBe(t.pickCell);
    expect(pick!.buttons!.flat().map((b) => b.label)).toEqual(['Chi bộ bản Na Mèo', 'Chi bộ khu phố 3']);
    await h.say('bt2', '2');
    await h.say('bt2', '1');
    const kp3 = await h.db.select().from(units).where(eq(units.code, 'KP3')).get();
    expect((await records())[0]!.unitId).toBe(kp3!.id);
    const [rb] = await h.say('bt2', 'hop kp2 5/12 co mat 30/31 vang co ly do 1 xep loai tot');
    expect(rb!.text).toContain('Chi bộ bản Na Mèo');
  });
});

describe('/hop drafts, restarts and buttons', () => {
  it('survives a restart: a new pipeline over the same database goes on with the flow', async () => {
    await h.say('bt1', 'hop');
    await h.say('bt1', '5/12');
    const deps2 = { ...h.deps, newId: () => `r${Math.random().toString(36).slice(2)}` };
    await handleIncoming(deps2, {
      platform: 'sim',
      updateKey: 'sim:restart-1',
      chatId: 'bt1',
      chatType: 'private',
      userId: 'bt1',
      kind: 'text',
      text: '23/27',
    });
    expect((await h.sent('bt1')).at(-1)!.text).toBe(t.askExcused(4));
  });

  it('keeps a half-entered record when another command interrupts, and takes it up again with "hop"', async () => {
    await h.say('bt1', 'hop 5/12 co mat 23/27');
    const [other] = await h.say('bt1', 'lich');
    expect(other!.text.split('\n')[0]).toBe(t.hopKept);
    const [resumed] = await h.say('bt1', 'hop');
    expect(resumed!.text).toContain(t.hopResumed);
    expect(resumed!.text).toContain('Còn thiếu');
    await h.say('bt1', '3 tot');
    await h.say('bt1', '1');
    expect(await records()).toMatchObject([{ present: 23, absentExcused: 3, grade: 'tot' }]);
  });

  it('works with Telegram buttons, and refuses forged button data without storing it', async () => {
    const tg = { platform: 'telegram' as const };
    await h.say('tg1', 'hop 5/12 co mat 25/27 vang co ly do 2', tg);
    const [forged] = await h.choose('tg1', 'd:garbage', tg);
    expect(forged!.text).toContain('Nút vừa bấm đã cũ');
    const [rb] = await h.choose('tg1', 'g:trung_binh', tg);
    expect(rb!.text).toContain('• Xếp loại: Trung bình');
    await h.choose('tg1', 'edit', tg);
    await h.choose('tg1', 'kind', tg);
    await h.choose('tg1', 'k:both', tg);
    const [rb2] = await h.say('tg1', 'Học tập Nghị quyết', tg);
    expect(rb2!.text).toContain('• Loại: Thường kỳ kết hợp chuyên đề — Học tập Nghị quyết');
    const [saved] = await h.choose('tg1', 'save', tg);
    expect(saved!.text).toContain('Đã lưu biên bản họp tháng 12/2026');
    expect(await records()).toMatchObject([{ kind: 'both', grade: 'trung_binh', heldOn: '2026-12-05' }]);
  });

  it('keeps a put-aside record when "huy" leaves another flow, and says so; a second "huy" drops it', async () => {
    await h.say('bt1', 'hop 5/12 co mat 23/27 vang co ly do 3 xep loai tot');
    await h.say('bt1', 'baocao');
    const [left] = await h.say('bt1', 'huy');
    expect(left!.text).toBe(`Đã hủy, không có gì được lưu.\n${KEPT}`);
    const [resumed] = await h.say('bt1', 'hop');
    expect(resumed!.text).toContain('• Có mặt: 23/27');
    await h.say('bt1', 'baocao');
    await h.say('bt1', 'huy');
    expect((await h.say('bt1', 'huy'))[0]!.text).toBe('Đã hủy, không có gì được lưu.');
    expect(await h.db.select().from(flows).all()).toEqual([]);
  });

  it('leaves without saving on /huy, drafts included', async () => {
    await h.say('bt1', 'hop 5/12 co mat 23/27');
    await h.say('bt1', 'lich');
    expect((await h.say('bt1', '/huy'))[0]!.text).toBe('Đã hủy, không có gì được lưu.');
    expect(await h.db.select().from(flows).all()).toEqual([]);
    expect(await records()).toEqual([]);
  });
});

describe('a secretary of one cell who supervises another', () => {
  beforeEach(async () => {
    const two = await h.person('two', 'Lê Văn Hai', [
      { role: 'secretary', unit: 'KP2' },
      { role: 'supervisor', unit: 'XQS' },
    ]);
    const kp3 = (await h.db.select().from(units).all()).find((u) => u.code === 'KP3')!.id;
    await h.commit([
      h.db
        .insert(supervisorAssignments)
        .values({ id: 'sa2', personId: two, unitId: kp3, validFrom: '2026-01-01', createdAt: 0 }),
    ]);
  });

  it('types a meeting record at the visit read-back: the record starts, the visit is kept unchanged', async () => {
    await h.say('two', 'giamsat KP3 5/12 noi dung tot xep loai kha');
    const [r] = await h.say('two', 'hop 5/12 co mat 25/31 vang 6 co ly do xl tot');
    expect(r!.text).toContain(sv.visitKept);
    expect(r!.text).toContain('• Có mặt: 25/31');
    expect(await activeFlow(h, 'two')).toBe('hop/$confirm');
    await h.say('two', 'luu');
    expect(await records()).toMatchObject([{ present: 25, total: 31, grade: 'tot' }]);
    const [visit] = await h.say('two', 'giamsat');
    expect(visit!.text).toContain('Xếp loại: Khá');
    await h.say('two', 'luu');
    expect(await h.db.select().from(visits).all()).toMatchObject([{ grade: 'kha' }]);
  });

  it('types a visit at the meeting read-back: the visit starts, the record is kept unchanged', async () => {
    await h.say('two', 'hop 5/12 co mat 25/31 vang 6 co ly do xl tot');
    const [r] = await h.say('two', 'gs KP3 5/12 xl kha');
    expect(r!.text).toContain(KEPT);
    expect(await activeFlow(h, 'two')).toBe('giamsat/$confirm');
    await h.say('two', 'luu');
    const [record] = await h.say('two', 'hop');
    expect(record!.text).toContain('• Xếp loại: Tốt');
  });
});

describe('/hop corrections', () => {
  it('keeps every revision and marks only the last as current', async () => {
    await h.say('bt1', 'hop 5/12 co mat 23/27 vang co ly do 4 thuong ky xep loai tot');
    await h.say('bt1', '1');
    const [rb] = await h.say('bt1', 'hop 5/12 co mat 25/27 vang co ly do 2 thuong ky xep loai kha');
    expect(rb!.text).toContain(t.correctionOf('12/2026', 1));
    expect((await h.say('bt1', '1'))[0]!.text).toBe(
      'Đã lưu biên bản sửa (lần 2) tháng 12/2026 của Chi bộ bản Chanh.',
    );
    // "hop sua" reads the current record back for a change.
    const [fix] = await h.say('bt1', 'hop sua 12/2026');
    expect(fix!.text).toContain('• Có mặt: 25/27');
    await h.say('bt1', 'xep loai tot');
    await h.say('bt1', '1');
    const all = await records();
    expect(all.map((r) => [r.revision, r.present, r.grade, r.isCurrent])).toEqual([
      [1, 23, 'tot', false],
      [2, 25, 'kha', false],
      [3, 25, 'tot', true],
    ]);
    const current = await h.db
      .select()
      .from(meetingRecords)
      .where(and(eq(meetingRecords.unitId, kp1), eq(meetingRecords.isCurrent, true)))
      .all();
    expect(current).toHaveLength(1);
  });

  it('says so when there is nothing to correct', async () => {
    expect((await h.say('bt1', 'hop sua 11/2026'))[0]!.text).toBe(t.noRecordToFix('11/2026'));
  });
});
