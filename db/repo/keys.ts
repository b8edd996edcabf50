import { eq, inArray, lt, sql } from 'drizzle-orm';
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

/** Old keys, at most PRUNE_AT_ONCE a time (the rest go at the next tick): a backlog of them after
 * downtime would otherwise be one delete of a million rows. */
export const PRUNE_AT_ONCE = 5_000;

export function pruneProcessed(db: Db, olderThan: Date): Write {
  const old = db
    .select({ key: processedKeys.key })
    .from(processedKeys)
    .where(lt(processedKeys.at, olderThan.getTime()))
    .limit(PRUNE_AT_ONCE);
  return db.delete(processedKeys).where(inArray(processedKeys.key, old));
}
