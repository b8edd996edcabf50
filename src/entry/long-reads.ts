/**
 * The Node runtime's helper thread for long reads (src/offload.ts): a worker thread with its own
 * read-only connection to the database file, so that a national summary, a province's export or a
 * chart keeps the event loop free for webhooks while it runs. Only the request (names, dates,
 * units) and the answer cross the thread boundary.
 *
 * Started on the first long read and stopped after IDLE_MS without one: a province server that
 * rarely asks for summaries does not keep a second JavaScript heap for nothing. A thread that
 * cannot start at all (a broken install) degrades to running the reads in place, as before; one that
 * dies during a read (out of memory on a huge export) fails that read only, and the next starts a
 * new thread.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/types';
import type { Logger } from '../deps';
import { type LongReadRunner, runLongRead } from '../offload';

export interface LongReadRequest {
  id: number;
  name: string;
  args: unknown[];
}

export type LongReadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

export interface LongReadThread {
  run: LongReadRunner;
  /** Whether a thread is running now (for tests and /healthz-style checks). */
  readonly running: boolean;
  /** Waits for the reads in flight, then stops the thread. */
  close(): Promise<void>;
}

const IDLE_MS = 5 * 60_000;
/** A read that needs more than this is stopped (the thread ends) instead of swelling the process. */
const MAX_OLD_GENERATION_MB = 1024;

interface Pending {
  name: string;
  args: unknown[];
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export function startLongReadThread(
  path: string,
  db: Db,
  log: Logger,
  opts: { idleMs?: number } = {},
): LongReadThread {
  const idleMs = opts.idleMs ?? IDLE_MS;
  let worker: Worker | undefined;
  let ready = false;
  let known = new Set<string>();
  let nextId = 0;
  let closed = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let drained: (() => void) | undefined;
  const pending = new Map<number, Pending>();
  /** Calls made while the thread starts; sent once it says which reads it knows. */
  let waiting: [number, Pending][] = [];

  const stop = async () => {
    const w = worker;
    worker = undefined;
    ready = false;
    clearTimeout(idleTimer);
    await w?.terminate();
  };

  const settled = (id: number) => {
    pending.delete(id);
    if (pending.size > 0) return;
    drained?.();
    if (!worker || closed) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void stop(), idleMs);
    idleTimer.unref();
  };

  /** The same function on this thread's own connection: the old behaviour, blocking included. */
  const runHere = (id: number, p: Pending) => {
    runLongRead(p.name, db, p.args)
      .then(p.resolve, p.reject)
      .finally(() => settled(id));
  };

  const post = (id: number, p: Pending) => {
    // Only a definition missing from long-reads-thread.ts's imports gets here; it still answers.
    if (!known.has(p.name)) {
      log.warn('long read unknown to the helper thread, run in place', { name: p.name });
      return runHere(id, p);
    }
    worker!.postMessage({ id, name: p.name, args: p.args } satisfies LongReadRequest);
  };

  const spawn = () => {
    const w = new Worker(new URL('./long-reads-thread.mjs', import.meta.url), {
      workerData: { path },
      resourceLimits: { maxOldGenerationSizeMb: MAX_OLD_GENERATION_MB },
    });
    // An idle thread must not keep the process alive; the runtime closes it on stop.
    w.unref();
    worker = w;
    w.on('message', (m: LongReadReply | { ready: string[] }) => {
      if ('ready' in m) {
        ready = true;
        known = new Set(m.ready);
        const queued = waiting;
        waiting = [];
        for (const [id, p] of queued) post(id, p);
        return;
      }
      const p = pending.get(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.value);
      else p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      settled(m.id);
    });
    const gone = (err: unknown) => {
      if (worker !== w) return;
      const wasReady = ready;
      worker = undefined;
      ready = false;
      const error = err instanceof Error ? err.message : String(err);
      if (!wasReady) {
        log.error('long-read thread did not start; reading in place', { error });
        const queued = waiting;
        waiting = [];
        for (const [id, p] of queued) runHere(id, p);
        return;
      }
      log.error('long-read thread stopped during a read', { error });
      for (const [id, p] of [...pending]) {
        p.reject(new Error(`long read ${p.name} failed: ${error}`));
        settled(id);
      }
    };
    w.on('error', gone);
    w.on('exit', (code) => gone(new Error(`the thread exited (${code})`)));
  };

  return {
    get running() {
      return worker !== undefined;
    },
    run(name, args) {
      return new Promise((resolve, reject) => {
        const id = ++nextId;
        const p: Pending = { name, args, resolve, reject };
        pending.set(id, p);
        clearTimeout(idleTimer);
        if (closed) return runHere(id, p);
        if (!worker) spawn();
        if (ready) post(id, p);
        else waiting.push([id, p]);
      });
    },
    async close() {
      closed = true;
      if (pending.size > 0) await new Promise<void>((r) => (drained = r));
      await stop();
    },
  };
}
