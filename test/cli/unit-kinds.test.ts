import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { allUnits, unitByCode } from '../../db/repo/units';
import { meetingRecords, meetings, units } from '../../db/schema';
import { type NodeDatabase, openDatabase } from '../../db/sqlite';
import { KIND_INFO, UNIT_KINDS } from '../../src/domain/units/kinds';
import { planKindFixes } from '../../src/operator/unit-kinds';
import { fold } from '../../src/text/normalize';

const MIGRATION = readFileSync('db/migrations/0006_unit_kinds.sql', 'utf8').split('--> statement-breakpoint');
const T = Date.UTC(2026, 10, 1);
let database: NodeDatabase;
afterEach(() => database.close());

/** The database as an older chibo left it: free-text kinds, then the kinds migration run again. */
function oldDatabase(rows: { code: string; kind: string; parent?: string; rule?: string }[]) {
  database = openDatabase(':memory:');
  const insert = database.sqlite.prepare(
    'insert into units (id, code, name, kind, parent_id, path, depth, meeting_rule, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const r of rows) {
    const parentPath = r.parent ? `/${r.parent}/` : '/';
    insert.run(
      r.code,
      r.code,
      `Đơn vị ${r.code}`,
      r.kind,
      r.parent ?? null,
      `${parentPath}${r.code}/`,
      r.parent ? 1 : 0,
      r.rule ?? null,
      T,
    );
  }
}
const migrate = () => {
  for (const statement of MIGRATION) database.sqlite.exec(statement);
};

describe('the unit kinds migration', () => {
  it('maps every accepted word, as an older import stored it, to its kind', async () => {
    const rows: { code: string; kind: string; want: string }[] = [];
    for (const kind of UNIT_KINDS)
      for (const w of KIND_INFO[kind].words)
        for (const spelling of new Set([w, fold(w), /^[a-z ]+$/.test(w) ? w.toUpperCase() : w]))
          rows.push({ code: `U${rows.length}`, kind: spelling, want: kind });
    oldDatabase(rows);
    migrate();
    const got = new Map((await allUnits(database.store.db)).map((u) => [u.code, u.kind]));
    const wrong = rows.filter((r) => got.get(r.code) !== r.want).map((r) => `${r.kind} → ${got.get(r.code)}`);
    expect(wrong).toEqual([]);
  });

  it('turns a weekly rule of a cell into its first weekday of the month and files its week records under their month', async () => {
    oldDatabase([
      { code: 'XQS', kind: 'xã' },
      {
        code: 'KP1',
        kind: 'chi bộ thôn',
        parent: 'XQS',
        rule: '{"type":"weekly","weekday":1,"time":"19:30"}',
      },
      {
        code: 'BTV',
        kind: 'ban thường vụ',
        parent: 'XQS',
        rule: '{"type":"weekly","weekday":1,"time":"08:00"}',
      },
    ]);
    const db = database.store.db;
    await database.store.commit([
      db
        .insert(meetings)
        .values({ id: 'm1', unitId: 'KP1', slot: '2026-W49', scheduledAt: T, createdAt: T, updatedAt: T }),
      db.insert(meetingRecords).values({
        id: 'r1',
        unitId: 'KP1',
        period: '2026-W45',
        heldOn: '2026-11-02',
        present: 9,
        total: 10,
        kind: 'regular',
        revision: 1,
        isCurrent: true,
        recordedBy: 'p',
        recordedAt: T,
      }),
    ]);
    migrate();
    const kp1 = (await unitByCode(db, 'KP1'))!;
    expect(kp1.kind).toBe('cell');
    expect(JSON.parse(kp1.meetingRule!)).toEqual({ type: 'weekday', nth: 1, weekday: 1, time: '19:30' });
    expect(kp1.nextPlanAt).toBe(0);
    expect(JSON.parse((await unitByCode(db, 'BTV'))!.meetingRule!).type).toBe('weekly');
    expect((await db.select().from(meetings).where(eq(meetings.id, 'm1')).get())!.status).toBe('cancelled');
    expect((await db.select().from(meetingRecords).get())!.period).toBe('2026-11');
    expect(
      database.sqlite
        .prepare("select meetings from cell_months where unit_id = 'KP1' and period = '2026-11'")
        .get(),
    ).toEqual({ meetings: 1 });
  });
});

describe('unit-kinds (CLI)', () => {
  it('maps spellings the migration does not know and lists the kinds nobody can map', async () => {
    oldDatabase([
      { code: 'XQS', kind: 'ĐẢNG BỘ XÃ' },
      { code: 'KP1', kind: 'Chi  Bộ   Thôn', parent: 'XQS' },
      { code: 'HTX', kind: 'hợp tác xã', parent: 'XQS' },
    ]);
    migrate();
    const plan = await planKindFixes(database.store.db, new Date(T), () => 'a1');
    expect(plan.mapped).toEqual([
      { code: 'XQS', from: 'ĐẢNG BỘ XÃ', to: 'commune' },
      { code: 'KP1', from: 'Chi  Bộ   Thôn', to: 'cell' },
    ]);
    expect(plan.unknown).toEqual([{ code: 'HTX', name: 'Đơn vị HTX', kind: 'hợp tác xã' }]);
    await database.store.commit(plan.writes);
    expect((await database.store.db.select().from(units).where(eq(units.code, 'KP1')).get())!.kind).toBe(
      'cell',
    );
  });
});
