/**
 * The CSV table reader, the same on Node and Workers. csv-parse does the parsing; its `browser/esm`
 * build is used because it carries its own Buffer and stream shims: the main and `/stream` entries
 * import Node's streams, and `/sync` reads the global Buffer when it loads, which a Worker without
 * `nodejs_compat` does not have. Its stream is driven synchronously here: each written chunk is
 * parsed before write() returns, so rows come out as the text streams in and memory stays flat.
 */
import { type CsvError, parse } from 'csv-parse/browser/esm';
import { fold } from '../text/normalize';
import { CsvFileError, type CsvSource, csvText, MAX_ROW_CHARS, SAVE_AS_UTF8 } from './source';

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  /** Streamed once; the blank rows of a spreadsheet are skipped. */
  rows: AsyncIterable<CsvRow>;
}

/**
 * Other names a column goes by, by its name: what an operator writes on the first line of a sheet
 * ("Mã cấp trên", "Số điện thoại"), compared as header keys (headerKey).
 */
export type ColumnNames = Record<string, readonly string[]>;

/** "Parent Code", "parent-code" and "PARENT_CODE" are one column; "Mã cấp trên" is "ma_cap_tren". */
export function headerKey(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function headerOf(record: string[], names: ColumnNames): string[] {
  const byOther = new Map<string, string>();
  for (const [column, others] of Object.entries(names)) for (const o of others) byOther.set(o, column);
  return record.map((h) => {
    const key = headerKey(h);
    return byOther.get(key) ?? key;
  });
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** Lines where a legacy save replaced letters by "?" ("Ph?m Th? Dung"): the names are already lost. */
const LOST_LETTER = /\p{L}\?|\?\p{L}/u;

function csvProblem(err: unknown, encoding: string): Error {
  const e = err as Partial<CsvError> & { lines?: number };
  const at = e.lines ? `line ${e.lines}: ` : '';
  switch (e.code) {
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvFileError(`${at}a row longer than ${MAX_ROW_CHARS / 1024} KB (an unclosed quote?)`);
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFileError(`${at}a quote (") opened and never closed`);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CsvFileError(
        `${at}text right after a closing quote (write "" for a quote inside a quoted value)`,
      );
    default:
      return err instanceof CsvFileError
        ? err
        : new CsvFileError(`${at}${e.message ?? String(err)} (${encoding})`);
  }
}

/** Records out of text chunks: feed() returns what the chunk completed; an error surfaces once the records before it are out. */
function recordReader(delimiter: string) {
  const parser = parse({
    delimiter,
    // Mixed endings happen (a file edited in two programs); a lone CR is what old Mac Excel writes.
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    trim: true,
    info: true,
    max_record_size: MAX_ROW_CHARS,
  });
  let failure: unknown;
  parser.on('error', (err) => {
    failure ??= err;
  });
  const drain = (): ParsedRecord[] => {
    const out: ParsedRecord[] = [];
    for (let r = parser.read(); r !== null; r = parser.read()) out.push(r as ParsedRecord);
    if (failure !== undefined && out.length === 0) throw failure;
    return out;
  };
  return {
    feed(text: string): ParsedRecord[] {
      if (failure !== undefined) throw failure;
      parser.write(text);
      return drain();
    },
    end(): ParsedRecord[] {
      if (failure !== undefined) throw failure;
      parser.end();
      return drain();
    },
  };
}

async function* records(source: CsvSource, delimiter: string): AsyncGenerator<ParsedRecord> {
  const reader = recordReader(delimiter);
  try {
    for await (const chunk of source.chunks()) yield* reader.feed(chunk);
    yield* reader.end();
  } catch (err) {
    throw csvProblem(err, source.encoding);
  }
}

/**
 * The header and the rows of a CSV, comma, semicolon or tab separated (Excel writes ";" in
 * Vietnamese regional settings, tabs in "Unicode Text"), CRLF or LF; values trimmed and NFC-normalised (Windows-1258 writes tone marks
 * as separate characters). Column names are header keys (any case, spaces or diacritics), and the
 * other names in `names` are read as the column they name.
 */
export async function readCsvTable(input: string | CsvSource, names: ColumnNames = {}): Promise<CsvTable> {
  const source = typeof input === 'string' ? csvText(input) : input;
  const legacy = source.encoding.startsWith('Windows-');
  // The separator is chosen from the first line, read from a first pass over the first chunk(s).
  let first = '';
  try {
    for await (const chunk of source.chunks()) {
      first += chunk;
      if (/\r|\n/.test(first) || first.length > MAX_ROW_CHARS) break;
    }
  } catch (err) {
    throw csvProblem(err, source.encoding);
  }
  const firstLine = first.split(/\r\n?|\n/, 1)[0] ?? '';
  // Excel's "Unicode Text" (the UTF-16 it writes) separates by tabs.
  const delimiter = [',', ';', '\t'].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  const iterator = records(source, delimiter);
  const head = await iterator.next();
  const header = head.done ? [] : headerOf(head.value.record, names);
  async function* rows(): AsyncGenerator<CsvRow> {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      const { record, info } = r.value;
      if (record.every((v) => v.trim() === '')) continue;
      const values: Record<string, string> = {};
      header.forEach((h, i) => {
        values[h] = (record[i] ?? '').normalize('NFC').trim();
      });
      if (legacy && Object.values(values).some((v) => LOST_LETTER.test(v)))
        throw new CsvFileError(
          `line ${info.lines}: "?" in place of letters: the file was saved as ${source.encoding}, which cannot hold every Vietnamese letter, and they were lost. ${SAVE_AS_UTF8}`,
        );
      yield { line: info.lines, values };
    }
  }
  return { header, rows: rows() };
}
