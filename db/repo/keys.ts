import { eq, lt, sql } from 'drizzle-orm';
import { preparedFor } from '../prepared';
import { processedKeys } from '../schema';
import type { Db, Write } from '../types';

const processed = preparedFor((db) =>
  db
    .select({ key: processedKeys.key })
    .from(processedKeys)
    .where(eq(processedKeys.key, sql.placeholder('key')))
    .prepare(),
);

export async function isProcessed(db: Db, key: string): Promise<boolean> {
  return (await processed(db).get({ key })) !== undefined;
}

/** Fails the write set it is part of when the key was already used: that is the point. */
export function markProcessed(db: Db, key: string, now: Date): Write {
  return db.insert(processedKeys).values({ key, at: now.getTime() });
}

export function pruneProcessed(db: Db, olderThan: Date): Write {
  return db.delete(processedKeys).where(lt(processedKeys.at, olderThan.getTime()));
}
