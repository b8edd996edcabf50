/**
 * CSV files as operators bring them, read honestly: the encoding is detected from the bytes (UTF-8
 * with or without BOM, UTF-16 with BOM, Windows-1258 or Windows-1252 when the bytes show it) or the
 * file is refused with a message naming what it is and how to save it as "CSV UTF-8"; the size is
 * bounded; the file is read as a stream, so memory does not grow with it. Node-only (the CLI).
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';

/** About 200,000 rows: a whole province's units or people several times over. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** One row (a record, quoted line breaks included) in characters. */
export const MAX_ROW_CHARS = 64 * 1024;

const SAVE_AS_UTF8 =
  'In Excel: File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)", then import that file.';

/** A file that cannot be read as CSV; the message is for the operator and says what to do. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

/** Where rows come from: a file (streamed) or a text (tests, small inputs). Each call reads anew. */
export interface CsvSource {
  /** How the bytes were read: "UTF-8", "UTF-8 with BOM", "UTF-16LE", "Windows-1258", … */
  encoding: string;
  chunks(): AsyncIterable<string>;
}

export interface CsvTable {
  header: string[];
  /** Streamed once; the blank rows of a spreadsheet are skipped. */
  rows: AsyncIterable<CsvRow>;
}

export function csvText(text: string): CsvSource {
  return { encoding: 'text', chunks: () => Readable.from([text.replace(/^\uFEFF/, '')]) };
}

const BYTES = {
  utf8Bom: [0xef, 0xbb, 0xbf],
  utf16le: [0xff, 0xfe],
  utf16be: [0xfe, 0xff],
  utf32le: [0xff, 0xfe, 0x00, 0x00],
  zip: [0x50, 0x4b, 0x03, 0x04],
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
};
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** Windows-1258 bytes: the five combining tone marks, and the vowels they sit on. */
const TONE_1258 = new Set([0xcc, 0xd2, 0xde, 0xec, 0xf2]);
const VOWEL_1258 = new Set([
  ...'aeiouyAEIOUY'.split('').map((c) => c.charCodeAt(0)),
  // â ê ô ă ơ ư and their capitals
  0xe2,
  0xea,
  0xf4,
  0xe3,
  0xf5,
  0xfd,
  0xc2,
  0xca,
  0xd4,
  0xc3,
  0xd5,
  0xdd,
]);
const isAsciiLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
/** Bytes that are letters in Windows-1252 (Š Œ Ž š œ ž Ÿ À–ÿ without × and ÷). */
const isLetter1252 = (b: number) =>
  [0x8a, 0x8c, 0x8e, 0x9a, 0x9c, 0x9e, 0x9f].includes(b) || (b >= 0xc0 && b !== 0xd7 && b !== 0xf7);

interface Evidence {
  utf8: boolean;
  /** Line of the first byte that is not UTF-8. */
  firstBadLine: number;
  nul: number;
  high: number;
  /** Patterns only Vietnamese in Windows-1258 produces: a tone mark after a vowel, Đ/đ starting a word. */
  vietnamese1258: number;
  /** High bytes that are not letters in Windows-1252 (TCVN3, VNI and other code pages have many). */
  notLetters1252: number;
  /** Three-byte UTF-8 sequences (every Vietnamese letter with a tone is one): a UTF-8 file, damaged. */
  utf8Triples: number;
}

async function gatherEvidence(path: string): Promise<Evidence> {
  const e: Evidence = {
    utf8: true,
    firstBadLine: 0,
    nul: 0,
    high: 0,
    vietnamese1258: 0,
    notLetters1252: 0,
    utf8Triples: 0,
  };
  const continuation = (b: number) => b >= 0x80 && b <= 0xbf;
  // UTF-8's shape, byte by byte, to name the line of the first byte that breaks it. (Reading then
  // uses a strict decoder, which also refuses the rare overlong forms.)
  let need = 0;
  const broken = (line: number) => {
    e.utf8 = false;
    e.firstBadLine = line;
  };
  let prev = 0x0a;
  let prev2 = 0x0a;
  let lines = 1;
  for await (const chunk of createReadStream(path, {
    highWaterMark: 64 * 1024,
  }) as AsyncIterable<Uint8Array>) {
    for (const b of chunk) {
      if (e.utf8) {
        if (need > 0) {
          if (continuation(b)) need--;
          else broken(lines);
        } else if (b >= 0x80) {
          if (b >= 0xc2 && b <= 0xdf) need = 1;
          else if (b >= 0xe0 && b <= 0xef) need = 2;
          else if (b >= 0xf0 && b <= 0xf4) need = 3;
          else broken(lines);
        }
      }
      if (b === 0x0a) lines++;
      if (b === 0) e.nul++;
      if (b >= 0x80) {
        e.high++;
        if (!isLetter1252(b)) e.notLetters1252++;
        if (TONE_1258.has(b) && VOWEL_1258.has(prev)) e.vietnamese1258++;
      }
      if ((prev === 0xd0 || prev === 0xf0) && isAsciiLetter(b) && !isAsciiLetter(prev2) && prev2 < 0x80)
        e.vietnamese1258++;
      if (prev2 >= 0xe0 && prev2 <= 0xef && continuation(prev) && continuation(b)) e.utf8Triples++;
      prev2 = prev;
      prev = b;
    }
  }
  if (e.utf8 && need > 0) broken(lines);
  return e;
}

function decoderFor(label: string): TextDecoder {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false });
  } catch {
    throw new CsvFileError(`this Node.js cannot read ${label} (built without full ICU). ${SAVE_AS_UTF8}`);
  }
}

