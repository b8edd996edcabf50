/**
 * How the import verbs read a file: size and encoding checked first, rows streamed, writes run in
 * chunks inside one transaction that commits only if no row had an error. Node-only (the CLI).
 */
import { existsSync } from 'node:fs';
import { bulkTransaction, type NodeDatabase } from '../../db/sqlite';
import { CsvFileError, type CsvSource, openCsvFile } from './csv';
import type { ImportOptions } from './write-buffer';

/** Enough to fix a file by; the rest are counted. */
const SHOWN_ERRORS = 50;

export type ImportOutcome<P> = { ok: true; plan: P; encoding: string } | { ok: false; message: string };

export async function importFile<P extends { errors: string[] }>(
  database: NodeDatabase,
  file: string | undefined,
  plan: (source: CsvSource, opts: ImportOptions) => Promise<P>,
): Promise<ImportOutcome<P>> {
  if (!file || !existsSync(file)) return { ok: false, message: `File not found: ${file ?? '(none)'}` };
  let source: CsvSource;
  try {
    source = await openCsvFile(file);
  } catch (err) {
    if (err instanceof CsvFileError) return { ok: false, message: `Nothing imported: ${err.message}` };
    throw err;
  }
  const tx = bulkTransaction(database.sqlite);
  try {
    const result = await plan(source, { sink: (writes) => tx.run(writes) });
    if (result.errors.length) {
      tx.rollback();
      const more = result.errors.length - SHOWN_ERRORS;
      const shown = result.errors.slice(0, SHOWN_ERRORS).join('\n');
      return {
        ok: false,
        message: `Nothing imported; fix these rows:\n${shown}${more > 0 ? `\n… and ${more} more` : ''}`,
      };
    }
    tx.commit();
    return { ok: true, plan: result, encoding: source.encoding };
  } catch (err) {
    tx.rollback();
    if (err instanceof CsvFileError) return { ok: false, message: `Nothing imported: ${err.message}` };
    throw err;
  }
}

/** Tells the operator when a file was not UTF-8, so that a wrong guess would be noticed at once. */
export function readAs(file: string, encoding: string): void {
  if (!encoding.startsWith('UTF-8')) console.error(`Read ${file} as ${encoding}.`);
}
