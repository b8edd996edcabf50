import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people, supervisorAssignments } from '../../db/schema';
import { planAssignmentImport } from '../../src/operator/import-assignments';
import { createHarness, type Harness } from '../support/harness';

const TZ = 'Asia/Ho_Chi_Minh';
let h: Harness;

beforeEach(async () => {
  h = await createHarness('2026-12-20T03:00:00Z');
  await h.unit('XQS', 'Xã Quan Sơn', 'commune');
  for (const n of [1, 3, 5]) await h.unit(`KP${n}`, `Khu phố ${n}`, 'cell', 'XQS');
  await h.commit([
    h.db.insert(people).values({ id: 'p-an', name: 'Nguyễn Văn An', phone: '0912345678', createdAt: 0 }),
    h.db.insert(people).values({ id: 'p-binh', name: 'Trần Thị Bình', createdAt: 0 }),
    h.db.insert(people).values({ id: 'p-an2', name: 'Nguyễn Văn An', phone: '0987654321', createdAt: 0 }),
  ]);
});
afterEach(() => h.close());

const plan = (csv: string) => planAssignmentImport(h.db, csv, h.now(), h.deps.newId, TZ);
const rows = () =>
  h.db
    .select()
    .from(supervisorAssignments)
    .orderBy(supervisorAssignments.personId, supervisorAssignments.validFrom, supervisorAssignments.validTo)
    .all();

describe('import-assignments', () => {
  it('imports rows by phone or name, in file order, ending a replaced assignment the day before', async () => {
    const csv =
      '\uFEFFperson_phone_or_name,unit_code,from,until\r\n' +
      '0912 345 678,KP3,1/1/2026,\r\n' +
      '+84912345678,kp5,2026-01-01,2026-12-31\r\n' +
      'Tran Thi Binh,KP3,1/7/2026,\r\n';
    const p = await plan(csv);
    expect(p.errors).toEqual([]);
    await h.commit(p.writes);
    expect((await rows()).map((r) => [r.personId, r.validFrom, r.validTo])).toEqual([
      ['p-an', '2026-01-01', '2026-06-30'],
      ['p-an', '2026-01-01', '2026-12-31'],
      ['p-binh', '2026-07-01', null],
    ]);
  });

  it('writes nothing when one row is bad, and names every bad line', async () => {
    const csv =
      'person,unit_code,from,until\n' +
      '0912345678,KP3,1/1/2027,\n' +
      'Nguyen Van An,KP9,1/1/2027,\n' +
      'Ai Do,KP1,1/1/2027,\n' +
      '0912345678,KP1,1/1,\n' +
      '0912345678,KP5,1/1/2027,1/1/2026\n';
    const p = await plan(csv);
    expect(p.writes).toEqual([]);
    expect(p.errors).toEqual([
      'line 3: unit_code "KP9" is not a known unit',
      'line 3: "Nguyen Van An" matches 2 people; give the phone number instead',
      'line 4: no person "Ai Do" (import them first with import-people)',
      'line 5: from "1/1" is not a date (2027-01-01 or 1/1/2027)',
      'line 6: until 2026-01-01 is before from 2027-01-01',
    ]);
    expect(await rows()).toHaveLength(0);
  });

  it('asks for the person column by name', async () => {
    expect((await plan('who,unit_code\nx,KP1\n')).errors).toEqual([
      'line 1: missing column "person_phone_or_name" (or "person")',
    ]);
  });
});
