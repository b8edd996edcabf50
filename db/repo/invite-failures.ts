import { and, desc, eq, gt, lt } from 'drizzle-orm';
import { inviteFailures } from '../schema';
import type { Db, Write } from '../types';

/** The times of the latest `max` failures of a scope since `since` (ms), newest first. */
export async function recentFailures(db: Db, scope: string, since: number, max: number): Promise<number[]> {
  const rows = await db
    .select({ at: inviteFailures.at })
    .from(inviteFailures)
    .where(and(eq(inviteFailures.scope, scope), gt(inviteFailures.at, since)))
    .orderBy(desc(inviteFailures.at))
    .limit(max)
    .all();
  return rows.map((r) => r.at);
}

/** One failure, counted against each of the scopes. */
export function recordFailure(db: Db, newId: () => string, scopes: readonly string[], now: Date): Write[] {
  return scopes.map((scope) => db.insert(inviteFailures).values({ id: newId(), scope, at: now.getTime() }));
}

export function pruneFailures(db: Db, olderThan: Date): Write {
  return db.delete(inviteFailures).where(lt(inviteFailures.at, olderThan.getTime()));
}
