/**
 * CSV bytes as operators bring them, read honestly: the encoding is detected from the bytes (UTF-8
 * with or without BOM, UTF-16 with BOM, Windows-1258 or Windows-1252 when the bytes show it) or the
 * file is refused with a message naming what it is and how to save it as "CSV UTF-8"; the size is
 * bounded; the bytes are decoded chunk by chunk, so memory does not grow with a file read as a
 * stream. Portable (Node and Workers): bytes in, text chunks out; src/cli/csv-file.ts reads files.
 */

/** About 200,000 rows: a whole province's units or people several times over. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** One row (a record, quoted line breaks included) in characters. */
export const MAX_ROW_CHARS = 64 * 1024;

export const SAVE_AS_UTF8 =
  'In Excel: File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)", then import that file.';

/** A file that cannot be read as CSV; the message is for the operator and says what to do. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
}

/** Where rows come from: a file (streamed), bytes received, or a text. Each call reads anew. */
export interface CsvSource {
  /** How the bytes were read: "UTF-8", "UTF-8 with BOM", "UTF-16LE", "Windows-1258", … */
  encoding: string;
  chunks(): AsyncIterable<string>;
}

/** The bytes of a file, from the start, each time it is called. */
export type ByteChunks = () => AsyncIterable<Uint8Array>;

export function csvText(text: string): CsvSource {
  return {
    encoding: 'text',
    async *chunks() {
      yield text.replace(/^\uFEFF/, '');
    },
  };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The refusal of a file over the limit (checked before it is read or sent), or null. */
export function sizeProblem(name: string, size: number, maxBytes = MAX_CSV_BYTES): string | null {
  if (size <= maxBytes) return null;
  return `${name} is ${mb(size)}; the limit is ${mb(maxBytes)}. Split it into several files and import them one after another (units may refer to parents imported before).`;
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

async function gatherEvidence(bytes: ByteChunks): Promise<Evidence> {
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
  for await (const chunk of bytes()) {
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
    throw new CsvFileError(
      `${label} cannot be decoded here (a Node.js built without full ICU?). ${SAVE_AS_UTF8}`,
    );
  }
}

function decoded(bytes: ByteChunks, encoding: string, label: string): CsvSource {
  decoderFor(label); // refuse now rather than after the header
  return {
    encoding,
    async *chunks() {
      const decoder = decoderFor(label);
      let lines = 1;
      try {
        for await (const chunk of bytes()) {
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

/**
 * The encoding of a CSV file from its first bytes (`head`, at least 8 when the file has them) and,
 * when no signature decides, from a pass over all of them; throws CsvFileError with the reason.
 * `name` is how the operator knows the file (its path), used in the messages only.
 */
export async function detectCsvSource(name: string, head: Uint8Array, bytes: ByteChunks): Promise<CsvSource> {
  if (startsWith(head, BYTES.zip))
    throw new CsvFileError(`${name} is an Excel workbook (.xlsx), not a CSV file. ${SAVE_AS_UTF8}`);
  if (startsWith(head, BYTES.ole))
    throw new CsvFileError(`${name} is an old Excel workbook (.xls), not a CSV file. ${SAVE_AS_UTF8}`);
  if (startsWith(head, BYTES.utf32le))
    throw new CsvFileError(`${name} is in UTF-32, which is not read. ${SAVE_AS_UTF8}`);
  if (startsWith(head, BYTES.utf8Bom)) return decoded(bytes, 'UTF-8 with BOM', 'utf-8');
  if (startsWith(head, BYTES.utf16le)) return decoded(bytes, 'UTF-16LE', 'utf-16le');
  if (startsWith(head, BYTES.utf16be)) return decoded(bytes, 'UTF-16BE', 'utf-16be');

  const e = await gatherEvidence(bytes);
  if (e.nul > 0)
    throw new CsvFileError(
      `${name} contains NUL bytes: UTF-16 without a byte order mark, or not a text file. ${SAVE_AS_UTF8}`,
    );
  if (e.utf8) return decoded(bytes, 'UTF-8', 'utf-8');
  if (e.utf8Triples > 0)
    throw new CsvFileError(
      `${name} is UTF-8 with bytes that are not UTF-8 from line ${e.firstBadLine} (a damaged file, or two files pasted together). ${SAVE_AS_UTF8}`,
    );
  if (e.vietnamese1258 > 0) return decoded(bytes, 'Windows-1258', 'windows-1258');
  if (e.notLetters1252 === 0) return decoded(bytes, 'Windows-1252', 'windows-1252');
  throw new CsvFileError(
    `${name} is not UTF-8 (from line ${e.firstBadLine}) and not recognisably Windows-1258 or Windows-1252; it may be TCVN3 (ABC), VNI or another code page. ${SAVE_AS_UTF8}`,
  );
}

/** A CSV file received whole (an upload to /admin): size checked, encoding detected. */
export async function csvBytes(
  name: string,
  bytes: Uint8Array,
  maxBytes = MAX_CSV_BYTES,
): Promise<CsvSource> {
  const tooBig = sizeProblem(name, bytes.length, maxBytes);
  if (tooBig) throw new CsvFileError(tooBig);
  return detectCsvSource(name, bytes.subarray(0, 8), async function* () {
    for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
  });
}
