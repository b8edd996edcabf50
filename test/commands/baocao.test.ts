import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportRevisions, reports, units } from '../../db/schema';
import { reports as r } from '../../src/messages/vi';
import { activeFlow, cases, playRow, type StepTable } from '../support/conversation';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;

beforeEach(async () => {
  // Thursday 26/11/2026, 10:00 in Hà Nội
  h = await createHarness('2026-11-26T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
  await h.unit('KP4', 'Chi bộ bản Xía', 'cell', 'XQS');
  await h.unit('XNB', 'Đảng bộ xã Na Bó', 'commune');
  await h.unit('NB1', 'Chi bộ Na Bó 1', 'cell', 'XNB');
  await h.person('an', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP3' }]);
  await h.person('binh', 'Lò Văn Bình', [{ role: 'secretary', unit: 'KP4' }]);
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
  await h.person('nbcoord', 'Hà Văn Nam', [{ role: 'coordinator', unit: 'XNB' }]);
  await h.person('two', 'Vi Văn Hai', [
    { role: 'secretary', unit: 'KP3' },
    { role: 'secretary', unit: 'KP4' },
  ]);
  // The cells have been in chibo since January: last month's report is owed.
  await h.commit([h.db.update(units).set({ createdAt: Date.parse('2026-01-01T00:00:00Z') })]);
});
afterEach(() => h.close());

const all = async () => h.db.select().from(reports).all();
const last = (msgs: { text: string }[]) => msgs[msgs.length - 1]!;

describe('one-message report', () => {
  it('is read back, saved only after confirmation, with revision 1', async () => {
    const [readBack] = await h.say(
      'an',
      'baocao thang 11: anninh on dinh; sanxuat lua dong xuan dat; kiennghi 3/2 duong lien thon xuong cap; dexuat ho tro kinh phi',
    );
    expect(readBack!.text).toContain('Xin kiểm tra báo cáo tháng 11/2026 — Chi bộ khu phố 3');
    expect(readBack!.text).toContain('Kiến nghị của dân: 3 (đã giải quyết 2) — duong lien thon xuong cap');
    expect(readBack!.buttons?.flat().map((b) => b.label)).toEqual(['Gửi báo cáo', 'Sửa một mục', 'Hủy']);
    expect(await all()).toHaveLength(0);

    const [done] = await h.say('an', '1');
    expect(done!.text).toContain('Đã gửi báo cáo tháng 11/2026');
    const [row] = await all();
    expect(row).toMatchObject({
      period: '2026-11',
      status: 'submitted',
      security: 'on dinh',
      petitionsRaised: 3,
      petitionsResolved: 2,
      difficulties: null,
      late: false,
      revision: 1,
    });
    const revs = await h.db.select().from(reportRevisions).all();
    expect(revs).toHaveLength(1);
    expect(JSON.parse(revs[0]!.data).proposals).toBe('ho tro kinh phi');
  });

  it('asks again for a section it cannot read instead of guessing', async () => {
    const [r] = await h.say('an', 'baocao thang 11: an ninh tốt; sản xuất khá; kiến nghị ba/hai đường xấu');
    expect(r!.text).toContain('Không đọc được số kiến nghị');
    expect(r!.text).toContain('Kiến nghị của dân: có bao nhiêu');
    const [back] = await h.say('an', '3/2 đường xấu');
    expect(back!.text).toContain('3 (đã giải quyết 2) — đường xấu');
    await h.say('an', 'gửi');
    expect((await all())[0]!.petitionsText).toBe('đường xấu');
  });

  it('refuses resolved > raised, a field over 500 characters, a future month and an empty report, saving nothing', async () => {
    expect(last(await h.say('an', 'baocao anninh tot; sanxuat tot; kiennghi 2/5')).text).toContain(
      'đã giải quyết lớn hơn',
    );
    await h.say('an', 'huy');
    expect(
      last(await h.say('an', `baocao anninh ${'x'.repeat(501)}; sanxuat tot; kiennghi 0`)).text,
    ).toContain('dài quá 500 ký tự');
    await h.say('an', 'huy');
    expect(last(await h.say('an', 'baocao 12/2026: anninh tot; sanxuat tot; kiennghi 0')).text).toContain(
      'chưa đến',
    );
    expect(last(await h.say('an', 'baocao thang 11: anninh; sanxuat')).text).toContain('Báo cáo đang trống');
    expect(last(await h.say('an', 'baocao hom nay troi dep')).text).toContain('Không đọc được mục nào');
    expect(last(await h.say('an', 'baocao kiennghi -3/2')).text).toContain('số âm');
    expect(await all()).toHaveLength(0);
  });

  it('accepts a late report for an earlier month and marks it late', async () => {
    await h.say('an', 'baocao thang 9/2026: anninh tot; sanxuat kha; kiennghi khong');
    expect(last(await h.say('an', '1')).text).toContain('(nộp muộn)');
    expect((await all())[0]).toMatchObject({ period: '2026-09', late: true });
  });
});

describe('step by step', () => {
  it('on the simulator with numbered answers, keeping the draft across a restart of the flow', async () => {
    h.setNow('2026-11-03T03:00:00Z');
    // October's report is missing: on the 3rd it is the one most likely meant, offered first.
    const [ask] = await h.say('an', 'baocao');
    expect(ask!.buttons!.flat().map((b) => b.label)).toEqual(['Tháng 10/2026 (còn thiếu)', 'Tháng 11/2026']);
    const [first] = await h.say('an', '2');
    expect(first!.text).toContain('Báo cáo tháng 11/2026 — Chi bộ khu phố 3');
    expect(first!.text).toContain('an ninh');
    await h.say('an', 'Ổn định, không có vụ việc');
    const [q] = await h.say('an', 'Lúa mùa đạt 6 tấn/ha');
    expect(q!.text).toContain('Không có kiến nghị thì gõ 0');
    // Later, the person comes back with the command: the half-written report is still there.
    const [resumed] = await h.say('an', 'baocao');
    expect(resumed!.text).toContain(r.resumed);
    expect(resumed!.text).toContain('Không có kiến nghị thì gõ 0');
    const [dif] = await h.say('an', '0'); // no petitions: a count, not a menu number
    expect(dif!.buttons?.flat().map((b) => b.label)).toEqual(['Không có']);
    await h.say('an', 'Thiếu kinh phí sửa nhà văn hóa');
    const [confirm] = await h.say('an', '1'); // no proposals
    expect(confirm!.text).toContain('Khó khăn, vướng mắc: Thiếu kinh phí sửa nhà văn hóa');
    expect(confirm!.text).toContain('Đề xuất: (không có)');
    await h.say('an', '1');
    expect((await all())[0]).toMatchObject({
      security: 'Ổn định, không có vụ việc',
      production: 'Lúa mùa đạt 6 tấn/ha',
      petitionsRaised: 0,
      proposals: null,
    });
  });

  it('on the 1st, a report typed without its month is not filed under the month just begun', async () => {
    h.setNow('2026-12-01T02:00:00Z'); // 09:00 on 1 December; November's report is missing
    const [ask] = await h.say('an', 'bc an ninh on dinh, san xuat tot, khong co kien nghi');
    expect(ask!.buttons!.flat().map((b) => b.label)).toEqual(['Tháng 11/2026 (còn thiếu)', 'Tháng 12/2026']);
    expect(await activeFlow(h, 'an')).toBe('baocao/period');
    const [rb] = await h.say('an', '1');
    expect(rb!.text).toContain('Xin kiểm tra báo cáo tháng 11/2026');
  });

  it('calls only a month that is owed and missing "còn thiếu"', async () => {
    // KP3's November report is sent; the secretary of two cells picks KP3 and is asked the month.
    await h.say('two', 'baocao KP3 thang 11 an ninh on dinh, san xuat tot, kien nghi 0');
    await h.say('two', 'gui');
    h.setNow('2026-12-20T02:00:00Z');
    await h.say('two', 'baocao');
    const [month] = await h.say('two', 'KP3');
    expect(month!.text).toContain('Báo cáo tháng 12/2026');
    expect(month!.text).not.toContain('còn thiếu');
    expect(JSON.stringify(month!.buttons ?? [])).not.toContain('còn thiếu');
  });

  it('on Telegram with button data, offering last month first when it is missing', async () => {
    await h.person('tg1', 'Đinh Văn Tư', [{ role: 'secretary', unit: 'NB1' }], 'telegram');
    const opts = { platform: 'telegram' as const };
    const [ask] = await h.say('tg1', '/baocao', opts);
    const data = ask!.buttons!.flat().map((b) => b.data);
    expect(ask!.buttons!.flat().map((b) => b.label)).toEqual(['Tháng 10/2026 (còn thiếu)', 'Tháng 11/2026']);
    await h.choose('tg1', data[0]!, opts);
    await h.say('tg1', 'Ổn định', opts);
    await h.say('tg1', 'Thu hoạch xong', opts);
    await h.say('tg1', 'tiếp nhận 4, đã giải quyết 4 về đất đai', opts);
    const [dif] = await h.choose('tg1', 'bc:none', opts);
    expect(dif!.text).toContain('đề xuất');
    const [confirm] = await h.choose('tg1', 'bc:none', opts);
    expect(confirm!.text).toContain('4 (đã giải quyết 4) — về đất đai');
    expect(confirm!.text).toContain('nộp muộn');
    // Edit one section from the confirmation before sending.
    await h.choose('tg1', 'edit', opts);
    const [sec] = await h.choose('tg1', 'security', opts);
    expect(sec!.text).toContain('Hiện ghi: Ổn định');
    await h.say('tg1', 'Ổn định, đã hòa giải 1 vụ tranh chấp', opts);
    const [done] = await h.choose('tg1', 'save', opts);
    expect(done!.text).toContain('Đã gửi báo cáo tháng 10/2026 (nộp muộn)');
    expect((await all())[0]).toMatchObject({
      period: '2026-10',
      security: 'Ổn định, đã hòa giải 1 vụ tranh chấp',
    });
  });

  it('a secretary of two cells chooses the cell', async () => {
    const [ask] = await h.say('two', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 0');
    expect(ask!.text).toContain('nhiều chi bộ');
    expect(ask!.buttons!.flat().map((b) => b.label)).toEqual([
      'Chi bộ khu phố 3 (KP3)',
      'Chi bộ bản Xía (KP4)',
    ]);
    const [confirm] = await h.say('two', '2');
    expect(confirm!.text).toContain('Chi bộ bản Xía');
    await h.say('two', '1');
    const [row] = await all();
    expect(row!.unitId).toBe(
      (await h.db.query.units.findFirst({ where: (u, { eq }) => eq(u.code, 'KP4') }))!.id,
    );
  });
});

describe('viewing and correcting', () => {
  it('a correction is a new revision with who and when; the first stays', async () => {
    await h.say('an', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 3/1 duong');
    await h.say('an', '1');
    h.advance(3600_000);
    const [pick] = await h.say('an', 'baocao sua');
    expect(pick!.text).toContain('Sửa mục nào?');
    await h.choose('an', 'petitions');
    const [confirm] = await h.say('an', '3/3 đã sửa xong đường');
    expect(confirm!.text).toContain('bản sửa (bản 2)');
    expect(last(await h.say('an', '1')).text).toContain('Đã lưu bản sửa báo cáo tháng 11/2026 (bản 2)');
    expect((await all())[0]).toMatchObject({ revision: 2, petitionsResolved: 3 });
    const revs = await h.db.select().from(reportRevisions).orderBy(reportRevisions.revision).all();
    expect(revs.map((r) => JSON.parse(r.data).petitionsResolved)).toEqual([1, 3]);
    expect(revs[1]!.at - revs[0]!.at).toBe(3600_000);
    const [shown] = await h.say('an', 'baocao xem 11/2026');
    expect(shown!.text).toContain('Bản 1: 10:00 26/11/2026 — đ/c Nguyễn Văn An');
    expect(shown!.text).toContain('Bản 2: 11:00 26/11/2026 — đ/c Nguyễn Văn An');
  });

  it('a one-line correction changes only what was typed', async () => {
    await h.say('an', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 3/1 duong; dexuat kinh phi');
    await h.say('an', '1');
    const [confirm] = await h.say('an', 'baocao sua 11/2026 kiennghi 3/2 duong');
    expect(confirm!.text).toContain('Đề xuất: kinh phi');
    await h.say('an', '1');
    expect((await all())[0]).toMatchObject({ revision: 2, petitionsResolved: 2, proposals: 'kinh phi' });
  });

  it('correcting last month early in the next names that month, not "this month"', async () => {
    await h.say('an', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 3/1 duong; dexuat kinh phi');
    await h.say('an', '1');
    h.setNow(new Date('2026-12-01T03:00:00Z'));
    const [confirm] = await h.say('an', 'baocao sua 11/2026 kiennghi 3/2 duong');
    expect(confirm!.text).toContain('Báo cáo tháng 11/2026 đã gửi; lưu lần này sẽ thành bản sửa (bản 2).');
  });

  it('correcting a month never sent says so', async () => {
    expect(last(await h.say('an', 'baocao sua 10/2026')).text).toContain('Chưa có báo cáo tháng 10/2026');
  });
});

describe('send back and re-send', () => {
  it('the secretary gets the note, the report needs completion, and the coordinator hears when it is re-sent', async () => {
    await h.say('an', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 3/1');
    await h.say('an', '1');
    const [done] = await h.say('coord', 'baocao tralai KP3 11/2026 thiếu số kiến nghị');
    expect(done!.text).toContain('Đã trả lại báo cáo tháng 11/2026 của Chi bộ khu phố 3');
    expect((await all())[0]).toMatchObject({ status: 'returned', returnedNote: 'thiếu số kiến nghị' });
    const told = last(await h.sent('an'));
    expect(told.text).toContain('Lý do: "thiếu số kiến nghị"');
    expect(told.text).toContain('baocao sua 11/2026');

    const [pick] = await h.say('an', 'baocao sua 11/2026');
    expect(pick!.text).toContain('đang được trả lại');
    await h.say('an', '3'); // petitions
    await h.say('an', '5/3 đường, điện, nước');
    const [saved] = await h.say('an', '1');
    expect(saved!.text).toContain('bản 2');
    expect((await all())[0]).toMatchObject({ status: 'submitted', revision: 2 });
    const coordMsgs = await h.sent('coord');
    expect(last(coordMsgs).text).toContain('đã bổ sung và gửi lại báo cáo tháng 11/2026 (bản 2)');
  });

  it('only a coordinator above the cell can send it back', async () => {
    await h.say('an', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 0');
    await h.say('an', '1');
    const outside = last(await h.say('nbcoord', 'baocao tralai KP3 11/2026 thiếu')).text;
    expect(outside).toContain('Không tìm thấy chi bộ "KP3" trong phạm vi của đồng chí');
    expect(outside).not.toContain('khu phố 3');
    expect(last(await h.say('coord', 'baocao tralai KP3 11/2026')).text).toContain('Xin ghi lý do');
    expect(last(await h.say('coord', 'baocao tralai KP4 11/2026 thiếu')).text).toContain('chưa gửi báo cáo');
    expect((await all())[0]!.status).toBe('submitted');
  });
});

describe('scope', () => {
  it('a secretary cannot send or read another cell’s report', async () => {
    await h.say('an', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 0');
    await h.say('an', '1');
    expect(
      last(await h.say('binh', 'baocao KP3 thang 11: anninh tot; sanxuat tot; kiennghi 0')).text,
    ).toContain('Không tìm thấy chi bộ "KP3" trong phạm vi của đồng chí');
    const read = (await h.say('binh', 'baocao xem KP3 11/2026')).map((r) => r.text).join('\n');
    expect(read).toContain('Không tìm thấy chi bộ "KP3" trong phạm vi của đồng chí');
    expect(read).not.toContain('khu phố 3');
    expect(await all()).toHaveLength(1);
  });

  it('coordinators read reports only within their subtree and cannot send one', async () => {
    await h.say('an', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 0');
    await h.say('an', '1');
    expect(last(await h.say('coord', 'baocao xem KP3 11/2026')).text).toContain('Trạng thái: đã gửi');
    expect((await h.say('nbcoord', 'baocao xem KP3 11/2026')).map((r) => r.text).join('\n')).toContain(
      'Không tìm thấy chi bộ "KP3" trong phạm vi của đồng chí',
    );
    expect(last(await h.say('coord', 'baocao anninh tot')).text).toContain('Chỉ bí thư');
  });
});

describe('a half-written report', () => {
  it('survives a restart of the process (a file database opened again)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase } = await import('../../db/sqlite');
    const { handleIncoming } = await import('../../src/bot/handle');
    const { loadConfig } = await import('../../src/config');
    const { silentLogger } = await import('../../src/deps');
    const { outbox, people, chatIdentities, roleAssignments } = await import('../../db/schema');
    const { insertUnit } = await import('../../db/repo/units');
    const dir = mkdtempSync(join(tmpdir(), 'chibo-report-'));
    const path = join(dir, 'chibo.db');
    const now = new Date('2026-11-03T03:00:00Z');
    let n = 0;
    const boot = () => {
      const database = openDatabase(path);
      const deps = {
        config: loadConfig({ DEMO_DATA: '0' }),
        store: database.store,
        channels: {},
        clock: () => now,
        newId: () => `r${++n}-${Math.random().toString(36).slice(2)}`,
        log: silentLogger,
        kick: () => {},
      };
      const say = async (text: string) => {
        await handleIncoming(deps, {
          platform: 'sim',
          updateKey: `sim:${++n}`,
          chatId: 'an',
          chatType: 'private',
          userId: 'an',
          kind: 'text',
          text,
        });
        const rows = await database.store.db.select().from(outbox).all();
        return (JSON.parse(rows.sort((a, b) => a.id.localeCompare(b.id)).at(-1)!.payload) as { text: string })
          .text;
      };
      return { database, say };
    };
    try {
      const first = boot();
      const db = first.database.store.db;
      await first.database.store.commit([
        insertUnit(db, { id: 'u1', code: 'KP3', name: 'Chi bộ khu phố 3', kind: 'cell', parent: null }, now),
        db.insert(people).values({ id: 'p1', name: 'Nguyễn Văn An', createdAt: 0 }),
        db
          .insert(chatIdentities)
          .values({ id: 'i1', platform: 'sim', externalId: 'an', chatId: 'an', personId: 'p1', linkedAt: 0 }),
        db
          .insert(roleAssignments)
          .values({ id: 'a1', personId: 'p1', unitId: 'u1', role: 'secretary', validFrom: 0 }),
      ]);
      await first.say('baocao');
      await first.say('Ổn định');
      first.database.close();

      const second = boot();
      expect(await second.say('Lúa mùa khá')).toContain('Kiến nghị của dân');
      await second.say('0');
      await second.say('không');
      expect(await second.say('không')).toContain('An ninh, trật tự: Ổn định');
      expect(await second.say('1')).toContain('Đã gửi báo cáo tháng 11/2026');
      second.database.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const KEPT = r.kept;
const FULL = 'baocao thang 11 an ninh on dinh, san xuat tot, khong co kien nghi';

/** Every step of /baocao, with what secretaries really type there. */
const BAOCAO: Record<string, StepTable & { chat?: string }> = {
  unit: {
    chat: 'two',
    reach: ['baocao thang 11: an ninh tot; san xuat tot; kien nghi 0'],
    rows: [
      { say: '2', next: 'baocao/$confirm', reply: ['Chi bộ bản Xía'] },
      { say: 'kp4', next: 'baocao/$confirm', reply: ['Chi bộ bản Xía'] },
      { say: 'ban xia', next: 'baocao/$confirm', reply: ['Chi bộ bản Xía'] },
      { say: '5', next: 'baocao/unit', reply: ['Xin chọn một mục', '[Chi bộ khu phố 3 (KP3)]'] },
      { say: '!bc:unit:nope', next: 'baocao/unit', reply: ['Nút vừa bấm đã cũ'] },
      { say: 'lich', next: null, reply: [KEPT], not: ['Tôi chưa hiểu'] },
    ],
  },
  period: {
    reach: ['baocao'],
    rows: [
      { say: '1', next: 'baocao/security', reply: ['Báo cáo tháng 10/2026', 'nộp muộn', 'an ninh'] },
      { say: '2', next: 'baocao/security', reply: ['Báo cáo tháng 11/2026'] },
      { say: 'thang 11', next: 'baocao/security', reply: ['Báo cáo tháng 11/2026'] },
      { say: 'tháng 10', next: 'baocao/security', reply: ['Báo cáo tháng 10/2026'] },
      { say: '10/2026', next: 'baocao/security', reply: ['Báo cáo tháng 10/2026'] },
      { say: 'thang 12', next: 'baocao/period', reply: [r.periodFuture, '[Tháng 11/2026]'] },
      { say: '!bc:period:2026-09', next: 'baocao/period', reply: ['Nút vừa bấm đã cũ'] },
      { say: 'lich', next: null, reply: ['Lịch họp'], not: [KEPT] },
    ],
  },
  security: {
    reach: ['baocao', '2'],
    rows: [
      { say: 'Ổn định', next: 'baocao/production', reply: [r.questions.production] },
      { say: 'an ninh tốt', next: 'baocao/production', reply: [r.questions.production] },
      { say: 'ok', next: 'baocao/security', reply: ['"ok" chưa phải câu trả lời', r.questions.security] },
      { say: 'quay lai', next: 'baocao/period', reply: ['tháng nào'] },
      { say: 'san xuat tot', next: 'baocao/security', reply: ['Đã ghi vào mục: Sản xuất, đời sống'] },
      { say: 'trogiup', next: null, reply: ['Các lệnh của đồng chí'], not: [KEPT] },
      { say: '/toi', next: null, reply: ['Vai trò:'] },
      { say: FULL, next: 'baocao/$confirm', reply: ['An ninh, trật tự: on dinh'] },
      { say: 'baocao xem 10/2026', next: null, reply: ['chưa gửi báo cáo tháng 10/2026'] },
    ],
  },
  production: {
    reach: ['baocao', '2', 'On dinh'],
    rows: [
      { say: 'Lúa đạt 6 tấn/ha', next: 'baocao/petitions', reply: ['Không có kiến nghị thì gõ 0'] },
      { say: 'kiến nghị 3/2 đường', next: 'baocao/production', reply: ['Đã ghi vào mục: Kiến nghị của dân'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp'] },
    ],
  },
  petitions: {
    reach: ['baocao', '2', 'On dinh', 'lua tot'],
    rows: [
      { say: '0', next: 'baocao/difficulties', reply: [r.questions.difficulties] },
      { say: 'khong', next: 'baocao/difficulties', reply: [r.questions.difficulties] },
      { say: 'không có kiến nghị', next: 'baocao/difficulties', reply: [r.questions.difficulties] },
      { say: '3/2 đường xấu', next: 'baocao/difficulties', reply: [r.questions.difficulties] },
      { say: '3 kien nghi da giai quyet 2', next: 'baocao/difficulties', reply: [r.questions.difficulties] },
      { say: 'kien nghi 3, giai quyet 2', next: 'baocao/difficulties', reply: [r.questions.difficulties] },
      {
        say: 'kien nghi: 3 (da giai quyet 2)',
        next: 'baocao/difficulties',
        reply: [r.questions.difficulties],
      },
      {
        say: 'tiếp nhận 4, đã giải quyết 4 về đất đai',
        next: 'baocao/difficulties',
        reply: [r.questions.difficulties],
      },
      { say: '2/5', next: 'baocao/petitions', reply: ['đã giải quyết lớn hơn'] },
      { say: '-3/2', next: 'baocao/petitions', reply: ['số âm'] },
      { say: '3', next: 'baocao/petitions', reply: ['chưa có số đã giải quyết'] },
      { say: 'ba/hai', next: 'baocao/petitions', reply: ['Không đọc được số kiến nghị'] },
      {
        say: '?',
        next: 'baocao/petitions',
        reply: ['Xin gõ câu trả lời', r.questions.petitions],
        not: ['bên dưới (gõ số thứ tự'],
      },
      { say: 'họp dân về đất đai', next: 'baocao/petitions', reply: ['Không đọc được số kiến nghị'] },
      { say: 'baocao sua', next: null, reply: [KEPT, 'chưa gửi báo cáo tháng nào'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp'] },
    ],
  },
  difficulties: {
    reach: ['baocao', '2', 'On dinh', 'lua tot', '0'],
    rows: [
      { say: 'Thiếu kinh phí', next: 'baocao/proposals', reply: [r.questions.proposals] },
      { say: '1', next: 'baocao/proposals', reply: [r.questions.proposals] },
      { say: 'không', next: 'baocao/proposals', reply: [r.questions.proposals] },
      { say: 'trogiup', next: null, reply: [KEPT, 'Các lệnh'] },
    ],
  },
  proposals: {
    reach: ['baocao', '2', 'On dinh', 'lua tot', '0', 'khong'],
    rows: [
      { say: 'Hỗ trợ kinh phí', next: 'baocao/$confirm', reply: ['• Đề xuất: Hỗ trợ kinh phí'] },
      { say: '1', next: 'baocao/$confirm', reply: ['• Đề xuất: (không có)'] },
      { say: 'khong co', next: 'baocao/$confirm', reply: ['• Đề xuất: (không có)'] },
    ],
  },
  $confirm: {
    reach: [FULL],
    rows: [
      { say: '1', next: null, reply: ['Đã gửi báo cáo tháng 11/2026'] },
      { say: 'gui', next: null, reply: ['Đã gửi báo cáo'] },
      { say: 'gửi đi ạ', next: null, reply: ['Đã gửi báo cáo'] },
      { say: 'ok', next: null, reply: ['Đã gửi báo cáo'] },
      { say: '!save', next: null, reply: ['Đã gửi báo cáo'] },
      { say: 'kien nghi 3/3 da xong', next: 'baocao/$confirm', reply: ['3 (đã giải quyết 3) — da xong'] },
      { say: 'de xuat ho tro kinh phi', next: 'baocao/$confirm', reply: ['• Đề xuất: ho tro kinh phi'] },
      {
        say: 'kho khan: chua co\nde xuat khong',
        next: 'baocao/$confirm',
        reply: ['• Khó khăn, vướng mắc: (không có)', '• Đề xuất: (không có)'],
        not: ['chua co', ': khong'],
      },
      { say: '2', next: 'baocao/$edit', reply: ['Sửa mục nào?', '[Kiến nghị của dân]'] },
      { say: '3', next: null, reply: ['Đã hủy'] },
      { say: 'xyz', next: 'baocao/$confirm', reply: ['Tôi chưa hiểu phần "xyz"', '[Gửi báo cáo]'] },
      { say: '!bc:send', next: 'baocao/$confirm', reply: ['Nút vừa bấm đã cũ'] },
      { say: 'toi', next: null, reply: [KEPT, 'Vai trò:'] },
    ],
  },
  $missing: {
    reach: ['baocao thang 11 an ninh tot'],
    rows: [
      {
        say: 'san xuat kha, khong co kien nghi',
        next: 'baocao/$confirm',
        reply: ['Sản xuất, đời sống: kha'],
      },
      { say: 'san xuat kha', next: 'baocao/petitions', reply: ['Không có kiến nghị thì gõ 0'] },
      { say: 'lua tot', next: 'baocao/$missing', reply: ['Tôi chưa hiểu phần "lua tot"', 'Còn thiếu'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp'] },
    ],
  },
  $edit: {
    reach: [FULL, '2'],
    rows: [
      { say: '1', next: 'baocao/security', reply: ['Hiện ghi: on dinh', r.questions.security] },
      { say: 'kien nghi', next: 'baocao/petitions', reply: ['Hiện ghi: 0/0'] },
      { say: 'kiennghi 3/3', next: 'baocao/$confirm', reply: ['3 (đã giải quyết 3)'] },
      { say: 'lich', next: null, reply: [KEPT, 'Lịch họp'] },
    ],
  },
};

describe('/baocao conversation, step by step', () => {
  it.each(cases(BAOCAO))('at %s, "%s" → %s', async (step, _, __, row) => {
    const table = BAOCAO[step]!;
    await playRow(h, table.chat ?? 'an', table, row);
    if (!/Đã gửi/.test(row.reply.join(' '))) expect(await all()).toHaveLength(0);
  });
});

describe('a report typed as people type it', () => {
  it.each([
    [
      'baocao thang 11 an ninh on dinh san xuat binh thuong khong co kien nghi',
      ['An ninh, trật tự: on dinh', 'Sản xuất, đời sống: binh thuong', 'Kiến nghị của dân: không có'],
    ],
    [
      'Báo cáo tháng 11:\n- An ninh: ổn định\n- Sản xuất: lúa đạt\n- Kiến nghị: 3 (đã giải quyết 2) đường xấu\n- Đề xuất: hỗ trợ',
      [
        'An ninh, trật tự: ổn định',
        'Sản xuất, đời sống: lúa đạt',
        '3 (đã giải quyết 2) — đường xấu',
        'Đề xuất: hỗ trợ',
      ],
    ],
    [
      'bc t11 anninh tot. sanxuat kha. 3 kien nghi da giai quyet 2',
      ['An ninh, trật tự: tot', 'Sản xuất, đời sống: kha', '3 (đã giải quyết 2)'],
    ],
    [
      'baocao thang 11 ạ: sản xuất bình thường, an ninh ổn, ko co kien nghi 🙏',
      ['An ninh, trật tự: ổn', 'Sản xuất, đời sống: bình thường', 'Kiến nghị của dân: không có'],
    ],
  ])('%s', async (text, parts) => {
    const [rb] = await h.say('an', text);
    for (const p of parts) expect(rb!.text).toContain(p);
    expect(rb!.text).toContain('Xin kiểm tra báo cáo');
  });

  it('the read-back of a returned report says it once, and does not also say it was sent', async () => {
    await h.say('an', 'baocao thang 11: anninh tot; sanxuat tot; kiennghi 3/1');
    await h.say('an', '1');
    await h.say('coord', 'baocao tralai KP3 11/2026 thiếu số kiến nghị');
    const [pick] = await h.say('an', 'baocao sua 11/2026');
    expect(pick!.text.match(/trả lại/g)).toHaveLength(1);
    expect(pick!.text).not.toContain('đã gửi');
  });
});
