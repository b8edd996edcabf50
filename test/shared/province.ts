/**
 * A province written and counted by hand (test/shared/province-suite.ts asserts the counts).
 *
 * Tỉnh Mẫu (TM, "tỉnh"), three communes, thirty cells, kinds as a Vietnamese operator writes them:
 *   XA  Đảng bộ xã An Phú ("Đảng bộ xã"): thôn A01–A10, in chibo since 1/7/2026.
 *       A10 merged into A09 on 20/10/2026 (so from Q4 on, and for the whole year 2026, A10's records
 *       and reports are A09's and XA counts 9 cells).
 *   XB  Phường Bình Minh ("phường"): tổ dân phố B01–B10, in chibo since 1/10/2026.
 *   XC  Xã Cao Sơn ("xã"): bản C01–C09 since 1/10/2026, and C10 imported mid-quarter on 16/11/2026;
 *       BTV (Ban Thường vụ, "ban thường vụ") meets weekly and is never a cell.
 *
 * Facts (every meeting 9 present of 10, graded Khá except A01's, graded Tốt; every report raises one
 * petition and resolves it, except B09's):
 *   Jul–Sep  A01–A10 meet on the 5th (A01–A05 thematic in August) and report on time.
 *   Oct      A01–A10 meet (A03 "both"), B01–B10 meet (B01 thematic), C01–C05 meet.
 *            Reports on time: A01–A10, B01–B10, C01–C05; C06 late (2/11); C07–C09 none.
 *   Nov      A01–A08 meet (A01, A02 thematic), B01–B09, C01–C09 on the 5th, C10 on 25/11.
 *            Reports on time: A01–A07, B01–B08, C01–C09; B09 sent and returned (2 petitions, 0
 *            resolved); A08 late (3/12, 09:00), C10 late (2/12); A09 and B10 none.
 *   Dec      A01, A02, A03 meet on 5/12, C10 on 5/12 (thematic); A01 reports on 6/12.
 *   BTV      weekly meetings (ISO weeks) that no summary may count.
 * Supervision: Hà Văn Dũng assigned A01–A05 from 1/7, Lò Thị Mai assigned B01–B05 from 1/10.
 *   Visits: A01 5/8, A01 5/10, A02 5/11, A03 5/12 (Dũng); B01 5/10, C01 5/11 unassigned (Mai).
 * People: a coordinator of TM and of XB, a committee member of TM, the secretary of A09.
 *
 * The facts are added in the order time passes, so that a digest or a reminder sees only what had
 * happened by then: `until` stops the story at one of the moments the suite looks at.
 */
import { eq } from 'drizzle-orm';
import { unitByCode } from '../../db/repo/units';
import { meetingRecords, reports, supervisorAssignments, units, visits } from '../../db/schema';
import type { Write } from '../../db/types';
import { importRuleParser } from '../../src/meetings/setup';
import { planUnitImport } from '../../src/operator/import-units';
import type { StoreHarness } from './harness';

