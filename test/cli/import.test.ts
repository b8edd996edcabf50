import { execFile } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allUnits, unitByCode } from '../../db/repo/units';
import { invites, roleAssignments } from '../../db/schema';
import { openDatabase } from '../../db/sqlite';
import { importRuleParser } from '../../src/meetings/setup';
import { planPeopleImport } from '../../src/operator/import-people';
import { planUnitImport } from '../../src/operator/import-units';
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

  it('refuses a parent loop, naming every line in it and below it', async () => {
    const plan = await planUnitImport(
      h.db,
      'code,name,kind,parent_code\nA,A,xã,B\nB,B,xã,A\nC,C,thôn,A\n',
      h.now(),
      h.deps.newId,
    );
    expect(plan.writes).toEqual([]);
    expect(plan.errors).toEqual([
      'line 2: parent chain of A loops back on itself (A → B → A)',
      'line 3: parent chain of B loops back on itself (B → A → B)',
      'line 4: C hangs below a loop of parents (through A)',
    ]);
  });

  it('takes kinds written the Vietnamese way, with or without diacritics, and stores their code', async () => {
    const csv = [
      'code,name,kind,parent_code',
      'TINH,Tỉnh Thử,Tỉnh,',
      'XQS,Đảng bộ xã Quan Sơn,đảng bộ xã,TINH',
      'PDT,Phường Đông Tiến,PHUONG,TINH',
      'BTV,Ban Thường vụ Đảng ủy xã,ban thuong vu,XQS',
      'T1,Chi bộ thôn 1,thôn,XQS',
      'B2,Chi bộ bản Chanh,Bản,XQS',
      'A3,Chi bộ ấp 3,ap,XQS',
      'K4,Chi bộ khu phố 4,Khu phố,PDT',
      'D5,Chi bộ tổ dân phố 5,tổ dân phố,PDT',
      'D6,Chi bộ TDP 6,TDP,PDT',
      'C7,Chi bộ 7,chi bo,PDT',
      'C8,Chi bộ 8,cell,PDT',
    ].join('\n');
    const plan = await planUnitImport(h.db, csv, h.now(), h.deps.newId);
    expect(plan.errors).toEqual([]);
    await h.commit(plan.writes);
    const kinds = Object.fromEntries((await allUnits(h.db)).map((u) => [u.code, u.kind]));
    expect(kinds).toEqual({
      TINH: 'province',
      XQS: 'commune',
      PDT: 'ward',
      BTV: 'standing_committee',
      T1: 'cell',
      B2: 'cell',
      A3: 'cell',
      K4: 'cell',
      D5: 'cell',
      D6: 'cell',
      C7: 'cell',
      C8: 'cell',
    });
  });

  it('refuses the whole file when kinds are unknown, a code repeats or a cell is under a cell', async () => {
    const csv = [
      'code,name,kind,parent_code',
      'XQS,Xã Quan Sơn,xã,',
      'KP1,Chi bộ 1,hợp tác xã,XQS',
      'KP2,Chi bộ 2,thôn,XQS',
      'KP2,Chi bộ 2 lần nữa,thôn,XQS',
      'KP3,Chi bộ 3,thôn,KP2',
      'XNB,Xã Na Bó,xã,KP2',
      'KP4,Chi bộ 4,,XQS',
    ].join('\n');
    const plan = await planUnitImport(h.db, csv, h.now(), h.deps.newId);
    expect(plan.writes).toEqual([]);
    expect(plan.errors.slice(0, 5)).toEqual([
      'line 3: kind "hợp tác xã" is not a unit kind',
      'line 5: code KP2 already used on line 4',
      'line 6: KP3 (cell) cannot be under KP2 (cell): a unit goes under one of a higher level, never a cell under a cell',
      'line 7: XNB (commune) cannot be under KP2 (cell): a unit goes under one of a higher level, never a cell under a cell',
      'line 8: kind is empty',
    ]);
    const rest = plan.errors.slice(5).join('\n');
    expect(rest).toContain('Accepted kinds');
    expect(rest).toContain('cell: chi bộ, thôn, bản, ấp');
    expect(rest).toContain('commune: xã');
    expect(rest).toContain('standing_committee: ban thường vụ');
    expect(await allUnits(h.db)).toHaveLength(0);
  });

  it('refuses a kind change that would put a cell already imported under a cell', async () => {
    await h.commit((await planUnitImport(h.db, UNITS, h.now(), h.deps.newId)).writes);
    const plan = await planUnitImport(
      h.db,
      'code,name,kind,parent_code\nXQS,Xã Quan Sơn,thôn,\n',
      h.now(),
      h.deps.newId,
    );
    expect(plan.errors).toEqual([
      'line 2: XQS as cell would hold KP3 (cell, already in the database): never a cell under a cell',
      'line 2: XQS as cell would hold KP4 (cell, already in the database): never a cell under a cell',
    ]);
  });

  it('refuses a weekly meeting rule for a cell and takes it for a standing committee', async () => {
    const csv = [
      'code,name,kind,parent_code,meeting_rule',
      'XQS,Xã Quan Sơn,xã,,',
      'BTV,Ban Thường vụ,ban thường vụ,XQS,hang tuan thu hai 8h',
      'KP1,Chi bộ 1,thôn,XQS,hang tuan thu hai 19h',
    ].join('\n');
    const plan = await planUnitImport(h.db, csv, h.now(), h.deps.newId, importRuleParser);
    expect(plan.errors).toEqual([
      'line 4: meeting_rule "hang tuan thu hai 19h" is weekly; only a standing committee meets weekly, a cell meets monthly (party charter)',
    ]);
  });

  it('a second import of the same file updates what changed instead of duplicating', async () => {
    await h.commit((await planUnitImport(h.db, UNITS, h.now(), h.deps.newId)).writes);
    const again = await planUnitImport(h.db, UNITS.replace('khu phố 3', 'khu phố Ba'), h.now(), h.deps.newId);
    expect(again.errors).toEqual([]);
    // Only the renamed unit is written; the two left as they were are counted, not rewritten.
    expect([again.created, again.updated, again.unchanged]).toEqual([0, 1, 2]);
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
        'line 3: role "boss" is not one of secretary, deputy, supervisor, committee, coordinator (or bithu, phobithu, giamsat, capuy, tochuc, or the role\'s name as chibo writes it)',
      ]),
    );
  });
});

