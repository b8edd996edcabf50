/**
 * Scheduler benchmark: a SQLite file with 100,000 cells (2,000 of them in one province), each with
 * a rule, a secretary and this month's and next month's meetings. One tick is timed when ten cells
 * are due, then when the whole province is due; planning cost should follow what is due, so the
 * ratio between them should be about the ratio of due cells, not of all cells.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, isNotNull } from 'drizzle-orm';
import { outbox } from '../db/schema';
import { openDatabase } from '../db/sqlite';
import { loadConfig } from '../src/config';
import type { Deps } from '../src/deps';
import { silentLogger } from '../src/deps';
import { meetingJobs } from '../src/scheduler/meetings';
import { tick } from '../src/scheduler/tick';

const CELLS = 100_000;
const PROVINCE_CELLS = 2_000;
const FEW = 10;
const CELLS_PER_COMMUNE = 40;
const local = (s: string) => new Date(`${s}+07:00`).getTime();

export async function benchScheduler(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-bench-sched-'));
  const database = openDatabase(join(dir, 'bench.db'));
  const { sqlite } = database;
  const t0 = performance.now();

  const created = local('2026-11-01T00:00:00');
  const rule = JSON.stringify({ type: 'day', day: 15, time: '19:30', place: 'Nhà văn hóa' });
  const nextPlan = local('2027-01-01T00:00:00');
  // Ten cells meet on 4/12 (3-day reminder due 1/12 07:00), the province on 5/12 (due 2/12 07:00),
  // everyone else on 15/12 (due 12/12 07:00).
  const few = { at: local('2026-12-04T19:30:00'), remind: local('2026-12-01T07:00:00') };
  const province = { at: local('2026-12-05T19:30:00'), remind: local('2026-12-02T07:00:00') };
  const rest = { at: local('2026-12-15T19:30:00'), remind: local('2026-12-12T07:00:00') };
  const january = { at: local('2027-01-15T19:30:00'), remind: local('2027-01-12T07:00:00') };

  const insUnit = sqlite.prepare(
    'INSERT INTO units (id, code, name, kind, parent_id, path, depth, meeting_rule, member_count, next_plan_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
  );
  const insPerson = sqlite.prepare(
    'INSERT INTO people (id, name, reminder_channel, created_at) VALUES (?,?,?,?)',
  );
  const insIdentity = sqlite.prepare(
    'INSERT INTO chat_identities (id, platform, external_id, chat_id, person_id, linked_at) VALUES (?,?,?,?,?,?)',
  );
  const insRole = sqlite.prepare(
    'INSERT INTO role_assignments (id, person_id, unit_id, role, valid_from) VALUES (?,?,?,?,?)',
  );
  const insMeeting = sqlite.prepare(
    'INSERT INTO meetings (id, unit_id, slot, scheduled_at, place, kind, source, status, next_reminder_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
  );
  sqlite.transaction(() => {
    const provinces = ['P0', 'P1'];
    for (const p of provinces)
      insUnit.run(p, p, `Tỉnh ${p}`, 'province', null, `/${p}/`, 0, null, null, null, created);
    let commune = '';
    let communePath = '';
    for (let i = 0; i < CELLS; i++) {
      const inProvince = i < PROVINCE_CELLS;
      const prov = inProvince ? 'P0' : 'P1';
      if (i % CELLS_PER_COMMUNE === 0) {
        commune = `C${i / CELLS_PER_COMMUNE}`;
        communePath = `/${prov}/${commune}/`;
        insUnit.run(
          commune,
          commune,
          `Xã ${commune}`,
          'commune',
          prov,
          communePath,
          1,
          null,
          null,
          null,
          created,
        );
      }
      const id = `U${i}`;
      insUnit.run(
        id,
        id,
        `Chi bộ ${i}`,
        'cell',
        commune,
        `${communePath}${id}/`,
        2,
        rule,
        30,
        nextPlan,
        created,
      );
      insPerson.run(`S${i}`, `Bí thư ${i}`, 'both', created);
      insIdentity.run(`I${i}`, 'sim', `s${i}`, `s${i}`, `S${i}`, created);
      insRole.run(`R${i}`, `S${i}`, id, 'secretary', created);
      const dec = inProvince ? province : i >= CELLS - FEW ? few : rest;
      insMeeting.run(
        `M${i}a`,
        id,
        '2026-12',
        dec.at,
        'Nhà văn hóa',
        'regular',
        'rule',
        'scheduled',
        dec.remind,
        created,
        created,
      );
      insMeeting.run(
        `M${i}b`,
        id,
        '2027-01',
        january.at,
        'Nhà văn hóa',
        'regular',
        'rule',
        'scheduled',
        january.remind,
        created,
        created,
      );
    }
  })();
  sqlite.exec('ANALYZE');
  const buildMs = performance.now() - t0;

  let seq = 0;
  const deps: Deps = {
    config: loadConfig({ DEMO_DATA: '0' }),
    store: database.store,
    channels: {},
    clock: () => new Date(),
    newId: () => `n${++seq}`,
    log: silentLogger,
    kick: () => {},
  };
  const reminders = async () =>
    (await deps.store.db.select({ n: count() }).from(outbox).where(isNotNull(outbox.dedupeKey)).get())?.n ??
    0;

  const timeTick = async (iso: string) => {
    const before = await reminders();
    const start = performance.now();
    await tick(deps, new Date(local(iso)), meetingJobs);
    const ms = performance.now() - start;
    return { ms, written: (await reminders()) - before };
  };
  // Warm the statement caches on a moment when nothing is due.
  await timeTick('2026-11-30T12:00:00');
  const fewDue = await timeTick('2026-12-01T07:00:00');
  const provinceDue = await timeTick('2026-12-02T07:00:00');
  const idle = await timeTick('2026-12-02T07:01:00');

  database.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    name: 'scheduler tick (100,000 cells)',
    figures: {
      cells: CELLS,
      build_ms: Math.round(buildMs),
      few_due_cells: FEW,
      few_due_reminders: fewDue.written,
      few_due_tick_ms: Number(fewDue.ms.toFixed(2)),
      province_due_cells: PROVINCE_CELLS,
      province_due_reminders: provinceDue.written,
      province_due_tick_ms: Number(provinceDue.ms.toFixed(2)),
      nothing_due_tick_ms: Number(idle.ms.toFixed(2)),
      province_over_few_ratio: Number((provinceDue.ms / fewDue.ms).toFixed(1)),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchScheduler().then((r) => console.log(JSON.stringify(r, null, 2)));
}
