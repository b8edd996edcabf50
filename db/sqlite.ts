/**
 * better-sqlite3 + drizzle for Node: opens the file, applies the committed migrations, and provides a
 * Store whose commits are grouped. Node-only (fs, native addon): imported by the Node entry, CLI,
 * tests and benchmarks, never by shared code.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import type { Db, Store, Write } from './types';

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface NodeDatabase {
  sqlite: Database.Database;
  store: Store;
  close(): void;
}

/** The database file could not be opened or migrated; `message` says why in an operator's words. */
export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError';
}

const SQLITE_PROBLEMS: Record<string, string> = {
  SQLITE_CANTOPEN: 'cannot open it (is it a folder, or in a folder this user may not write to?)',
  SQLITE_NOTADB: 'this file is not a SQLite database (wrong path, or a damaged file: restore a backup)',
  SQLITE_CORRUPT: 'the database file is damaged (restore a backup)',
  SQLITE_READONLY: 'the file is read-only for this user',
  SQLITE_BUSY: 'the file is locked by another program',
  SQLITE_FULL: 'the disk is full',
};

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const known =
    SQLITE_PROBLEMS[code] ?? Object.entries(SQLITE_PROBLEMS).find(([k]) => code.startsWith(k))?.[1];
  if (known) return known;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
  if (code === 'EROFS') return 'the disk is read-only';
  if (/directory does not exist/.test(e?.message ?? ''))
    return 'its folder does not exist and cannot be created';
  return e?.message ?? String(err);
}

/**
 * The file and its -wal/-shm hold message texts and names: only the bot's own user may read them.
 * SQLite gives the -wal and -shm files the mode of the database file, so creating that one 0600 is
 * enough; an existing file left readable by others (an older version, a copy) is tightened.
 */
function prepareFile(path: string): void {
  const full = resolve(path);
  mkdirSync(dirname(full), { recursive: true, mode: 0o700 });
  if (!existsSync(full)) closeSync(openSync(full, 'a', 0o600));
  for (const f of [full, `${full}-wal`, `${full}-shm`]) {
    const st = existsSync(f) ? statSync(f) : null;
    if (st?.isFile() && (st.mode & 0o077) !== 0) chmodSync(f, 0o600);
  }
}

export function openDatabase(path: string): NodeDatabase {
  let sqlite: Database.Database | undefined;
  try {
    if (path !== ':memory:') prepareFile(path);
    sqlite = new Database(path);
    return setUp(sqlite);
  } catch (err) {
    sqlite?.close();
    throw new DatabaseFileError(describe(err), { cause: err });
  }
}

function setUp(sqlite: Database.Database): NodeDatabase {
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode keeps every commit atomic and durable against a process crash (kill -9);
  // only an OS crash or power loss can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Checkpoint every ~16 MiB of WAL instead of 4 MiB: each checkpoint syncs the file, and under a burst
  // of webhooks they came twice a second. The WAL file is truncated back after a checkpoint.
  sqlite.pragma('wal_autocheckpoint = 4000');
  sqlite.pragma('journal_size_limit = 67108864');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' });
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  reusePreparedStatements(sqlite);
  return { sqlite, store: createGroupCommitStore(sqlite, db as unknown as Db), close: () => sqlite.close() };
}

/**
 * A second, read-only connection to a database another connection of this process keeps open and
 * migrated (the runtime's helper thread). In WAL mode it reads the last commit without waiting for
 * the writer, and the writer never waits for it.
 */
export function openReadOnly(path: string): { db: Db; close(): void } {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  reusePreparedStatements(sqlite);
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' }) as unknown as Db;
  return { db, close: () => sqlite.close() };
}

/**
 * drizzle prepares every query anew (~12 µs each, eight or so per update); better-sqlite3 statements
 * can be reused, so the most recent ones are kept by SQL text. Measured by `npm run bench`.
 */
export function reusePreparedStatements(sqlite: Database.Database, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const hit = cache.get(source);
    // A statement still iterating cannot run again; such callers get a fresh one.
    if (hit && !hit.busy) {
      cache.delete(source);
      cache.set(source, hit);
      // drizzle switches a statement to raw mode when it wants arrays; start every use from the default.
      if (hit.reader) hit.raw(false);
      return hit;
    }
    const stmt = prepare(source);
    if (!hit) {
      cache.set(source, stmt);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
    }
    return stmt;
  }) as typeof sqlite.prepare;
}

interface Pending {
  writes: readonly Write[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: write sets submitted in the same turn of the event loop share one transaction, each
 * inside its own savepoint so that a failing set (a duplicate update, a used invite) rolls back alone.
 * One fsync-bound commit per batch instead of one per request is what keeps the webhook fast.
 */
export function createGroupCommitStore(sqlite: Database.Database, db: Db): Store {
  let queue: Pending[] = [];
  let scheduled = false;
  const savepoint = sqlite.prepare('SAVEPOINT ws');
  const release = sqlite.prepare('RELEASE ws');
  const rollbackTo = sqlite.prepare('ROLLBACK TO ws');

  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const outcomes: (unknown | null)[] = [];
    try {
      // Inside the try: BEGIN itself fails when the file is locked past busy_timeout (a long backup,
      // another process) or closed; that must reject this batch, not throw out of setImmediate.
      sqlite.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        // One statement is atomic on its own (a failing one undoes just itself); a set of several
        // gets a savepoint so that it lands whole or not at all.
        const single = item.writes.length === 1;
        if (!single) savepoint.run();
        try {
          for (const w of item.writes) (w as unknown as { run(): unknown }).run();
          if (!single) release.run();
          outcomes.push(null);
        } catch (err) {
          if (!single) {
            rollbackTo.run();
            release.run();
          }
          outcomes.push(err ?? new Error('write failed'));
        }
      }
      sqlite.exec('COMMIT');
    } catch (err) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      for (const item of batch) item.reject(err);
      return;
    }
    batch.forEach((item, i) => {
      const err = outcomes[i];
      if (err) item.reject(err);
      else item.resolve();
    });
  };

  return {
    db,
    commit(writes) {
      if (writes.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ writes, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}

/**
 * A write as a prepared better-sqlite3 statement, for the hottest Node-only path (accepting a webhook
 * update), where building the statement through drizzle costs more than running it. The group-commit
 * store runs it like any other write.
 */
export function preparedWrite(statement: Database.Statement, params: unknown[]): Write {
  return { run: () => statement.run(...params) } as unknown as Write;
}

/** Write statements given as SQL and parameters (from the helper thread's jobs) as one write set. */
export function statementWrites(
  sqlite: Database.Database,
  statements: readonly { sql: string; params: unknown[] }[],
): Write[] {
  return statements.map((s) => preparedWrite(sqlite.prepare(s.sql), s.params));
}

/**
 * One transaction that a CLI import fills in chunks (a file too large to hold as one write set):
 * all its writes land at commit(), none after rollback(). Node-only, on a connection nothing else
 * writes through meanwhile.
 */
export function bulkTransaction(sqlite: Database.Database): {
  run(writes: readonly Write[]): void;
  commit(): void;
  rollback(): void;
} {
  sqlite.exec('BEGIN IMMEDIATE');
  return {
    run(writes) {
      for (const w of writes) (w as unknown as { run(): unknown }).run();
    },
    commit: () => sqlite.exec('COMMIT'),
    rollback: () => {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    },
  };
}
