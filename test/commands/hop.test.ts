import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flows, meetingRecords, supervisorAssignments, units } from '../../db/schema';
import { handleIncoming } from '../../src/bot/handle';
import { meetings as t } from '../../src/messages/vi/meetings';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
let kp1 = '';

const records = () =>
  h.db.select().from(meetingRecords).orderBy(asc(meetingRecords.unitId), asc(meetingRecords.revision)).all();

beforeEach(async () => {
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
});
afterEach(() => h.close());

describe('/hop in one line', () => {
  it('reads back what it understood and saves only after confirmation', async () => {
    const [readBack] = await h.say(
      'bt1',
      'hop 5/12 co mat 23/27 vang co ly do 3 chuyen de chuyen doi so xep loai tot',
    );
    expect(readBack!.text).toBe(
      [
        'Xin kiểm tra biên bản họp của Chi bộ bản Chanh:',
        '• Ngày họp: 05/12/2026',
        '• Có mặt: 23/27',
        '• Vắng có lý do: 3; vắng không lý do: 1',
        '• Loại: Chuyên đề — chuyen doi so',
        '• Cấp trên dự: không có',
        '• Xếp loại: Tốt',
        t.confirmHint,
      ].join('\n'),
    );
    expect(readBack!.buttons).toEqual([
      [
        { label: 'Lưu', data: 'c:save' },
        { label: 'Hủy', data: 'c:cancel' },
      ],
    ]);
    expect(await records()).toEqual([]);
    const [saved] = await h.say('bt1', '1');
    expect(saved!.text).toBe('Đã lưu biên bản họp tháng 12/2026 của Chi bộ bản Chanh. Cảm ơn đồng chí!');
    const [rec] = await records();
    expect(rec).toMatchObject({
      unitId: kp1,
      period: '2026-12',
      heldOn: '2026-12-05',
      present: 23,
      total: 27,
      absentExcused: 3,
      absentUnexcused: 1,
      kind: 'thematic',
      topic: 'chuyen doi so',
      grade: 'tot',
      revision: 1,
      isCurrent: true,
    });
    expect(await h.db.select().from(flows).all()).toEqual([]);
  });

  it('links the upper-level attendee to the assigned supervisor when the name matches', async () => {
    await h.say('bt1', 'hop 5/12 co mat 27/27 thuong ky xep loai kha cap tren du: đ/c Dũng');
    await h.say('bt1', 'luu');
    const [rec] = await records();
    expect(rec!.attendeeText).toBe('Hà Văn Dũng');
    expect(rec!.attendeePersonId).not.toBeNull();
  });

  it('asks only for what the line left out', async () => {
    const [q] = await h.say('bt1', 'hop 5/12 co mat 23/27 vang co ly do 4 thuong ky');
    expect(q!.text).toBe(t.askGrade);
    expect(q!.buttons).toEqual([
      [
        { label: 'Tốt', data: 'g:tot' },
        { label: 'Khá', data: 'g:kha' },
        { label: 'Trung bình', data: 'g:trung_binh' },
        { label: 'Kém', data: 'g:kem' },
      ],
    ]);
    const [rb] = await h.say('bt1', '2');
    expect(rb!.text).toContain('• Xếp loại: Khá');
  });

  it.each([
    ['hop 5/12 co mat 30/27 thuong ky', t.problemPresentOverTotal(30, 27)],
    ['hop 25/12 co mat 20/27', t.problemFuture],
    ['hop 5/13 co mat 20/27', t.problemBadMonth('5/13')],
    ['hop 31/11 co mat 20/27', t.problemNoSuchDay],
    ['hop 5/12 co mat 20/27 vang 7', t.problemAbsentNoReason],
    ['hop 5/12 co mat 20/27 xep loai gioi', t.problemGrade('gioi')],
    ['hop 5/12 co mat 20/27 vang co ly do 5 vang khong ly do 5', t.problemSumMismatch(20, 5, 5, 27)],
    ['hop 5/12 co mat 20/27 troi mua to', t.problemUnknown('troi mua to')],
  ])('answers "%s" with a specific correction and saves nothing', async (line, expected) => {
    const replies = await h.say('bt1', line);
    expect(replies.map((r) => r.text)).toContain(expected);
    expect(await records()).toEqual([]);
    expect(await h.db.select().from(flows).all()).toEqual([]);
  });

  it('warns in the read-back when the total is far from the cell size', async () => {
    const [rb] = await h.say('bt1', 'hop 5/12 co mat 60/72 vang co ly do 12 thuong ky xep loai tot');
    expect(rb!.text).toContain(t.totalFar(72, 27));
  });
});

