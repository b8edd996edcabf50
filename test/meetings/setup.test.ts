import { asc } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { meetings, units } from '../../db/schema';
import { openDatabase } from '../../db/sqlite';
import { loadConfig } from '../../src/config';
import { seedDemo } from '../../src/demo/seed';
import { silentLogger } from '../../src/deps';
import { demoRuleFor, importRuleParser } from '../../src/meetings/setup';
import { planUnitImport } from '../../src/operator/import-units';
import { planMeetings } from '../../src/scheduler/meetings';

describe('meetings setup', () => {
  it('parses the import-units meeting_rule column, with an English reason when it cannot', () => {
    expect(importRuleParser('hang thang ngay 5 19:30 tai nha van hoa')).toEqual({
      ok: true,
      json: '{"type":"day","day":5,"time":"19:30","place":"nha van hoa"}',
    });
    expect(importRuleParser('hang thang ngay 5')).toEqual({
      ok: false,
      error: 'no time (e.g. "19:30" or "19h30")',
    });
    // A place over the limit was cut to its first 200 characters and imported without a word.
    expect(importRuleParser(`hang thang ngay 5 19:30 tai ${'Nhà văn hóa '.repeat(20)}`)).toEqual({
      ok: false,
      error: 'the place has 239 characters, at most 200 (shorten it)',
    });
  });

  it('imports rules from CSV and the planner materialises them', async () => {
    const database = openDatabase(':memory:');
    const db = database.store.db;
    const now = new Date('2026-12-10T03:00:00Z');
    let n = 0;
    const plan = await planUnitImport(
      db,
      'code,name,kind,parent_code,meeting_rule\nX1,Xã 1,commune,,\nC1,Chi bộ 1,cell,X1,hang thang thu hai dau tien 19h30\n',
      now,
      () => `u${++n}`,
      importRuleParser,
    );
    expect(plan.errors).toEqual([]);
    await database.store.commit(plan.writes);
    const deps = { store: database.store, config: loadConfig({ DEMO_DATA: '0' }), newId: () => `m${++n}` };
    expect(await planMeetings(deps, now)).toBe(1);
    const rows = await db.select().from(meetings).orderBy(asc(meetings.slot)).all();
    expect(rows.map((m) => [m.slot, new Date(m.scheduledAt).toISOString()])).toEqual([
      ['2027-01', '2027-01-04T12:30:00.000Z'],
    ]);
    database.close();
  });

  it('gives the demo cells, and only them, the 5th-of-the-month rule', async () => {
    expect(demoRuleFor('XQS')).toBeNull();
    const database = openDatabase(':memory:');
    let n = 0;
    await seedDemo(database.store, new Date('2026-12-10T03:00:00Z'), () => `d${++n}`, demoRuleFor);
    const withRule = (await database.store.db.select().from(units).all()).filter((u) => u.meetingRule);
    expect(withRule.map((u) => u.code).sort()).toEqual(['KP1', 'KP2', 'KP3', 'KP4']);
    void silentLogger;
    database.close();
  });
});