export const TZ = 'Asia/Ho_Chi_Minh';
/** A local moment in Hà Nội. */
export const local = (day: string, hour = 9, minute = 0) =>
  new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+07:00`);

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);

const csv = (rows: string[]) => ['code,name,kind,parent_code,meeting_rule', ...rows].join('\n');

export interface Province {
  /** What happened on 2 December (C10's late report), then everything up to 10 December. */
  toDec3(): Promise<void>;
  toDec10(): Promise<void>;
}

/** The province as it stood on the morning of 1 December 2026. */
export async function buildProvince(h: StoreHarness): Promise<Province> {
  const db = h.store.db;
  let n = 0;
  const newId = () => `f${String(++n).padStart(5, '0')}`;
  const importAt = async (when: Date, rows: string[]) => {
    const plan = await planUnitImport(db, csv(rows), when, newId, importRuleParser);
    if (plan.errors.length) throw new Error(plan.errors.join('\n'));
    await h.store.commit(plan.writes);
  };
  await importAt(local('2026-07-01'), [
    'TM,Tỉnh Mẫu,tỉnh,,',
    'XA,Đảng bộ xã An Phú,Đảng bộ xã,TM,',
    ...range('A', 1, 10).map((c) => `${c},Chi bộ thôn ${c},thôn,XA,hang thang ngay 5 19:30`),
  ]);
  await importAt(local('2026-10-01'), [
    'XB,Đảng bộ phường Bình Minh,phường,TM,',
    ...range('B', 1, 10).map((c) => `${c},Chi bộ tổ dân phố ${c},tổ dân phố,XB,`),
    'XC,Đảng bộ xã Cao Sơn,xã,TM,',
    ...range('C', 1, 9).map((c) => `${c},Chi bộ bản ${c},bản,XC,`),
    'BTV,Ban Thường vụ Đảng ủy xã Cao Sơn,ban thường vụ,XC,hang tuan thu hai 8h',
  ]);
  await importAt(local('2026-11-16'), ['C10,Chi bộ bản C10,bản,XC,']);

  const id = new Map<string, string>();
  for (const code of ['A09', 'A10', 'BTV', ...range('A', 1, 10), ...range('B', 1, 10), ...range('C', 1, 10)])
    id.set(code, (await unitByCode(db, code))!.id);
  const u = (code: string) => id.get(code)!;

  /** `week`: the ISO week a weekly unit files its record under. */
  const meeting = (
    code: string,
    heldOn: string,
    kind: 'regular' | 'thematic' | 'both' = 'regular',
    week?: string,
  ) =>
    db.insert(meetingRecords).values({
      id: newId(),
      unitId: u(code),
      period: week ?? heldOn.slice(0, 7),
      heldOn,
      present: 9,
      total: 10,
      absentExcused: 1,
      kind,
      grade: code === 'A01' ? 'tot' : 'kha',
      revision: 1,
      isCurrent: true,
      recordedBy: 'p',
      recordedAt: local(heldOn, 21).getTime(),
    });
  const report = (code: string, period: string, sentOn: Date, o: Partial<typeof reports.$inferInsert> = {}) =>
    db.insert(reports).values({
      id: newId(),
      unitId: u(code),
      period,
      status: 'submitted',
      late: false,
      security: `An ninh ${code} ổn định`,
      production: `Sản xuất ${code} bình thường`,
      petitionsRaised: 1,
      petitionsResolved: 1,
      petitionsText: 'Sửa đường liên thôn',
      difficulties: 'Thiếu kinh phí',
      proposals: 'Hỗ trợ xi măng',
      revision: 1,
      firstSubmittedAt: sentOn.getTime(),
      submittedAt: sentOn.getTime(),
      submittedBy: 'p',
      ...o,
    });
  const visit = (who: string, code: string, day: string, unassigned = false) =>
    db.insert(visits).values({
      id: newId(),
      personId: who,
      unitId: u(code),
      visitedOn: day,
      period: day.slice(0, 7),
      unassigned,
      recordedAt: local(day, 22).getTime(),
    });
  const assign = (who: string, codes: string[], from: string) =>
    codes.map((c) =>
      db.insert(supervisorAssignments).values({
        id: newId(),
        personId: who,
        unitId: u(c),
        validFrom: from,
        createdAt: local(from).getTime(),
      }),
    );

  const dung = 'p-dung';
  const mai = 'p-mai';
  const before: Write[] = [
    db
      .update(units)
      .set({ mergedIntoId: u('A09'), validTo: '2026-10-20' })
      .where(eq(units.id, u('A10'))),
    ...assign(dung, range('A', 1, 5), '2026-07-01'),
    ...assign(mai, range('B', 1, 5), '2026-10-01'),
  ];
  for (const m of ['2026-07', '2026-08', '2026-09'])
    for (const c of range('A', 1, 10)) {
      before.push(meeting(c, `${m}-05`, m === '2026-08' && c <= 'A05' ? 'thematic' : 'regular'));
      before.push(report(c, m, local(`${m}-20`)));
    }
  for (const c of range('A', 1, 10)) before.push(meeting(c, '2026-10-05', c === 'A03' ? 'both' : 'regular'));
  for (const c of range('B', 1, 10))
    before.push(meeting(c, '2026-10-05', c === 'B01' ? 'thematic' : 'regular'));
  for (const c of range('C', 1, 5)) before.push(meeting(c, '2026-10-05'));
  for (const c of [...range('A', 1, 10), ...range('B', 1, 10), ...range('C', 1, 5)])
    before.push(report(c, '2026-10', local('2026-10-25')));
  before.push(report('C06', '2026-10', local('2026-11-02'), { late: true }));
  for (const c of range('A', 1, 8))
    before.push(meeting(c, '2026-11-05', c <= 'A02' ? 'thematic' : 'regular'));
  for (const c of [...range('B', 1, 9), ...range('C', 1, 9)]) before.push(meeting(c, '2026-11-05'));
  before.push(meeting('C10', '2026-11-25'));
  for (const c of [...range('A', 1, 7), ...range('B', 1, 8), ...range('C', 1, 9)])
    before.push(report(c, '2026-11', local('2026-11-26')));
  before.push(
    report('B09', '2026-11', local('2026-11-27'), {
      status: 'returned',
      petitionsRaised: 2,
      petitionsResolved: 0,
      returnedNote: 'Thiếu nội dung kiến nghị',
      returnedAt: local('2026-11-28').getTime(),
    }),
  );
  for (const [day, week] of [
    ['2026-10-05', '2026-W41'],
    ['2026-10-12', '2026-W42'],
    ['2026-11-02', '2026-W45'],
  ] as const)
    before.push(meeting('BTV', day, 'regular', week));
  before.push(
    visit(dung, 'A01', '2026-08-05'),
    visit(dung, 'A01', '2026-10-05'),
    visit(dung, 'A02', '2026-11-05'),
    visit(mai, 'B01', '2026-10-05'),
    visit(mai, 'C01', '2026-11-05', true),
  );
  await h.store.commit(before);

  let step = 1;
  const toDec3 = async () => {
    if (step >= 2) return;
    step = 2;
    await h.store.commit([report('C10', '2026-11', local('2026-12-02', 10), { late: true })]);
  };
  return {
    toDec3,
    async toDec10() {
      await toDec3();
      if (step >= 3) return;
      step = 3;
      await h.store.commit([
        report('A08', '2026-11', local('2026-12-03', 9), { late: true }),
        meeting('A01', '2026-12-05'),
        meeting('A02', '2026-12-05'),
        meeting('A03', '2026-12-05'),
        meeting('C10', '2026-12-05', 'thematic'),
        visit(dung, 'A03', '2026-12-05'),
        report('A01', '2026-12', local('2026-12-06', 10)),
      ]);
    },
  };
}

/** The province and its people, as it stood on 10 December 2026, with the clock there. */
export async function provinceOnDec10(h: StoreHarness): Promise<void> {
  const p = await buildProvince(h);
  await provincePeople(h);
  await p.toDec10();
  h.setNow(local('2026-12-10', 9));
}

/** The people who ask and who are told (linked on the simulator). */
export async function provincePeople(h: StoreHarness): Promise<void> {
  h.setNow(local('2026-07-01'));
  await h.person('coord-tm', 'Trần Văn Tỉnh', [{ role: 'coordinator', unit: 'TM' }]);
  await h.person('coord-xb', 'Lê Thị Phường', [{ role: 'coordinator', unit: 'XB' }]);
  await h.person('cu-tm', 'Đỗ Cấp Ủy', [{ role: 'committee', unit: 'TM' }]);
  await h.person('sec-a09', 'Nguyễn Văn Chín', [{ role: 'secretary', unit: 'A09' }]);
}
