/**
 * How the import verbs read a local file: size and encoding checked first, rows streamed, the
 * plan's steps written as they come inside one transaction that commits only if no row had an
 * error, with one audit row for the whole import. Node-only (the CLI).
 */
import { existsSync } from 'node:fs';
import { bulkTransaction, type NodeDatabase } from '../../db/sqlite';
import { CsvFileError, type CsvSource } from '../csv/source';
import type { ImportContext, ImportVerb } from '../operator/imports';
import { failed, noImportFile, type Output, readAs, refusedFile, refusedRows } from '../operator/report';
import { addTallies, stepsAudit } from '../operator/steps';
import { openCsvFile } from './csv-file';

export async function importFile(
  database: NodeDatabase,
  ctx: ImportContext,
  verb: ImportVerb,
  file: string | undefined,
): Promise<Output> {
  if (!file || !existsSync(file)) return noImportFile(verb.name, file);
  let source: CsvSource;
  try {
    source = await openCsvFile(file);
  } catch (err) {
    if (err instanceof CsvFileError) return failed(refusedFile(err.message));
    throw err;
  }
  const tx = bulkTransaction(database.sqlite);
  try {
    const tally: Record<string, number> = {};
    const result = await verb.plan(ctx, source, {
      sink: (step) => {
        tx.run(step.writes);
        addTallies(tally, step.tally);
      },
    });
    if (result.errors.length) {
      tx.rollback();
      return failed(refusedRows(result.errors));
    }
    if (Object.keys(tally).length > 0)
      tx.run([stepsAudit(ctx.db, ctx.newId, verb.audit, 'cli', tally, ctx.now)]);
    tx.commit();
    return verb.report(result.summary, readAs(file, source.encoding));
  } catch (err) {
    tx.rollback();
    if (err instanceof CsvFileError) return failed(refusedFile(err.message));
    throw err;
  }
}
