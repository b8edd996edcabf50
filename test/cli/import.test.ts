import { execFile } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allUnits, unitByCode } from '../../db/repo/units';
import { invites, roleAssignments } from '../../db/schema';
import { openDatabase } from '../../db/sqlite';
import { planPeopleImport } from '../../src/cli/import-people';
import { planUnitImport } from '../../src/cli/import-units';
import { createHarness, type Harness } from '../support/harness';

const run = promisify(execFile);
let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const UNITS = [
  'code,name,kind,parent_code',
  'KP3,Chi bộ khu phố 3,cell,XQS',
  'XQS,"Đảng bộ xã Quan Sơn",commune,',
  'KP4,"Chi bộ bản Xía, Mường Mìn",cell,XQS',
].join('\r\n');

describe('import-units', () => {
  it('imports a UTF-8 file with BOM and CRLF, parents after children, as Excel saves it', async () => {
    const plan = await planUnitImport(h.db, `\uFEFF${UNITS}\r\n`, h.now(), h.deps.newId);
    expect(plan.errors).toEqual([]);
    await h.commit(plan.writes);
    const units = await allUnits(h.db);
    expect(units.map((u) => u.code).sort()).toEqual(['KP3', 'KP4', 'XQS']);
    const kp4 = await unitByCode(h.db, 'KP4');
    const xqs = await unitByCode(h.db, 'XQS');
    expect(kp4!.name).toBe('Chi bộ bản Xía, Mường Mìn');
    expect(kp4!.path.startsWith(xqs!.path)).toBe(true);
    expect(kp4!.depth).toBe(1);
  });

  it('reads semicolon-separated files too', async () => {
    const plan = await planUnitImport(
      h.db,
      'code;name;kind;parent_code\nXQS;Xã Quan Sơn;commune;\n',
      h.now(),
      h.deps.newId,
    );
    expect(plan.errors).toEqual([]);
  });

  it('reports every bad row with its line number and imports nothing', async () => {
    const bad = `${UNITS}\nKP3,Trùng mã,cell,XQS\nKP9,,cell,NOPE\n`;
    const plan = await planUnitImport(h.db, bad, h.now(), h.deps.newId);
    expect(plan.writes).toEqual([]);
    expect(plan.errors).toEqual(
      expect.arrayContaining([
        'line 5: code KP3 already used on line 2',
        'line 6: name is empty',
        'line 6: parent_code NOPE is neither in the file nor in the database',
      ]),
    );
    expect(await allUnits(h.db)).toHaveLength(0);
  });

  it('names a missing column', async () => {
    const plan = await planUnitImport(h.db, 'code,name\nA,B\n', h.now(), h.deps.newId);
    expect(plan.errors[0]).toContain('missing column "kind"');
  });

  it('refuses a parent loop', async () => {
    const plan = await planUnitImport(
      h.db,
      'code,name,kind,parent_code\nA,A,x,B\nB,B,x,A\n',
      h.now(),
      h.deps.newId,
    );
    expect(plan.errors.join('\n')).toContain('loops back');
  });

  it('a second import of the same file updates names instead of duplicating', async () => {
    await h.commit((await planUnitImport(h.db, UNITS, h.now(), h.deps.newId)).writes);
    const again = await planUnitImport(h.db, UNITS.replace('khu phố 3', 'khu phố Ba'), h.now(), h.deps.newId);
    expect(again.errors).toEqual([]);
    expect(again.updated).toBe(3);
    await h.commit(again.writes);
    expect((await unitByCode(h.db, 'KP3'))!.name).toBe('Chi bộ khu phố Ba');
  });
});

describe('import-people', () => {
  it('creates people with roles and a personal invite each', async () => {
    await h.commit((await planUnitImport(h.db, UNITS, h.now(), h.deps.newId)).writes);
    const csv =
      'name,phone,unit_code,role\nNguyễn Văn An,0912 345 678,KP3,secretary\nLò Thị Bình,,XQS,tochuc\n';
    const plan = await planPeopleImport(h.db, csv, h.now(), h.deps.newId, 14);
    expect(plan.errors).toEqual([]);
    await h.commit(plan.writes);
    expect(plan.invites.map((i) => [i.name, i.role])).toEqual([
      ['Nguyễn Văn An', 'secretary'],
      ['Lò Thị Bình', 'coordinator'],
    ]);
    expect(await h.db.select().from(roleAssignments).all()).toHaveLength(2);
    // The invite links the chat account to the imported person, without a second role.
    const [linked] = await h.say('tg1', `batdau ${plan.invites[0]!.code}`, { platform: 'telegram' });
    expect(linked!.text).toContain('Nguyễn Văn An');
    expect(await h.db.select().from(roleAssignments).all()).toHaveLength(2);
    expect((await h.db.select().from(invites).all()).filter((i) => i.usedAt)).toHaveLength(1);
  });

  it('rejects unknown units, roles and bad phones with line numbers', async () => {
    const csv = 'name,phone,unit_code,role\nA,abc,KP3,secretary\nB,,ZZ,boss\n';
    const plan = await planPeopleImport(h.db, csv, h.now(), h.deps.newId, 14);
    expect(plan.errors).toEqual(
      expect.arrayContaining([
        'line 2: unit_code "KP3" is not a known unit',
        'line 2: phone "abc" is not a phone number',
        'line 3: role "boss" is not one of secretary, deputy, supervisor, committee, coordinator',
      ]),
    );
  });
});

describe('the operator CLI', () => {
  it('imports units, prints an invite code, and backs up a database that passes integrity_check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chibo-cli-'));
    const env = { ...process.env, DATABASE_PATH: join(dir, 'c.db'), DEMO_DATA: '0' };
    writeFileSync(join(dir, 'units.csv'), `\uFEFF${UNITS}`);
    const cli = (...args: string[]) =>
      run('npx', ['tsx', 'src/entry/cli.ts', ...args], { env, cwd: process.cwd() });
    expect((await cli('import-units', join(dir, 'units.csv'))).stdout).toContain('3 new');
    const { stdout } = await cli(
      'invite',
      '--unit',
      'XQS',
      '--role',
      'coordinator',
      '--name',
      'Phạm Thị Dung',
    );
    expect(stdout.trim()).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    await cli('backup', join(dir, 'copy.db'));
    // The copy holds the same names and texts as the database: readable by the operator's user only.
    expect((statSync(join(dir, 'copy.db')).mode & 0o777).toString(8)).toBe('600');
    const copy = openDatabase(join(dir, 'copy.db'));
    expect(copy.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.sqlite.prepare('select count(*) n from invites').get()).toEqual({ n: 1 });
    copy.close();
    await expect(cli('import-units', join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 1 });
  }, 60_000);
});
