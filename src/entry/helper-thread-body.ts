/**
 * The helper thread's body (started by helper-thread.ts): its own read-only connection to the
 * runtime's database, the summary renderers, every long read, and the scheduler tick, whose write
 * sets go back to the main thread to be committed there.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnly } from '../../db/sqlite';
import type { Store } from '../../db/types';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { longReadNames, runLongRead } from '../offload';
import { tick } from '../scheduler/tick';
import { randomId } from '../util/ids';
import type { HelperMessage, HelperRequest, SqlStatement } from './helper-thread';
import { installNodeSummaryRenderers } from './node-summary-renderers';
// Every module that defines a long read, so that the thread knows each one the bot may call
// (test/entry/helper-thread.test.ts compares the names with the runtime's).
import '../bot/unit-lookup';
import '../domain/summaries/compute';
import '../domain/summaries/digest';
import '../domain/summaries/laggards';
import '../domain/summaries/renderers';
import '../domain/summaries/target';
import '../domain/supervision/coverage';
import '../http/dashboard/laggards';

const port = parentPort!;
const send = (m: HelperMessage) => port.postMessage(m);
const { path, config } = workerData as { path: string; config: Config };
const { db } = openReadOnly(path);
installNodeSummaryRenderers();

const commits = new Map<number, { resolve(): void; reject(err: Error): void }>();
let nextCommit = 0;

/** Reads here; every write set goes to the main thread's group commit and is awaited. */
const store: Store = {
  db,
  commit(writes) {
    if (writes.length === 0) return Promise.resolve();
    const statements: SqlStatement[] = writes.map((w) => {
      const { sql, params } = (w as unknown as { toSQL(): SqlStatement }).toSQL();
      return { sql, params };
    });
    return new Promise((resolve, reject) => {
      const id = ++nextCommit;
      commits.set(id, { resolve, reject });
      send({ commit: id, statements });
    });
  },
};

const log = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: Record<string, unknown>) =>
  send({ log: { level, msg, data } });

const deps: Deps = {
  config,
  store,
  channels: {},
  clock: () => new Date(),
  newId: randomId,
  log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  kick: () => send({ kick: true }),
};

port.on('message', async (m: HelperRequest) => {
  if ('committed' in m) {
    const c = commits.get(m.committed);
    commits.delete(m.committed);
    if (m.error === undefined) c?.resolve();
    else c?.reject(new Error(m.error));
    return;
  }
  let reply: HelperMessage;
  try {
    const value = 'tick' in m ? await tick(deps, new Date(m.tick)) : await runLongRead(m.name, db, m.args);
    reply = { id: m.id, ok: true, value };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply = { id: m.id, ok: false, error: { name: e.name, message: e.message } };
  }
  send(reply);
});
send({ ready: longReadNames() });