describe('import-people, again', () => {
  const PEOPLE =
    'name,phone,unit_code,role\nNguyễn Văn An,0912 345 678,KP3,secretary\nLò Thị Bình,,XQS,coordinator\n';
  const importPeople = async (csv = PEOPLE) => {
    const plan = await planPeopleImport(h.db, csv, h.now(), h.deps.newId, 14);
    expect(plan.errors).toEqual([]);
    await h.commit(plan.writes);
    return plan;
  };

  it('a second import creates nobody twice and hands out the same codes, plus codes for new rows', async () => {
    await h.commit((await planUnitImport(h.db, UNITS, h.now(), h.deps.newId)).writes);
    const first = await importPeople();
    const second = await importPeople(`${PEOPLE}Trần Văn Cường,0987654321,KP4,deputy\n`);
    expect(second.invites.slice(0, 2)).toEqual(first.invites);
    expect([second.created, second.existing]).toEqual([1, 2]);
    expect(await h.db.select().from(roleAssignments).all()).toHaveLength(3);
  });

  it('a person whose code expired unused gets a new one; one who linked needs none', async () => {
    await h.commit((await planUnitImport(h.db, UNITS, h.now(), h.deps.newId)).writes);
    const first = await importPeople();
    await h.say('tg1', `batdau ${first.invites[0]!.code}`, { platform: 'telegram' });
    h.advance(15 * 86_400_000);
    const later = await importPeople();
    expect(later.invites[0]!.code).toBeNull();
    expect(later.invites[1]!.code).not.toBe(first.invites[1]!.code);
    expect(later.renewed).toBe(1);
    const [linked] = await h.say('tg2', `batdau ${later.invites[1]!.code}`, { platform: 'telegram' });
    expect(linked!.text).toContain('Lò Thị Bình');
    expect(await h.db.select().from(roleAssignments).all()).toHaveLength(2);
  });

  it('the same person, unit and role twice in one file is refused with both lines', async () => {
    await h.commit((await planUnitImport(h.db, UNITS, h.now(), h.deps.newId)).writes);
    const plan = await planPeopleImport(
      h.db,
      `${PEOPLE}nguyễn văn  an,0912345678,kp3,bithu\n`,
      h.now(),
      h.deps.newId,
      14,
    );
    expect(plan.errors).toEqual(['line 4: the same person, unit and role as line 2']);
    expect(plan.writes).toEqual([]);
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
