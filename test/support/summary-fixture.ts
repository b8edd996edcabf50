/**
 * A hand-counted commune for summary tests. Xã Quan Sơn (XQS) has five cell rows; QS4 merged into
 * QS3 on 15/11/2026. Xã Bên (XBEN) next door has one cell with data that must never show up.
 *
 * November 2026, by hand:
 *   QS1  met (regular, 18/20, Tốt); report on time (petitions 3 raised / 2 resolved); assigned visit
 *   QS2  met (thematic, 10/15, Khá); report late (1 / 1); assigned, not visited
 *   QS3  no record of its own, but QS4's record of 5/11 (8/10, Kém) counts for it; report sent back
 *        (2 / 0); one unassigned visit
 *   QS4  merged into QS3: not counted as a cell of its own
 *   QS5  nothing, except a superseded (not current) record that must not count
 *   QS1 also held a thematic meeting in October.
 * Every unit came into chibo on 1/1/2026.
 * So: 4 cells; met 3 / not met 1; thematic in the quarter 2 of 4; attendance 36/45 = 80%; grades
 * Tốt 1 Khá 1 Kém 1; reports on time 1, late 1, missing 1, sent back 1; petitions 6 raised, 3
 * resolved; visited 2 of 4 cells (2 visits, 1 unassigned); assigned cells 2, of which 1 visited.
 */

import { eq } from 'drizzle-orm';
import { unitByCode } from '../../db/repo/units';
import { meetingRecords, reports, supervisorAssignments, units, visits } from '../../db/schema';
import type { Write } from '../../db/types';
import type { Harness } from './harness';

let n = 0;
const id = (p: string) => `${p}${(++n).toString().padStart(5, '0')}`;

export async function seedQuanSon(h: Harness): Promise<void> {
  await h.unit('TINH', 'Tỉnh Thử', 'province');
  await h.unit('XQS', 'Xã Quan Sơn', 'commune', 'TINH');
  await h.unit('XBEN', 'Xã Bên', 'commune', 'TINH');
  for (const [code, name] of [
    ['QS1', 'Chi bộ thôn Đồng'],
    ['QS2', 'Chi bộ thôn Bãi'],
    ['QS3', 'Chi bộ thôn Nà'],
    ['QS4', 'Chi bộ thôn Khe'],
    ['QS5', 'Chi bộ thôn Mới'],
  ] as const)
    await h.unit(code, name, 'cell', 'XQS');
  await h.unit('BEN1', 'Chi bộ thôn Bên', 'cell', 'XBEN');
  const u = async (code: string) => (await unitByCode(h.db, code))!.id;
  const [qs1, qs2, qs3, qs4, qs5, ben1] = await Promise.all(
    ['QS1', 'QS2', 'QS3', 'QS4', 'QS5', 'BEN1'].map(u),
  );
  const t = h.now().getTime();
  const record = (
    unitId: string,
    period: string,
    heldOn: string,
    present: number,
    total: number,
    kind: 'regular' | 'thematic',
    grade: 'tot' | 'kha' | 'kem' | null,
    isCurrent = true,
  ) =>
    h.db.insert(meetingRecords).values({
      id: id('rec'),
      unitId,
      period,
      heldOn,
      present,
      total,
      kind,
      grade,
      revision: 1,
      isCurrent,
      recordedBy: 'p',
      recordedAt: t,
    });
  const report = (
    unitId: string,
    period: string,
    status: 'submitted' | 'returned',
    late: boolean,
    raised: number,
    resolved: number,
  ) =>
    h.db.insert(reports).values({
      id: id('rep'),
      unitId,
      period,
      status,
      late,
      petitionsRaised: raised,
      petitionsResolved: resolved,
      revision: 1,
      firstSubmittedAt: t,
      submittedAt: t,
      submittedBy: 'p',
    });
  const visit = (unitId: string, visitedOn: string, unassigned: boolean) =>
    h.db.insert(visits).values({
      id: id('vis'),
      personId: 'sup1',
      unitId,
      visitedOn,
      period: visitedOn.slice(0, 7),
      unassigned,
      recordedAt: t,
    });
  const writes: Write[] = [
    // In chibo since the start of 2026 (local), so every month of the year is owed.
    h.db.update(units).set({ createdAt: Date.UTC(2025, 11, 31, 17) }),
    h.db.update(units).set({ mergedIntoId: qs3, validTo: '2026-11-15' }).where(eq(units.id, qs4!)),
    record(qs1!, '2026-11', '2026-11-05', 18, 20, 'regular', 'tot'),
    record(qs1!, '2026-10', '2026-10-05', 19, 20, 'thematic', 'tot'),
    record(qs2!, '2026-11', '2026-11-07', 10, 15, 'thematic', 'kha'),
    record(qs4!, '2026-11', '2026-11-05', 8, 10, 'regular', 'kem'),
    record(qs5!, '2026-11', '2026-11-09', 5, 12, 'regular', 'kha', false),
    record(ben1!, '2026-11', '2026-11-03', 9, 9, 'thematic', 'tot'),
    report(qs1!, '2026-11', 'submitted', false, 3, 2),
    report(qs2!, '2026-11', 'submitted', true, 1, 1),
    report(qs3!, '2026-11', 'returned', false, 2, 0),
    report(ben1!, '2026-11', 'submitted', false, 50, 50),
    visit(qs1!, '2026-11-05', false),
    visit(qs3!, '2026-11-20', true),
    visit(ben1!, '2026-11-03', false),
    h.db
      .insert(supervisorAssignments)
      .values({ id: id('asg'), personId: 'sup1', unitId: qs1!, validFrom: '2026-01-01', createdAt: t }),
    h.db
      .insert(supervisorAssignments)
      .values({ id: id('asg'), personId: 'sup1', unitId: qs2!, validFrom: '2026-01-01', createdAt: t }),
  ];
  await h.commit(writes);
}