describe('/hop step by step', () => {
  it('walks through every question with numbered choices (simulator) and survives a restart', async () => {
    expect((await h.say('bt1', 'hop'))[0]!.text).toBe(t.askDate('Chi bộ bản Chanh'));
    expect((await h.say('bt1', '35/12'))[0]!.text).toBe(t.needDateAnswer);
    expect((await h.say('bt1', '5/12'))[0]!.text).toBe(t.askAttendance(27));
    const over = await h.say('bt1', '28/27');
    expect(over.map((r) => r.text)).toEqual([t.problemPresentOverTotal(28, 27), t.askAttendance(27)]);
    expect((await h.say('bt1', '23/27'))[0]!.text).toBe(t.askExcused(4));
    expect((await h.say('bt1', '5'))[0]!.text).toBe(`${t.excusedTooMany(4)}`);

    // Restart: a new pipeline over the same database (nothing kept in memory) continues the flow.
    const deps2 = { ...h.deps, newId: () => `r${Math.random().toString(36).slice(2)}` };
    await handleIncoming(deps2, {
      platform: 'sim',
      updateKey: 'sim:restart-1',
      chatId: 'bt1',
      chatType: 'private',
      userId: 'bt1',
      kind: 'text',
      text: '3',
    });
    const afterRestart = (await h.sent('bt1')).at(-1)!;
    expect(afterRestart.text).toBe(t.askKind);

    expect((await h.say('bt1', '2'))[0]!.text).toBe(t.askTopic);
    const [att] = await h.say('bt1', 'Chuyển đổi số');
    expect(att!.text).toBe(t.askAttendee);
    expect(att!.buttons!.flat().map((b) => b.label)).toEqual(['Hà Văn Dũng', 'Không có']);
    expect((await h.say('bt1', '1'))[0]!.text).toBe(t.askGrade);
    // A number with no such choice is refused and the step stays.
    expect((await h.say('bt1', '9'))[0]!.text).toBe(t.pickButton);
    expect((await h.say('bt1', '1'))[0]!.text).toBe(t.askNote);
    const [rb] = await h.say('bt1', 'Sôi nổi, đúng giờ');
    expect(rb!.text).toContain('• Cấp trên dự: Hà Văn Dũng');
    expect(rb!.text).toContain('• Ghi chú: Sôi nổi, đúng giờ');
    expect(rb!.text).toContain('• Loại: Chuyên đề — Chuyển đổi số');
    // A typed fragment at the read-back corrects the draft.
    const [rb2] = await h.say('bt1', 'co mat 24/27');
    expect(rb2!.text).toBe(t.askExcused(3));
    const [rb3] = await h.say('bt1', '3');
    expect(rb3!.text).toContain('• Có mặt: 24/27');
    await h.say('bt1', '1');
    const [rec] = await records();
    expect(rec).toMatchObject({
      present: 24,
      total: 27,
      absentExcused: 3,
      absentUnexcused: 0,
      note: 'Sôi nổi, đúng giờ',
    });
  });

  it('works with Telegram buttons', async () => {
    const tg = { platform: 'telegram' as const };
    await h.say('tg1', 'hop 5/12 co mat 25/27 vang co ly do 2', tg);
    const [topicQ] = await h.choose('tg1', 'k:both', tg);
    expect(topicQ!.text).toBe(t.askTopic);
    await h.say('tg1', 'Học tập Nghị quyết', tg);
    const [rb] = await h.choose('tg1', 'g:trung_binh', tg);
    expect(rb!.text).toContain('• Loại: Thường kỳ kết hợp chuyên đề — Học tập Nghị quyết');
    expect(rb!.text).toContain('• Xếp loại: Trung bình');
    const [saved] = await h.choose('tg1', 'c:save', tg);
    expect(saved!.text).toContain('Đã lưu biên bản họp tháng 12/2026');
    expect((await records())[0]).toMatchObject({ kind: 'both', grade: 'trung_binh' });
  });

  it('leaves without saving on /huy', async () => {
    await h.say('bt1', 'hop');
    await h.say('bt1', '5/12');
    expect((await h.say('bt1', '/huy'))[0]!.text).toBe('Đã hủy, không có gì được lưu.');
    expect(await records()).toEqual([]);
    expect((await h.say('bt1', '23/27'))[0]!.text).toContain('Tôi chưa hiểu');
  });

  it('lets a secretary of two cells choose the cell first', async () => {
    const [pick] = await h.say('bt2', 'hop 5/12 co mat 40/44 vang co ly do 4 thuong ky xep loai tot');
    expect(pick!.text).toBe(t.pickCell);
    expect(pick!.buttons!.flat().map((b) => b.label)).toEqual(['Chi bộ bản Na Mèo', 'Chi bộ khu phố 3']);
    const [rb] = await h.say('bt2', '2');
    expect(rb!.text).toContain('Xin kiểm tra biên bản họp của Chi bộ khu phố 3:');
    await h.say('bt2', '1');
    const kp3 = await h.db.select().from(units).where(eq(units.code, 'KP3')).get();
    expect((await records())[0]!.unitId).toBe(kp3!.id);
  });

  it('accepts the cell code typed first', async () => {
    const [rb] = await h.say('bt2', 'hop kp2 5/12 co mat 30/31 vang co ly do 1 thuong ky xep loai tot');
    expect(rb!.text).toContain('Chi bộ bản Na Mèo');
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
