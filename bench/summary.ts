/**
 * Summary benchmark: a country of 100,000 cells (50 provinces × 40 communes × 50 cells), 24 months
 * of meetings, reports and visits, in a temporary SQLite file built with raw prepared statements in
 * one transaction. Then `tonghop` for one province (2,000 cells), one commune and the whole country.
 *
 * Run alone with `npx tsx bench/summary.ts`; `bench/run.ts` imports benchSummary().
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/sqlite';
import type { Db } from '../db/types';
import { computeSummary } from '../src/domain/summaries/compute';
import { monthPeriod, quarterPeriod, yearPeriod } from '../src/domain/summaries/period';

const PROVINCES = Number(process.env.BENCH_PROVINCES ?? 50);
const COMMUNES = 40;
const CELLS = 50;
const MONTHS = 24;
const FIRST_YEAR = 2025;

function months(): string[] {
  return Array.from({ length: MONTHS }, (_, i) => {
    const y = FIRST_YEAR + Math.floor(i / 12);
    return `${y}-${String((i % 12) + 1).padStart(2, '0')}`;
  });
}

/** A small deterministic generator so that every run builds the same country. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Builds the country; returns the seconds spent filling the summary rollup from the fact tables. */
function generate(path: string): number {
  const { sqlite, close } = openDatabase(path);
  const t = Date.UTC(2026, 11, 1);
  // Units came into chibo before the two years of data: every month of them is expected.
  const since = Date.UTC(2024, 11, 1);
  // Bulk load: secondary indexes and the rollup triggers are dropped and recreated afterwards (several
  // times faster than keeping them up to date row by row), and the file is not synced until the end.
  // The rollup is then filled the way the migration backfills an existing database.
  const dropped = sqlite
    .prepare(
      "select type, name, sql from sqlite_master where type in ('index', 'trigger') and sql is not null",
    )
    .all() as { type: string; name: string; sql: string }[];
  for (const i of dropped) sqlite.exec(`drop ${i.type} ${i.name}`);
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  const unit = sqlite.prepare(
    'insert into units (id, code, name, kind, parent_id, path, depth, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const record = sqlite.prepare(
    `insert into meeting_records (id, unit_id, period, held_on, present, total, kind, grade, revision, is_current, recorded_by, recorded_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 'p', ?)`,
  );
  const report = sqlite.prepare(
    `insert into reports (id, unit_id, period, status, late, petitions_raised, petitions_resolved, revision, first_submitted_at, submitted_at, submitted_by)
     values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'p')`,
  );
  const visit = sqlite.prepare(
    `insert into visits (id, person_id, unit_id, visited_on, period, unassigned, recorded_at) values (?, 'sup', ?, ?, ?, ?, ?)`,
  );
  const assign = sqlite.prepare(
    `insert into supervisor_assignments (id, person_id, unit_id, valid_from, created_at) values (?, 'sup', ?, '2025-01-01', ?)`,
  );
  const random = rng(42);
  const ms = months();
  const grades = ['tot', 'kha', 'trung_binh', 'kem'];
  let n = 0;
  sqlite.transaction(() => {
    unit.run('N', 'N', 'Cả nước', 'country', null, '/N/', 0, since);
    for (let p = 0; p < PROVINCES; p++) {
      const pid = `P${p}`;
      const ppath = `/N/${pid}/`;
      unit.run(pid, pid, `Tỉnh ${p}`, 'province', 'N', ppath, 1, since);
      for (let c = 0; c < COMMUNES; c++) {
        const cid = `${pid}C${c}`;
        const cpath = `${ppath}${cid}/`;
        unit.run(cid, cid, `Xã ${p}-${c}`, 'commune', pid, cpath, 2, since);
        for (let k = 0; k < CELLS; k++) {
          const id = `${cid}K${k}`;
          unit.run(id, id, `Chi bộ ${p}-${c}-${k}`, 'cell', cid, `${cpath}${id}/`, 3, since);
          if (k % 3 === 0) assign.run(`a${++n}`, id, t);
          for (const m of ms) {
            if (random() < 0.9) {
              const total = 10 + Math.floor(random() * 30);
              record.run(
                `r${++n}`,
                id,
                m,
                `${m}-05`,
                total - Math.floor(random() * 5),
                total,
                random() < 0.3 ? 'thematic' : 'regular',
                grades[Math.floor(random() * 4)],
                t,
              );
            }
            const r = random();
            if (r < 0.85)
              report.run(
                `b${++n}`,
                id,
                m,
                r < 0.05 ? 'returned' : 'submitted',
                r > 0.75 ? 1 : 0,
                Math.floor(random() * 4),
                Math.floor(random() * 3),
                t,
                t,
              );
            if (random() < 0.25) visit.run(`v${++n}`, id, `${m}-05`, m, random() < 0.1 ? 1 : 0, t);
          }
        }
      }
    }
  })();
  for (const i of dropped) sqlite.exec(i.sql);
  const rollupStarted = performance.now();
  sqlite.exec(`insert into cell_month_refresh (unit_id, period)
    select unit_id, period from meeting_records where is_current = 1
    union select unit_id, period from reports union select unit_id, period from visits`);
  const rollupS = (performance.now() - rollupStarted) / 1000;
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  // Statistics from a sample of each index: the plans are the same, and a full ANALYZE of 5 M rows
  // took a good part of the build.
  sqlite.pragma('analysis_limit = 2000');
  sqlite.exec('analyze');
  close();
  return rollupS;
}

