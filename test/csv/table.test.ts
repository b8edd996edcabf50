/** The portable CSV reader, fed the way files and uploads arrive: in chunks cut anywhere. */
import { describe, expect, it } from 'vitest';
import { CsvFileError, type CsvSource, csvBytes } from '../../src/csv/source';
import { readCsvTable } from '../../src/csv/table';

/** The text in pieces of `size` characters, so that quotes, CRLF and letters are split across chunks. */
const pieces = (text: string, size: number): CsvSource => ({
  encoding: 'UTF-8',
  async *chunks() {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  },
});

const rowsOf = async (source: CsvSource | string) => {
  const t = await readCsvTable(source);
  const rows = [];
  for await (const r of t.rows) rows.push(r);
  return { header: t.header, rows };
};

// Excel writes a line break inside a cell as LF and ends rows with CRLF.
const TEXT =
  'Code;Name;Kind\r\nKP3;"Chi bộ khu phố 3; ""Nhà văn hóa""";cell\r\n\r\nKP4;"Chi bộ bản Xía,\nMường Mìn";cell\r\nKP5;Chi bộ 5;cell';

describe('readCsvTable', () => {
  it.each([1, 2, 3, 7, 64, 10_000])(
    'reads the same rows and lines whatever the chunk size (%d)',
    async (size) => {
      const { header, rows } = await rowsOf(pieces(TEXT, size));
      expect(header).toEqual(['code', 'name', 'kind']);
      expect(rows).toEqual([
        { line: 2, values: { code: 'KP3', name: 'Chi bộ khu phố 3; "Nhà văn hóa"', kind: 'cell' } },
        { line: 5, values: { code: 'KP4', name: 'Chi bộ bản Xía,\nMường Mìn', kind: 'cell' } },
        { line: 6, values: { code: 'KP5', name: 'Chi bộ 5', kind: 'cell' } },
      ]);
    },
  );

  it('says where a quote was never closed, after the rows before it', async () => {
    const t = await readCsvTable(pieces('a,b\n1,2\n3,"x\n4,5\n', 3));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const r of t.rows) seen.push(r.line);
      })(),
    ).rejects.toThrow(/a quote \(".*never closed/);
    expect(seen).toEqual([2]);
  });

  it('reads an upload by its bytes: UTF-16 with a BOM, and refuses a workbook by name', async () => {
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...[...'a;b\r\n1;Đ\r\n'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ]);
    const { rows } = await rowsOf(await csvBytes('up.csv', utf16));
    expect(rows).toEqual([{ line: 2, values: { a: '1', b: 'Đ' } }]);
    await expect(csvBytes('up.csv', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]))).rejects.toThrow(
      CsvFileError,
    );
    await expect(csvBytes('big.csv', new Uint8Array(11), 10)).rejects.toThrow(
      /big\.csv is 0\.0 MB; the limit/,
    );
  });
});
