/**
 * The helper thread's body (started by long-reads.ts): its own read-only connection to the runtime's
 * database, the summary renderers, and every long read, run in place one message at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnly } from '../../db/sqlite';
import { longReadNames, runLongRead } from '../offload';
import type { LongReadReply, LongReadRequest } from './long-reads';
import { installNodeSummaryRenderers } from './node-summary-renderers';
// Every module that defines a long read, so that the thread knows each one the bot may call
// (test/entry/long-reads.test.ts compares the names with the runtime's).
import '../bot/unit-lookup';
import '../domain/summaries/compute';
import '../domain/summaries/digest';
import '../domain/summaries/laggards';
import '../domain/summaries/renderers';
import '../domain/summaries/target';
import '../domain/supervision/coverage';

const port = parentPort!;
const { db } = openReadOnly((workerData as { path: string }).path);
installNodeSummaryRenderers();

port.on('message', async ({ id, name, args }: LongReadRequest) => {
  let reply: LongReadReply;
  try {
    reply = { id, ok: true, value: await runLongRead(name, db, args) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id, ok: false, error: { name: e.name, message: e.message } };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: longReadNames() });
