/** CSV as Excel saves it: UTF-8 with or without BOM, comma or semicolon separated, CRLF or LF. */
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export function readCsv(text: string): { header: string[]; rows: CsvRow[] } {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const records = parse(clean, {
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    trim: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [head, ...rest] = records;
  const header = (head?.record ?? []).map((h) => h.trim().toLowerCase());
  const rows: CsvRow[] = [];
  for (const r of rest) {
    if (r.record.every((v) => v.trim() === '')) continue;
    const values: Record<string, string> = {};
    header.forEach((h, i) => {
      values[h] = (r.record[i] ?? '').normalize('NFC').trim();
    });
    rows.push({ line: r.info.lines, values });
  }
  return { header, rows };
}
