/**
 * The Node runtime's helper thread: a worker thread with its own read-only connection to the
 * database file, where the work that reads a whole province or the country runs, so that the event
 * loop stays free for webhooks (better-sqlite3 is synchronous: a national summary on the main thread
 * held every request for seconds).
 *
 * - Long reads (src/offload.ts): summaries, laggard lists, exports, charts, digests, unit lookups.
 *   Only the request (names, dates, units) and the answer cross the thread boundary.
 * - The scheduler tick: its jobs read there; each write set they commit is sent back as SQL and
 *   parameters and committed here, in the main connection's group commit (the only writer), before
 *   the job goes on, so the job reads its own writes.
 *
 * Started on first use and stopped after IDLE_MS without work: a province server does not keep a
 * second JavaScript heap for nothing. A thread that cannot start at all (a broken install) degrades
 * to doing the work in place, as before; one that dies during a read (out of memory on a huge export)
 * fails that read only, and the next starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db/types';
import type { Config } from '../config';
import type { Logger } from '../deps';
import { type LongReadRunner, runLongRead } from '../offload';
import type { TickResult } from '../scheduler/tick';

/** One write statement of a job's write set, as the thread sends it. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Main → thread. */
export type HelperRequest =
  | { id: number; name: string; args: unknown[] }
  | { id: number; tick: number }
  | { committed: number; error?: string };

/** Thread → main. */
export type HelperMessage =
  | { ready: string[] }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } }
  | { commit: number; statements: SqlStatement[] }
  | { kick: true }
  | { log: { level: keyof Logger; msg: string; data?: Record<string, unknown> } };

export interface HelperThread {
  run: LongReadRunner;
  /** The scheduler tick at `at`, in the thread. */
  tick(at: Date): Promise<TickResult>;
  /** Whether a thread is running now. */
  readonly running: boolean;
  /** Waits for the work in flight, then stops the thread. */
  close(): Promise<void>;
}

export interface HelperThreadOptions {
  path: string;
  config: Config;
  /** The main connection: long reads run on it when the thread cannot start. */
  db: Db;
  log: Logger;
  /** Commits a write set of the thread's jobs (atomically, like any write set). */
  commit(statements: SqlStatement[]): Promise<void>;
  /** The thread's jobs enqueued messages. */
  kick(): void;
  /** The tick in place, when the thread cannot start. */
  tickInPlace(at: Date): Promise<TickResult>;
  idleMs?: number;
}

const IDLE_MS = 5 * 60_000;
/** A read that needs more than this is stopped (the thread ends) instead of swelling the process. */
const MAX_OLD_GENERATION_MB = 1024;

type Work = { name: string; args: unknown[] } | { tick: Date };

interface Pending {
  work: Work;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export function startHelperThread(opts: HelperThreadOptions): HelperThread {
  const { log } = opts;
  const idleMs = opts.idleMs ?? IDLE_MS;
  let worker: Worker | undefined;
  let ready = false;
  let known = new Set<string>();
  let nextId = 0;
  let closed = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let drained: (() => void) | undefined;
  const pending = new Map<number, Pending>();
  /** Work given while the thread starts; sent once it says which reads it knows. */
  let waiting: number[] = [];

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

  /** The old behaviour, blocking included: the same work on this thread's own connection. */
  const runHere = (id: number) => {
    const p = pending.get(id)!;
    const done =
      'tick' in p.work ? opts.tickInPlace(p.work.tick) : runLongRead(p.work.name, opts.db, p.work.args);
    done.then(p.resolve, p.reject).finally(() => settled(id));
  };

  const post = (id: number) => {
    const { work } = pending.get(id)!;
    if ('tick' in work) return worker!.postMessage({ id, tick: work.tick.getTime() } satisfies HelperRequest);
    // Only a definition missing from helper-thread-body.ts's imports gets here; it still answers.
    if (!known.has(work.name)) {
      log.warn('long read unknown to the helper thread, run in place', { name: work.name });
      return runHere(id);
    }
    worker!.postMessage({ id, name: work.name, args: work.args } satisfies HelperRequest);
  };

  const onMessage = (w: Worker, m: HelperMessage) => {
    if ('ready' in m) {
      ready = true;
      known = new Set(m.ready);
      const queued = waiting;
      waiting = [];
      for (const id of queued) post(id);
    } else if ('commit' in m) {
      opts.commit(m.statements).then(
        () => w.postMessage({ committed: m.commit } satisfies HelperRequest),
        (err: unknown) =>
          w.postMessage({
            committed: m.commit,
            error: err instanceof Error ? err.message : String(err),
          } satisfies HelperRequest),
      );
    } else if ('kick' in m) {
      opts.kick();
    } else if ('log' in m) {
      log[m.log.level](m.log.msg, m.log.data);
    } else {
      const p = pending.get(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.value);
      else p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      settled(m.id);
    }
  };

  const spawn = () => {
    const w = new Worker(new URL('./helper-thread-body.mjs', import.meta.url), {
      workerData: { path: opts.path, config: opts.config },
      resourceLimits: { maxOldGenerationSizeMb: MAX_OLD_GENERATION_MB },
    });
    // An idle thread must not keep the process alive; the runtime closes it on stop.
    w.unref();
    worker = w;
    w.on('message', (m: HelperMessage) => onMessage(w, m));
    const gone = (err: unknown) => {
      if (worker !== w) return;
      const wasReady = ready;
      worker = undefined;
      ready = false;
      const error = err instanceof Error ? err.message : String(err);
      if (!wasReady) {
        log.error('helper thread did not start; working in place', { error });
        const queued = waiting;
        waiting = [];
        for (const id of queued) runHere(id);
        return;
      }
      log.error('helper thread stopped during its work', { error });
      for (const [id, p] of [...pending]) {
        p.reject(new Error(`${'tick' in p.work ? 'tick' : `long read ${p.work.name}`} failed: ${error}`));
        settled(id);
      }
    };
    w.on('error', gone);
    w.on('exit', (code) => gone(new Error(`the thread exited (${code})`)));
  };

  const give = (work: Work) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { work, resolve, reject });
      clearTimeout(idleTimer);
      if (closed) return runHere(id);
      if (!worker) spawn();
      if (ready) post(id);
      else waiting.push(id);
    });

  return {
    get running() {
      return worker !== undefined;
    },
    run: (name, args) => give({ name, args }),
    tick: (at) => give({ tick: at }) as Promise<TickResult>,
    async close() {
      closed = true;
      if (pending.size > 0) await new Promise<void>((r) => (drained = r));
      await stop();
    },
  };
}
