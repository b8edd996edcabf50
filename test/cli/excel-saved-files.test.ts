/**
 * The operator's files as a Vietnamese Windows Excel saves them, through the real CLI on a real
 * SQLite file: "CSV" (Windows-1258, ";" as the list separator of vi-VN), "CSV UTF-8" (BOM),
 * first lines written in Vietnamese or as a person types them, extra columns, blank rows, quoted
 * commas, and phone numbers that lost their leading zero because the column was a number column.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/sqlite';
import { encodeLegacy, encodeUtf16 } from '../support/legacy-encodings';

const run = promisify(execFile);

function operator() {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-excel-'));
  const env = { ...process.env, DATABASE_PATH: join(dir, 'c.db'), DEMO_DATA: '0' };
  const file = (name: string, bytes: Uint8Array | string) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  const cli = (...args: string[]) =>
    run('npx', ['tsx', 'src/entry/cli.ts', ...args], { env, cwd: process.cwd() });
  const query = <T>(sql: string): T[] => {
    const d = openDatabase(env.DATABASE_PATH);
    try {
      return d.sqlite.prepare(sql).all() as T[];
    } finally {
      d.close();
    }
  };
  return { file, cli, query };
}

const bom = (text: string) => `\uFEFF${text.replace(/\n/g, '\r\n')}`;

describe('files saved by a Vietnamese Excel', () => {
  it('reads a Windows-1258 ";" file whose first line is in Vietnamese, and people whose first line is too', async () => {
    const op = operator();
    const units = op.file(
      'don-vi.csv',
      encodeLegacy(
        [
          'Mã;Tên đơn vị;Loại;Mã cấp trên;Số đảng viên;Ghi chú',
          'XQS;Xã Quan Sơn;Xã;;;',
          'KP1;Khu phố 1;Khu phố;XQS;27;"Gần chợ; cạnh UBND"',
          'T3;Thôn Đồng Tâm;thôn;XQS;1.234;',
          ';;;;;',
          '',
        ].join('\r\n'),
        'windows-1258',
      ),
    );
    const imported = await op.cli('import-units', units);
    expect(imported.stdout).toContain('Imported units: 3 new');
    expect(imported.stderr).toContain('as Windows-1258');
    expect(op.query('select code, name, kind, member_count from units order by code')).toEqual([
      { code: 'KP1', name: 'Khu phố 1', kind: 'cell', member_count: 27 },
      { code: 'T3', name: 'Thôn Đồng Tâm', kind: 'cell', member_count: 1234 },
      { code: 'XQS', name: 'Xã Quan Sơn', kind: 'commune', member_count: null },
    ]);

    const people = op.file(
      'nguoi.csv',
      bom(
        [
          'Họ và tên,Số điện thoại,Mã đơn vị,Vai trò',
          'Phạm Thị Dung,912345678,XQS,Cán bộ tổ chức',
          '"Lê Văn Bình, Trưởng KP",0911 222 333,KP1,Bí thư chi bộ',
          'Hoàng Văn Đức,0903111222,XQS,Cấp ủy viên phụ trách chi bộ',
          ',,,',
        ].join('\n'),
      ),
    );
    const first = await op.cli('import-people', people);
    // The printed list is a CSV a spreadsheet reads back: the name with a comma stays one field.
    const listed = parse(first.stdout) as string[][];
    expect(listed.map((r) => r.slice(0, 3))).toEqual([
      ['name', 'unit_code', 'role'],
      ['Phạm Thị Dung', 'XQS', 'coordinator'],
      ['Lê Văn Bình, Trưởng KP', 'KP1', 'secretary'],
      ['Hoàng Văn Đức', 'XQS', 'supervisor'],
    ]);
    // 912345678 is 0912345678 whose 0 the number column dropped: stored with it.
    expect(op.query('select phone from people order by phone')).toEqual([
      { phone: '0903111222' },
      { phone: '0911222333' },
      { phone: '0912345678' },
    ]);

    // The same people again, from a sheet where the phone column was text: nobody twice.
    const again = op.file(
      'nguoi-2.csv',
      bom('name,phone,unit_code,role\nPhạm Thị Dung,0912345678,XQS,coordinator\n'),
    );
    const second = parse((await op.cli('import-people', again)).stdout) as string[][];
    expect(second[1]).toEqual(listed[1]);
    expect(op.query('select count(*) as n from people')).toEqual([{ n: 3 }]);
  }, 60_000);

  it('takes a first line typed in other capitals and with spaces, and refuses a role that only starts like one', async () => {
    const op = operator();
    const units = op.file(
      'units.csv',
      bom(
        ' Code ;Name;KIND;Parent Code;Meeting Rule\nPHB;Phường Bắc;Phường;;\nTDP1;Tổ dân phố 1;TDP;PHB;ngày 5 19:30\n',
      ),
    );
    expect((await op.cli('import-units', units)).stdout).toContain('Imported units: 2 new');
    expect(op.query('select code, kind, meeting_rule from units order by code')).toEqual([
      { code: 'PHB', kind: 'ward', meeting_rule: null },
      { code: 'TDP1', kind: 'cell', meeting_rule: '{"type":"day","day":5,"time":"19:30"}' },
    ]);
    const people = op.file(
      'people.csv',
      bom('Name,Phone,Unit Code,Role\nVũ Thị Én,,PHB,Cấp ủy viên cấp trên\n'),
    );
    await expect(op.cli('import-people', people)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('line 2: role "Cấp ủy viên cấp trên" is not one of'),
    });
    expect(op.query('select count(*) as n from people')).toEqual([{ n: 0 }]);
  }, 60_000);

  it('reads Excel\'s "Unicode Text": UTF-16 with a BOM, separated by tabs', async () => {
    const op = operator();
    const units = op.file(
      'units.txt',
      encodeUtf16(
        'Mã\tTên\tLoại\tMã cấp trên\r\nXTB\tXã Tân Bình\txã\t\r\nTB1\tThôn 1, Tân Bình\tthôn\tXTB\r\n',
        'le',
      ),
    );
    expect((await op.cli('import-units', units)).stdout).toContain('Imported units: 2 new');
    expect(op.query('select code, name, kind from units order by code')).toEqual([
      { code: 'TB1', name: 'Thôn 1, Tân Bình', kind: 'cell' },
      { code: 'XTB', name: 'Xã Tân Bình', kind: 'commune' },
    ]);
  }, 60_000);
});
