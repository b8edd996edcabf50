/**
 * drizzle over Cloudflare D1: the Worker's Store. D1 has no interactive transactions; a write set is
 * one `batch()`, which D1 runs as a single implicit transaction (all statements land or none does).
 */
import { drizzle } from 'drizzle-orm/d1';
import type { QueryMeter } from './budget';
import * as schema from './schema';
import type { Db, Store, Write } from './types';

export function createD1Store(d1: D1Database, meter?: QueryMeter): Store {
  const db = drizzle(meter ? meteredD1(d1, meter) : d1, { schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db,
    async commit(writes) {
      if (writes.length === 0) return;
      await db.batch(writes as unknown as readonly [Write, ...Write[]]);
    },
  };
}

/**
 * The binding with every call that reaches D1 counted as D1 counts them: each statement run on its
 * own, each `batch()` (however many statements it holds) and each `exec()` is one query.
 */
export function meteredD1(d1: D1Database, meter: QueryMeter): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const counted = <T>(run: () => Promise<T>) => {
      meter.spend();
      return run();
    };
    const wrapped = {
      bind: (...values: unknown[]) => wrap(stmt.bind(...values)),
      first: (column?: string) => counted(() => (column === undefined ? stmt.first() : stmt.first(column))),
      run: () => counted(() => stmt.run()),
      all: () => counted(() => stmt.all()),
      raw: (options?: { columnNames?: boolean }) => counted(() => stmt.raw(options as { columnNames: true })),
    } as unknown as D1PreparedStatement;
    real.set(wrapped, stmt);
    return wrapped;
  };
  return {
    prepare: (query: string) => wrap(d1.prepare(query)),
    batch: (statements: D1PreparedStatement[]) => {
      meter.spend();
      return d1.batch(statements.map((s) => real.get(s) ?? s));
    },
    exec: (query: string) => {
      meter.spend();
      return d1.exec(query);
    },
    dump: () => d1.dump(),
    withSession: (constraint?: string) => d1.withSession(constraint),
  } as unknown as D1Database;
}
