/**
 * Long reads: work that reads a whole province or the country (summaries, laggard lists, exports,
 * charts, digests, loose unit lookups) and would hold up everything else while it runs on Node,
 * where better-sqlite3 is synchronous and one national summary takes a second or more of the one
 * event loop. Each is defined once with `longRead(name, fn)` and called like the plain function.
 *
 * On Node the runtime attaches a helper thread to its database (`attachLongReads`): a call on that
 * database runs in the thread, over the thread's own read-only connection, and only the result comes
 * back (structured clone: plain data, dates, byte arrays). Everywhere else (Workers, where D1 is
 * asynchronous already; tests on `:memory:`; the CLI; the helper thread itself) it runs in place, so
 * the figures are the same function's either way. A long read must only read: writes are refused by
 * the thread's read-only connection.
 */
import type { Db } from '../db/types';

/** Runs the long read `name` elsewhere with `args` (everything but the database). */
export type LongReadRunner = (name: string, args: unknown[]) => Promise<unknown>;

type Fn = (db: Db, ...args: any[]) => Promise<unknown>;

const defined = new Map<string, Fn>();
const runners = new WeakMap<object, LongReadRunner>();

export function longRead<A extends unknown[], R>(
  name: string,
  fn: (db: Db, ...args: A) => Promise<R>,
): (db: Db, ...args: A) => Promise<R> {
  if (defined.has(name)) throw new Error(`long read ${name} is defined twice`);
  defined.set(name, fn as Fn);
  return (db, ...args) => {
    const run = runners.get(db);
    return run ? (run(name, args) as Promise<R>) : fn(db, ...args);
  };
}

/** From now on, long reads on `db` go to `run`; `detach` undoes it (the thread is gone). */
export function attachLongReads(db: Db, run: LongReadRunner): { detach(): void } {
  runners.set(db, run);
  return {
    detach() {
      if (runners.get(db) === run) runners.delete(db);
    },
  };
}

/** The helper thread's side: runs a long read in place on its own connection. */
export function runLongRead(name: string, db: Db, args: unknown[]): Promise<unknown> {
  const fn = defined.get(name);
  if (!fn) return Promise.reject(new Error(`unknown long read ${name}`));
  return fn(db, ...args);
}

export function longReadNames(): string[] {
  return [...defined.keys()].sort();
}
