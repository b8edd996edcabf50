/**
 * drizzle over Cloudflare D1: the Worker's Store. D1 has no interactive transactions; a write set is
 * one `batch()`, which D1 runs as a single implicit transaction (all statements land or none does).
 */
import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';
import type { Db, Store, Write } from './types';

export function createD1Store(d1: D1Database): Store {
  const db = drizzle(d1, { schema, casing: 'snake_case' });
  return {
    db: db as unknown as Db,
    async commit(writes) {
      if (writes.length === 0) return;
      await db.batch(writes as unknown as readonly [Write, ...Write[]]);
    },
  };
}
