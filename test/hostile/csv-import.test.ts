/**
 * CSV files as careless operators bring them: saved by an old Excel in Windows-1258 or -1252, in
 * UTF-16, as a workbook renamed .csv, with decimals in a count, far too large. Each is read right
 * or refused with a message that says what it is and how to save "CSV UTF-8"; nothing half-imported.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allUnits } from '../../db/repo/units';
import { openDatabase } from '../../db/sqlite';
import { openCsvFile } from '../../src/cli/csv-file';
import { CsvFileError, MAX_CSV_BYTES } from '../../src/csv/source';
import { parseWholeNumber } from '../../src/csv/whole-number';
import { planAssignmentImport } from '../../src/operator/import-assignments';
import { planPeopleImport } from '../../src/operator/import-people';
import { planUnitImport } from '../../src/operator/import-units';
import { createHarness, type Harness } from '../support/harness';
import { encodeLegacy, encodeUtf16 } from '../support/legacy-encodings';

const run = promisify(execFile);
let dir: string;
let h: Harness;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const UNITS = [
  'code,name,kind,parent_code,member_count',
  'XQS,Đảng bộ xã Quan Sơn,commune,,',
  'KP3,Chi bộ khu phố 3 – Nguyễn Thị Hường,cell,XQS,27',
  'NB1,Chi bộ bản Na Bó Ưởng,cell,XQS,19',
].join('\r\n');
const NAMES = ['Chi bộ bản Na Bó Ưởng', 'Chi bộ khu phố 3 – Nguyễn Thị Hường', 'Đảng bộ xã Quan Sơn'];

let n = 0;
const file = (bytes: Uint8Array | string) => {
  const f = join(dir, `f${++n}.csv`);
  writeFileSync(f, bytes);
  return f;
};
const importUnits = async (path: string) =>
  planUnitImport(h.db, await openCsvFile(path), h.now(), h.deps.newId);
const refusal = async (path: string) => {
  try {
    await importUnits(path);
  } catch (err) {
    expect(err).toBeInstanceOf(CsvFileError);
    return (err as Error).message;
  }
  throw new Error('the file was not refused');
};

describe('encodings', () => {
  it.each([
    ['UTF-8 without BOM', () => UNITS, 'UTF-8'],
    ['UTF-8 with BOM', () => `\uFEFF${UNITS}`, 'UTF-8 with BOM'],
    ['UTF-16LE with BOM', () => encodeUtf16(UNITS.replace('–', '-'), 'le'), 'UTF-16LE'],
    ['UTF-16BE with BOM', () => encodeUtf16(UNITS.replace('–', '-'), 'be'), 'UTF-16BE'],
    [
      'Windows-1258, as a Vietnamese Excel saves "CSV"',
      () => encodeLegacy(UNITS.replace('–', '-'), 'windows-1258'),
      'Windows-1258',
    ],
  ])('%s is read with every letter right', async (_, bytes, encoding) => {
    const path = file(bytes());
    expect((await openCsvFile(path)).encoding).toBe(encoding);
    const plan = await importUnits(path);
    expect(plan.errors).toEqual([]);
    await h.commit(plan.writes);
    const names = (await allUnits(h.db)).map((u) => u.name).sort();
    expect(names).toEqual(
      NAMES.map((x) => (encoding === 'UTF-8' || encoding === 'UTF-8 with BOM' ? x : x.replace('–', '-'))),
    );
    for (const name of names) expect(name).toBe(name.normalize('NFC'));
  });

  it('Windows-1252 is read when every byte is a letter there', async () => {
    const plan = await importUnits(
      file(
        encodeLegacy(
          'code,name,kind,parent_code\nHG,Xã Hà Giang,commune,\nLO,Thôn Lò Tô,cell,HG\n',
          'windows-1252',
        ),
      ),
    );
    expect(plan.errors).toEqual([]);
    await h.commit(plan.writes);
    expect((await allUnits(h.db)).map((u) => u.name).sort()).toEqual(['Thôn Lò Tô', 'Xã Hà Giang']);
  });

  it('Windows-1252 that lost letters to "?" is refused rather than imported as "Ph?m"', async () => {
    const lossy = encodeLegacy('code,name,kind,parent_code\nXQS,Xã Phạm Thị,commune,\n', 'windows-1252');
    expect(new TextDecoder('windows-1252').decode(lossy)).toContain('Ph?m Th?');
    const message = await refusal(file(lossy));
    expect(message).toMatch(/line 2: "\?" in place of letters/);
    expect(message).toContain('CSV UTF-8');
  });

  it.each([
    [
      'TCVN3 (ABC) bytes',
      () =>
        Uint8Array.from([
          ...Buffer.from('code,name,kind,parent_code\nX,'),
          0xa7,
          0xb6,
          ...Buffer.from('ng b'),
          0xe9,
          ...Buffer.from(',commune,\n'),
        ]),
      /not UTF-8.*TCVN3/,
    ],
    [
      'UTF-16 without a byte order mark',
      () => encodeUtf16(UNITS, 'le', false),
      /UTF-16 without a byte order mark/,
    ],
    [
      'an Excel workbook renamed .csv',
      () => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
      /Excel workbook \(\.xlsx\)/,
    ],
    [
      'UTF-8 (decomposed, as macOS writes it) with one stray byte',
      () =>
        Uint8Array.from([
          ...new TextEncoder().encode(`${UNITS.normalize('NFD')}\n`),
          ...Buffer.from('X1,Chi b'),
          0xf4,
          ...Buffer.from(',cell,XQS,\n'),
        ]),
      /is UTF-8 with bytes that are not UTF-8 from line 5/,
    ],
  ])('%s is refused, naming it and how to save as CSV UTF-8', async (_, bytes, named) => {
    const message = await refusal(file(bytes()));
    expect(message).toMatch(named);
    expect(message).toContain('Save As > "CSV UTF-8');
    expect(await allUnits(h.db)).toHaveLength(0);
  });

  it('every import verb reads the same way (people and assignments from Windows-1258)', async () => {
    await h.commit((await planUnitImport(h.db, UNITS, h.now(), h.deps.newId)).writes);
    const people = await planPeopleImport(
      h.db,
      await openCsvFile(
        file(encodeLegacy('name,phone,unit_code,role\nLò Thị Hường,,KP3,supervisor\n', 'windows-1258')),
      ),
      h.now(),
      h.deps.newId,
      14,
    );
    expect(people.errors).toEqual([]);
    expect(people.invites[0]!.name).toBe('Lò Thị Hường');
    await h.commit(people.writes);
    const assignments = await planAssignmentImport(
      h.db,
      await openCsvFile(
        file(encodeLegacy('person,unit_code,from\nLò Thị Hường,KP3,1/12/2026\n', 'windows-1258')),
      ),
      h.now(),
      h.deps.newId,
      'Asia/Ho_Chi_Minh',
    );
    expect(assignments.errors).toEqual([]);
    expect(assignments.assigned).toBe(1);
  });
});

describe('numbers', () => {
  it.each([
    ['25', 25],
    ['1.234', 1234],
    ['12.345.678', 12_345_678],
    [' 7 ', 7],
  ])('%j is the whole number %d', (text, value) => {
    expect(parseWholeNumber(text)).toEqual({ ok: true, value });
  });

  it.each([
    '25.5',
    '25,5',
    '1,234',
    '1.23',
    '1.2345',
    '-3',
    '1e3',
    '0x10',
    '',
    '٣',
    '12 345',
    '99999999999999999999',
  ])('%j is not a whole number', (text) => {
    expect(parseWholeNumber(text).ok).toBe(false);
  });

  it('member_count 25.5 is refused with its line, not stored as 255', async () => {
    const plan = await planUnitImport(
      h.db,
      'code,name,kind,parent_code,member_count\nXQS,Xã,commune,,1.234\nKP3,KP3,cell,XQS,25.5\nKP4,KP4,cell,XQS,"25,5"\n',
      h.now(),
      h.deps.newId,
    );
    expect(plan.errors).toEqual([
      expect.stringMatching(/^line 3: member_count "25\.5" is not a whole number/),
      expect.stringMatching(/^line 4: member_count "25,5" is not a whole number/),
    ]);
    expect(plan.writes).toEqual([]);
    const ok = await planUnitImport(
      h.db,
      'code,name,kind,parent_code,member_count\nXQS,Xã,commune,,1.234\n',
      h.now(),
      h.deps.newId,
    );
    await h.commit(ok.writes);
    expect((await allUnits(h.db))[0]!.memberCount).toBe(1234);
  });
});

describe('size', () => {
  it('a file over the limit is refused before it is read, with its size and the limit', async () => {
    const path = join(dir, 'huge.csv');
    writeFileSync(path, 'code,name,kind,parent_code\n');
    truncateSync(path, MAX_CSV_BYTES + 1);
    const message = await refusal(path);
    expect(message).toMatch(/is 20\.0 MB; the limit is 20\.0 MB\. Split it/);
  });

  it('a folder given as the file is refused as such', async () => {
    expect(await refusal(dir)).toMatch(/is not a file/);
  });

  it('a row longer than the row limit (an unclosed quote swallowing the file) is refused with its line', async () => {
    const message = await refusal(file(`code,name,kind,parent_code\nA,"${'x'.repeat(70_000)},commune,\n`));
    expect(message).toMatch(/line \d+: a row longer than 64 KB/);
  });
});

describe('the CLI', () => {
  const cli = (env: Record<string, string>, ...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/entry/cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', DEMO_DATA: '0', ...env },
      cwd: process.cwd(),
      maxBuffer: 64 * 1024 * 1024,
    });

  it('says what it read and refuses a UTF-16 file without BOM in one clear message, importing nothing', async () => {
    const db = join(dir, 'cli.db');
    const legacy = await cli(
      { DATABASE_PATH: db },
      'import-units',
      file(encodeLegacy(UNITS.replace('–', '-'), 'windows-1258')),
    );
    expect(legacy.stdout).toContain('3 new');
    expect(legacy.stderr).toContain('as Windows-1258');
    const refused = await cli(
      { DATABASE_PATH: db },
      'import-people',
      file(encodeUtf16('name,phone,unit_code,role\nA,,KP3,secretary\n', 'le', false)),
    ).catch((e: { code: number; stderr: string }) => e);
    expect('code' in refused && refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Nothing imported: .*UTF-16 without a byte order mark.*CSV UTF-8/);
    expect(refused.stderr).not.toMatch(/missing column/);
    const check = openDatabase(db);
    expect((check.sqlite.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBe(0);
    check.close();
  }, 60_000);

  it('imports a large file within a heap far smaller than reading it whole would need', async () => {
    const db = join(dir, 'big.db');
    await cli(
      { DATABASE_PATH: db },
      'import-units',
      file('code,name,kind,parent_code\nXA,Đảng bộ xã Thử,commune,\n'),
    );
    const rows = ['name,phone,unit_code,role'];
    for (let i = 0; i < 30_000; i++) rows.push(`Nguyễn Văn Người Thứ ${i},09${10_000_000 + i},XA,supervisor`);
    const big = file(`${rows.join('\n')}\n`);
    // Holding the file, its parsed rows and every statement at once takes about 5 KB a row, five
    // times this limit for 30,000 rows; streaming keeps a few hundred rows in memory at a time.
    const { stdout } = await run(
      process.execPath,
      ['--max-old-space-size=64', '--import', 'tsx', 'src/entry/cli.ts', 'import-people', big],
      {
        env: { PATH: process.env.PATH ?? '', DEMO_DATA: '0', DATABASE_PATH: db },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(stdout.trim().split('\n')).toHaveLength(30_001);
    const check = openDatabase(db);
    expect((check.sqlite.prepare('SELECT count(*) AS n FROM invites').get() as { n: number }).n).toBe(30_000);
    check.close();
  }, 120_000);
});
