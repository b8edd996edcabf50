import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/** A drizzle database on either driver (better-sqlite3 or D1); every call is awaited. */
export type Db = BaseSQLiteDatabase<'sync' | 'async', any, typeof schema>;

/** One write statement, built but not yet run. */
export type Write = BatchItem<'sqlite'>;

/**
 * Runs a set of writes so that all of them land or none does. The Node store groups the sets of
 * many concurrent requests into one SQLite commit; the D1 store sends each set as one `batch()`.
 */
export interface Store {
  readonly db: Db;
  commit(writes: readonly Write[]): Promise<void>;
}
