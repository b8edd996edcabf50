/**
 * A query prepared once per database. drizzle builds a query's SQL anew on every call (walking the
 * query objects takes longer than SQLite takes to run a lookup by key), so the reads every update
 * makes are built once, with placeholders, and afterwards only run. The same on better-sqlite3 and
 * D1; keyed by the database object, so tests with many databases each get their own.
 */
import type { Db } from './types';

export function preparedFor<Q>(build: (db: Db) => Q): (db: Db) => Q {
  const byDb = new WeakMap<Db, Q>();
  return (db) => {
    let q = byDb.get(db);
    if (q === undefined) {
      q = build(db);
      byDb.set(db, q);
    }
    return q;
  };
}
