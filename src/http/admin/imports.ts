/**
 * POST /admin/import-{units,people,assignments}: the CSV file as the request body, exactly as it is
 * on disk (any encoding the CLI reads). Every request checks the whole file against the database
 * and writes nothing if a row is wrong; otherwise it writes the next batch of whole steps that fits
 * the request's query budget (one D1 batch, all or nothing) and says how many rows are left. The
 * client repeats the same request until `done`: rows already written are recognised by their key
 * (unit code; person, unit and role; a cell's assignments), so a repeat or a resumed import never
 * writes a row twice.
 */
import type { Context } from 'hono';
import { CsvFileError, csvBytes } from '../../csv/source';
import type { Deps } from '../../deps';
import type { ImportSummary, ImportVerb } from '../../operator/imports';
import { refusedFile, refusedRows } from '../../operator/report';
import { batchSink, stepsAudit } from '../../operator/steps';

/** Reads of a plan (five tables at most) and the batch's audit row, kept out of the write budget. */
const RESERVED_QUERIES = 10;

export interface ImportResponse {
  ok: true;
  encoding: string;
  /** True when this request wrote the last of it (or nothing was left to write). */
  done: boolean;
  rows: number;
  /** Rows of the file written by this request. */
  writtenRows: number;
  /** Rows still to write after this request. */
  pendingRows: number;
  /** The plan as it stood at this request; invites only once done (then every row's). */
  summary: ImportSummary;
}

/** The file's name as the operator gave it, for messages only. */
function fileName(c: Context): string {
  const given = (c.req.query('file') ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 200);
  return given || 'the file';
}

export function importHandler(deps: Deps, verb: ImportVerb) {
  return async (c: Context) => {
    const now = deps.clock();
    const name = fileName(c);
    const refuse = (message: string) => c.json({ ok: false, message }, 422);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const batch = batchSink(Math.max(1, deps.config.D1_QUERY_LIMIT - RESERVED_QUERIES));
    let plan: Awaited<ReturnType<ImportVerb['plan']>>;
    let encoding: string;
    try {
      const source = await csvBytes(name, bytes);
      encoding = source.encoding;
      plan = await verb.plan({ db: deps.store.db, now, newId: deps.newId, config: deps.config }, source, {
        sink: batch.sink,
      });
    } catch (err) {
      if (err instanceof CsvFileError) return refuse(refusedFile(err.message));
      throw err;
    }
    if (plan.errors.length) return refuse(refusedRows(plan.errors));
    const writes = batch.writes();
    if (writes.length > 0) {
      const audit = stepsAudit(deps.store.db, deps.newId, verb.audit, 'admin', batch.tally(), now, {
        pendingRows: batch.pendingRows(),
      });
      await deps.store.commit([...writes, audit]);
    }
    const done = batch.complete();
    deps.log.info('admin import', {
      verb: verb.name,
      rows: plan.rows,
      writtenRows: batch.rows(),
      pendingRows: batch.pendingRows(),
    });
    const { invites, ...counts } = plan.summary;
    const body: ImportResponse = {
      ok: true,
      encoding,
      done,
      rows: plan.rows,
      writtenRows: batch.rows(),
      pendingRows: batch.pendingRows(),
      summary: done ? plan.summary : counts,
    };
    return c.json(body);
  };
}