function fileSource(path: string, encoding: string, label: string): CsvSource {
  decoderFor(label); // refuse now rather than after the header
  return {
    encoding,
    async *chunks() {
      const decoder = decoderFor(label);
      let lines = 1;
      try {
        for await (const chunk of createReadStream(path, {
          highWaterMark: 64 * 1024,
        }) as AsyncIterable<Uint8Array>) {
          yield decoder.decode(chunk, { stream: true });
          for (const b of chunk) if (b === 0x0a) lines++;
        }
        yield decoder.decode();
      } catch (err) {
        if (err instanceof TypeError)
          throw new CsvFileError(`line ${lines}: bytes that are not valid ${encoding}. ${SAVE_AS_UTF8}`);
        throw err;
      }
    },
  };
}

/** Checks the size and the encoding of a CSV file; throws CsvFileError with the reason. */
export async function openCsvFile(path: string, maxBytes = MAX_CSV_BYTES): Promise<CsvSource> {
  const stat = statSync(path);
  if (!stat.isFile()) throw new CsvFileError(`${path} is not a file`);
  const size = stat.size;
  if (size > maxBytes) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    throw new CsvFileError(
      `${path} is ${mb(size)}; the limit is ${mb(maxBytes)}. Split it into several files and import them one after another (units may refer to parents imported before).`,
    );
  }
  const head = new Uint8Array(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (startsWith(head, BYTES.zip))
    throw new CsvFileError(`${path} is an Excel workbook (.xlsx), not a CSV file. ${SAVE_AS_UTF8}`);
  if (startsWith(head, BYTES.ole))
    throw new CsvFileError(`${path} is an old Excel workbook (.xls), not a CSV file. ${SAVE_AS_UTF8}`);
  if (startsWith(head, BYTES.utf32le))
    throw new CsvFileError(`${path} is in UTF-32, which is not read. ${SAVE_AS_UTF8}`);
  if (startsWith(head, BYTES.utf8Bom)) return fileSource(path, 'UTF-8 with BOM', 'utf-8');
  if (startsWith(head, BYTES.utf16le)) return fileSource(path, 'UTF-16LE', 'utf-16le');
  if (startsWith(head, BYTES.utf16be)) return fileSource(path, 'UTF-16BE', 'utf-16be');

  const e = await gatherEvidence(path);
  if (e.nul > 0)
    throw new CsvFileError(
      `${path} contains NUL bytes: UTF-16 without a byte order mark, or not a text file. ${SAVE_AS_UTF8}`,
    );
  if (e.utf8) return fileSource(path, 'UTF-8', 'utf-8');
  if (e.utf8Triples > 0)
    throw new CsvFileError(
      `${path} is UTF-8 with bytes that are not UTF-8 from line ${e.firstBadLine} (a damaged file, or two files pasted together). ${SAVE_AS_UTF8}`,
    );
  if (e.vietnamese1258 > 0) return fileSource(path, 'Windows-1258', 'windows-1258');
  if (e.notLetters1252 === 0) return fileSource(path, 'Windows-1252', 'windows-1252');
  throw new CsvFileError(
    `${path} is not UTF-8 (from line ${e.firstBadLine}) and not recognisably Windows-1258 or Windows-1252; it may be TCVN3 (ABC), VNI or another code page. ${SAVE_AS_UTF8}`,
  );
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

/**
 * The header (lower case) and the rows of a CSV, comma or semicolon separated (Excel writes ";" in
 * Vietnamese regional settings), CRLF or LF; values trimmed and NFC-normalised (Windows-1258 writes
 * tone marks as separate characters).
 */
export async function readCsvTable(input: string | CsvSource): Promise<CsvTable> {
  const source = typeof input === 'string' ? csvText(input) : input;
  const legacy = source.encoding.startsWith('Windows-');
  // The separator is chosen from the first line, read from a first pass over the first chunk(s).
  let first = '';
  for await (const chunk of source.chunks()) {
    first += chunk;
    if (/\r|\n/.test(first) || first.length > MAX_ROW_CHARS) break;
  }
  const firstLine = first.split(/\r\n?|\n/, 1)[0] ?? '';
  const delimiter = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
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
  const text = Readable.from(source.chunks());
  // pipe() does not pass a source's error on: without this a bad byte would leave the parser waiting.
  text.on('error', (err) => parser.destroy(err));
  const records = text.pipe(parser);
  const iterator = (records as AsyncIterable<{ record: string[]; info: { lines: number } }>)[
    Symbol.asyncIterator
  ]();
  const next = async () => {
    try {
      return await iterator.next();
    } catch (err) {
      throw csvProblem(err, source.encoding);
    }
  };
  const head = await next();
  const header = head.done ? [] : head.value.record.map((h) => h.trim().toLowerCase());
  async function* rows(): AsyncGenerator<CsvRow> {
    for (let r = await next(); !r.done; r = await next()) {
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

export type WholeNumber = { ok: true; value: number } | { ok: false };

/**
 * A count as people write it: `1234`, or `1.234` with dots between groups of three (the Vietnamese
 * thousands separator). `25.5`, `25,5`, `1,234`, `-3`, `1e3` are not whole numbers: a decimal is
 * refused, never read as 255 or 25.
 */
export function parseWholeNumber(text: string, max = Number.MAX_SAFE_INTEGER): WholeNumber {
  const t = text.trim();
  if (!/^\d+$/.test(t) && !/^\d{1,3}(\.\d{3})+$/.test(t)) return { ok: false };
  const value = Number(t.replace(/\./g, ''));
  return Number.isSafeInteger(value) && value <= max ? { ok: true, value } : { ok: false };
}
