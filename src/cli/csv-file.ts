/**
 * A CSV file on disk, for the CLI: refused early when it is a folder or too large, its encoding
 * detected from its bytes, read as a stream (src/csv/ does the portable part). Node-only.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { CsvFileError, type CsvSource, detectCsvSource, MAX_CSV_BYTES, sizeProblem } from '../csv/source';

/** A folder, or a file over the limit, is refused before it is read. */
function checkFile(path: string, maxBytes: number): void {
  const stat = statSync(path);
  if (!stat.isFile()) throw new CsvFileError(`${path} is not a file`);
  const tooBig = sizeProblem(path, stat.size, maxBytes);
  if (tooBig) throw new CsvFileError(tooBig);
}

/** Checks the size and the encoding of a CSV file; throws CsvFileError with the reason. */
export async function openCsvFile(path: string, maxBytes = MAX_CSV_BYTES): Promise<CsvSource> {
  checkFile(path, maxBytes);
  const head = new Uint8Array(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return detectCsvSource(path, head, () => createReadStream(path, { highWaterMark: 64 * 1024 }));
}

/** A CSV file's bytes, to send to a server: the same refusals as openCsvFile before a byte is read. */
export function readCsvFileBytes(path: string, maxBytes = MAX_CSV_BYTES): Uint8Array<ArrayBuffer> {
  checkFile(path, maxBytes);
  return new Uint8Array(readFileSync(path));
}