async function time(run: () => Promise<unknown>, times: number): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: Math.round(at(0.5) * 10) / 10, p95: Math.round(at(0.95) * 10) / 10 };
}

let country: Promise<{ file: string; buildS: number; rollupS: number }> | undefined;

/**
 * The country's database, built once per run (about half a minute) and shared by the benchmarks
 * that need it (this one, bench/stall.ts); removed when the process exits. BENCH_KEEP=DIR keeps it
 * there (for looking at query plans); BENCH_COUNTRY=FILE uses one built before.
 */
export function countryDatabase(): Promise<{ file: string; buildS: number; rollupS: number }> {
  country ??= (async () => {
    if (process.env.BENCH_COUNTRY) return { file: process.env.BENCH_COUNTRY, buildS: 0, rollupS: 0 };
    const keep = process.env.BENCH_KEEP || undefined;
    const dir = keep ?? mkdtempSync(join(tmpdir(), 'chibo-summary-'));
    if (!keep) process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'country.db');
    const started = performance.now();
    const rollupS = generate(file);
    return { file, buildS: (performance.now() - started) / 1000, rollupS };
  })();
  return country;
}

export async function benchSummary(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const { file, buildS, rollupS } = await countryDatabase();
  const sizeMiB = statSync(file).size / 2 ** 20;
  const { store, close } = openDatabase(file);
  const db: Db = store.db;
  const unit = (id: string, path: string) => ({ id, code: id, name: id, kind: 'x', path });
  const month = monthPeriod(2026, 11);
  // Asked on 1 January 2027: every month of 2026 is due, the slowest case for the lists of months.
  const at = { now: new Date('2027-01-01T03:00:00Z'), tz: 'Asia/Ho_Chi_Minh' };
  const province = unit('P1', '/N/P1/');
  const commune = unit('P1C3', '/N/P1/P1C3/');
  const country = unit('N', '/N/');
  await computeSummary(db, province, month, at); // warm the page cache
  const prov = await time(() => computeSummary(db, province, month, at), 30);
  const provQ = await time(() => computeSummary(db, province, quarterPeriod(2026, 4), at), 10);
  const comm = await time(() => computeSummary(db, commune, month, at), 50);
  const nat = await time(() => computeSummary(db, country, month, at), 3);
  const natQ = await time(() => computeSummary(db, country, quarterPeriod(2026, 4), at), 1);
  const natY = await time(() => computeSummary(db, country, yearPeriod(2026), at), 1);
  close();
  return {
    name: 'summaries (tonghop)',
    figures: {
      cells: PROVINCES * COMMUNES * CELLS,
      months: MONTHS,
      'build s': Math.round(buildS * 10) / 10,
      'rollup backfill s': Math.round(rollupS * 10) / 10,
      'db MiB': Math.round(sizeMiB),
      'province month p50 ms': prov.p50,
      'province month p95 ms': prov.p95,
      'province quarter p50 ms': provQ.p50,
      'province quarter p95 ms': provQ.p95,
      'commune month p50 ms': comm.p50,
      'commune month p95 ms': comm.p95,
      'national month p50 ms': nat.p50,
      'national month p95 ms': nat.p95,
      'national quarter ms': natQ.p50,
      'national year ms': natY.p50,
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchSummary().then((r) => console.log(JSON.stringify(r, null, 2)));
}
