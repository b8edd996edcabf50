/**
 * The CLI's --server mode against a real Node server on a free port: every verb prints what it
 * prints on a local database (the same files, run both ways), imports go in batches with a
 * progress line, a repeat gives the same invite codes, and the token shows up in no output, log
 * or audit row. The CLI never opens a local database in this mode.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/sqlite';
import { cleanEnv, type EntryProcess, ROOT, startEntry } from '../support/entry-process';
import { encodeLegacy } from '../support/legacy-encodings';

const run = promisify(execFile);
const TOKEN = 'cli-server-mode-token-0123456789abcdef';
let dir: string;
let server: EntryProcess;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-server-mode-'));
  server = startEntry(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/server-child.ts')], {
    ADMIN_TOKEN: TOKEN,
    DATABASE_PATH: join(dir, 'server.db'),
    PORT: '0',
    HOST: '127.0.0.1',
    // Small batches, so that a few hundred rows take several requests, as a province does on Free.
    D1_QUERY_LIMIT: '20',
    CHILD_LOG: '1',
    LOG_LEVEL: 'debug',
  });
  url = `http://127.0.0.1:${(await server.waitFor(/READY (\d+)/))[1]}`;
}, 60_000);

afterAll(() => {
  server?.killGroup();
  rmSync(dir, { recursive: true, force: true });
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(env: Record<string, string>, ...args: string[]): Promise<Ran> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/entry/cli.ts', ...args], {
      cwd: ROOT,
      env: cleanEnv(env),
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const local = (...args: string[]) => cli({ DATABASE_PATH: join(dir, 'local.db') }, ...args);
const remote = (...args: string[]) =>
  cli({ DATABASE_PATH: join(dir, 'never-opened.db'), ADMIN_TOKEN: TOKEN }, '--server', url, ...args);
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const codes = (text: string) => text.replace(/\d{4} \d{4} \d{4} \d{4}/g, 'CODE');
const withoutProgress = (text: string) =>
  text
    .split('\n')
    .filter((l) => !/^import-\w+: \d+ of \d+ rows written$/.test(l))
    .join('\n');

describe('npm run cli -- --server URL', () => {
  it('runs every verb as it runs locally, in batches, with the same messages', async () => {
    const units = ['code;name;kind;parent_code;member_count', 'XQS;Đảng bộ xã Quan Sơn;xã;;'];
    for (let i = 1; i <= 120; i++) units.push(`KP${i};Chi bộ khu phố ${i};khu phố;XQS;1.234`);
    const unitsFile = file('units.csv', `\uFEFF${units.join('\r\n')}\r\n`);

    const there = await remote('import-units', unitsFile);
    const here = await local('import-units', unitsFile);
    expect(there.code).toBe(0);
    expect(there.stdout).toBe('Imported units: 121 new, 0 updated.\n');
    expect(there.stdout).toBe(here.stdout);
    const progress = there.stderr.trim().split('\n');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe('import-units: 121 of 121 rows written');
    expect(withoutProgress(there.stderr)).toBe(here.stderr);

    const again = await remote('import-units', unitsFile);
    expect(again.stdout).toBe('Imported units: 0 new, 0 updated, 121 already as in the file.\n');
    expect(again.stderr).toBe('');

    const bad = file(
      'bad.csv',
      'code,name,kind,parent_code\nKP1,Chi bộ 1,hợp tác xã,XQS\nKP900,,cell,NOPE\n',
    );
    const badThere = await remote('import-units', bad);
    const badHere = await local('import-units', bad);
    expect(badThere.code).toBe(1);
    expect(badThere.stderr).toMatch(/^Nothing imported; fix these rows:\nline 2: kind "hợp tác xã"/);
    expect(badThere).toEqual(badHere);

    const legacy = file(
      'legacy.csv',
      encodeLegacy('code,name,kind,parent_code\nXNB,Xã Na Bó,xã,\n', 'windows-1258'),
    );
    const legacyThere = await remote('import-units', legacy);
    expect(legacyThere.stderr).toBe(`Read ${legacy} as Windows-1258.\n`);
    expect(legacyThere).toEqual(await local('import-units', legacy));

    const peopleRows = ['name,phone,unit_code,role', 'Phạm Thị Dung,0912000001,XQS,coordinator'];
    for (let i = 1; i <= 40; i++) peopleRows.push(`Bí thư ${i},09120${String(1000 + i)},KP${i},secretary`);
    peopleRows.push('Lò Văn Giám,0987999111,XQS,supervisor');
    const peopleFile = file('people.csv', `${peopleRows.join('\n')}\n`);
    const peopleThere = await remote('import-people', peopleFile);
    expect(peopleThere.code).toBe(0);
    expect(peopleThere.stdout.trim().split('\n')).toHaveLength(43);
    expect(codes(peopleThere.stdout)).toBe(codes((await local('import-people', peopleFile)).stdout));
    expect(peopleThere.stderr).toMatch(/^import-people: \d+ of 42 rows written$/m);
    // A repeat (or a resume after a stop) hands out the same codes and creates nobody twice.
    expect((await remote('import-people', peopleFile)).stdout).toBe(peopleThere.stdout);

    const assignments = file(
      'assignments.csv',
      'person,unit_code,from\n0987999111,KP1,1/11/2026\n0987999111,KP2,\n',
    );
    const assignedThere = await remote('import-assignments', assignments);
    expect(assignedThere.stdout).toBe('Assignments imported: 2 new, 0 already in place.\n');
    expect(assignedThere).toEqual(await local('import-assignments', assignments));

    const invite = await remote('invite', '--unit', 'KP3', '--role', 'deputy', '--name', 'Trần Văn Phó');
    const inviteHere = await local('invite', '--unit', 'KP3', '--role', 'deputy', '--name', 'Trần Văn Phó');
    expect(invite.stdout).toMatch(/^\d{4} \d{4} \d{4} \d{4}\n$/);
    expect(codes(invite.stdout + invite.stderr)).toBe(codes(inviteHere.stdout + inviteHere.stderr));
    const noUnit = await remote('invite', '--unit', 'NOPE', '--role', 'secretary');
    expect(noUnit).toEqual(await local('invite', '--unit', 'NOPE', '--role', 'secretary'));

    const status = await remote('status');
    const statusHere = await local('status');
    expect(status.stdout.split('\n')[0]).toBe(`chibo 0.1.0, server ${url}`);
    expect(status.stdout.split('\n').slice(1)).toEqual(statusHere.stdout.split('\n').slice(1));
    expect(status.stdout).toContain('units: 122 (cell 120, commune 2)');
    expect(status.stdout).toContain('invites waiting to be used: 43');

    // The cells came into chibo this month (the server's real clock): they owe this month.
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' })
      .format(new Date())
      .slice(0, 7);
    const out = join(dir, 'there.xlsx');
    const exported = await remote('export', '--unit', 'xqs', '--period', month, '--out', out);
    expect(exported.stdout).toBe(`${out}: XQS ${month}, 120 cells\n`);
    const hereOut = join(dir, 'here.xlsx');
    const exportedHere = await local('export', '--unit', 'xqs', '--period', month, '--out', hereOut);
    expect(exportedHere.stdout.replace(hereOut, out)).toBe(exported.stdout);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(readFileSync(out)).buffer);
    expect(wb.worksheets.length).toBeGreaterThan(1);
    expect(await remote('export', '--unit', 'XQS', '--period', '2026-13', '--out', out)).toEqual(
      await local('export', '--unit', 'XQS', '--period', '2026-13', '--out', out),
    );

    expect(existsSync(join(dir, 'never-opened.db'))).toBe(false);
    const db = openDatabase(join(dir, 'server.db'));
    const rows = db.sqlite.prepare('SELECT via, action, detail FROM audit_log').all() as { via: string }[];
    db.close();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.via === 'admin')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  }, 180_000);

  it('says what is wrong with the token or the address, and never prints the token', async () => {
    const wrong = await cli({ ADMIN_TOKEN: `${TOKEN}-not` }, '--server', url, 'status');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`${url} refused ADMIN_TOKEN (401): it is not the token the server was given\n`);
    const none = await cli({}, '--server', url, 'status');
    expect(none.stderr).toMatch(/^--server needs ADMIN_TOKEN in the environment/);
    const short = await cli({ ADMIN_TOKEN: 'short' }, '--server', url, 'status');
    expect(short.stderr).toMatch(/ADMIN_TOKEN: expected at least 32 characters/);
    expect(short.stderr).not.toContain('short"');
    const plain = await cli({ ADMIN_TOKEN: TOKEN }, '--server', 'http://chibo.example.org', 'status');
    expect(plain.stderr).toMatch(/travel unencrypted; use https:\/\//);
    const backup = await cli({ ADMIN_TOKEN: TOKEN }, '--server', url, 'backup', join(dir, 'b.db'));
    expect(backup.stderr).toMatch(/wrangler d1 export DB --remote/);
    for (const r of [wrong, none, plain, backup]) expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(server.stdout() + server.stderr()).not.toContain(TOKEN);
    expect(server.stderr()).toContain('admin import');
  }, 60_000);
});
