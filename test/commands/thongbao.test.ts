import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notices as n } from '../../src/messages/vi';
import { cases, playRow, type StepTable } from '../support/conversation';
import { createHarness, type Harness } from '../support/harness';
import { seedQuanSon } from '../support/summary-fixture';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-02T03:00:00Z');
  await seedQuanSon(h);
  await h.person('coord-qs', 'Lê Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
  await h.person('sec1', 'Nguyễn Một', [{ role: 'secretary', unit: 'QS1' }]);
  await h.person('sec2', 'Trần Hai', [{ role: 'secretary', unit: 'QS2' }]);
  await h.person('sec-ben', 'Bên Cạnh', [{ role: 'secretary', unit: 'BEN1' }]);
});
afterEach(() => h.close());

const codeOf = (text: string) => /TB[A-Z0-9]{4}/.exec(text)![0];

describe('thongbao and daxem', () => {
  it('broadcasts to the secretaries of the unit only, counts who has read, re-sends to the others', async () => {
    const [rb] = await h.say('coord-qs', 'thongbao Họp triển khai nghị quyết 8h ngày 5/12');
    expect(rb!.text).toContain('Xin kiểm tra thông báo gửi tới 2 bí thư');
    expect(await h.sent('sec1')).toHaveLength(0);
    const [sent] = await h.say('coord-qs', '1');
    expect(sent!.text).toContain('tới 2 bí thư');
    const code = codeOf(sent!.text);
    expect((await h.sent('sec1'))[0]!.text).toContain('Họp triển khai nghị quyết');
    expect(await h.sent('sec-ben')).toHaveLength(0);

    const [again] = await h.say('coord-qs', 'thongbao Họp triển khai nghị quyết 8h ngày 5/12');
    expect(again!.text).toContain('đã được gửi hôm nay');
    expect(await h.sent('sec1')).toHaveLength(1);

    const [ack] = await h.say('sec1', `daxem ${code.toLowerCase()}`);
    expect(ack!.text).toContain('Đã ghi nhận');
    const [status] = await h.say('coord-qs', 'thongbao xem nhé');
    expect(status!.text).toContain('1/2 người đã đọc');
    expect(status!.text).toContain('Trần Hai');
    expect(status!.text).not.toContain('Nguyễn Một');

    const [resent] = await h.say('coord-qs', `thongbao nhaclai ${code}`);
    expect(resent!.text).toContain('cho 1 người');
    expect(await h.sent('sec2')).toHaveLength(2);
    expect(await h.sent('sec1')).toHaveLength(2); // the notice and the daxem answer, no reminder
    const [twice] = await h.say('coord-qs', `thongbao nhaclai ${code}`);
    expect(twice!.text).toContain('Hôm nay đã nhắc lại');
  });

  it('sends a notice with its end as typed: "nhé", an emoji, a question mark', async () => {
    const [rb] = await h.say(
      'coord-qs',
      '🙏 thongbao Chiều nay 14h họp chi ủy, các đồng chí nhớ mang sổ nhé 🙏',
    );
    expect(rb!.text).toContain('các đồng chí nhớ mang sổ nhé 🙏');
    await h.say('coord-qs', '1');
    expect((await h.sent('sec1'))[0]!.text).toContain('các đồng chí nhớ mang sổ nhé 🙏');
    const [q] = await h.say('coord-qs', 'thongbao Ai chưa nộp đảng phí tháng 11?');
    expect(q!.text).toContain('tháng 11?');
  });

  it('does not let a coordinator broadcast to a neighbouring commune', async () => {
    // XBEN is read like any word that is not one of the coordinator's units: never confirmed or named.
    const [r] = await h.say('coord-qs', 'thongbao XBEN Nội dung');
    expect(r!.text).not.toMatch(/Bến/i);
    expect(await h.sent('sec-ben')).toHaveLength(0);
  });
});

/** The steps of /thongbao, with what coordinators type there. */
const THONGBAO: Record<string, StepTable> = {
  text: {
    reach: ['thongbao'],
    rows: [
      {
        say: 'Họp triển khai nghị quyết 8h ngày 5/12',
        next: 'thongbao/$confirm',
        reply: ['Họp triển khai nghị quyết'],
      },
      { say: 'Họp chi bộ đúng giờ nhé', next: 'thongbao/$confirm', reply: ['Họp chi bộ đúng giờ nhé'] },
      { say: 'ok', next: 'thongbao/text', reply: ['"ok" chưa phải câu trả lời'] },
      { say: '?', next: 'thongbao/text', reply: ['Xin gõ câu trả lời'], not: ['bên dưới (gõ số thứ tự'] },
      { say: `${'x'.repeat(2000)}`, next: 'thongbao/text', reply: ['dài quá (2000 ký tự, tối đa 1500)'] },
      { say: 'tonghop', next: null, reply: ['TỔNG HỢP'], not: [n.kept] },
    ],
  },
  $confirm: {
    reach: ['thongbao Nộp báo cáo trước ngày 25'],
    rows: [
      { say: '1', next: null, reply: ['Đã gửi thông báo'] },
      { say: 'gui', next: null, reply: ['Đã gửi thông báo'] },
      { say: '2', next: 'thongbao/$edit', reply: ['Sửa mục nào?', '[Nội dung]'] },
      { say: '3', next: null, reply: ['Đã hủy'] },
      { say: 'tonghop', next: null, reply: [n.kept, 'TỔNG HỢP'] },
      { say: 'abc', next: 'thongbao/$confirm', reply: ['Xin chọn một mục'] },
      {
        say: 'Hop trien khai nghi quyet luc 8h',
        next: 'thongbao/$confirm',
        reply: ['không dùng được lệnh "hop"', 'Nộp báo cáo trước ngày 25', '[Gửi thông báo]'],
      },
    ],
  },
};

describe('/thongbao conversation', () => {
  it.each(cases(THONGBAO))('at %s, "%s" → %s', async (step, _, __, row) => {
    await playRow(h, 'coord-qs', THONGBAO[step]!, row);
    if (!/Đã gửi/.test(row.reply.join(' '))) expect(await h.sent('sec1')).toHaveLength(0);
  });
});
