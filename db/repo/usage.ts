/** Which commands a person uses, counted as they run, so a message nobody understood can name them. */
import { desc, eq, sql } from 'drizzle-orm';
import { commandUsage } from '../schema';
import type { Db, Write } from '../types';

export function countUse(db: Db, personId: string, command: string, now: Date): Write {
  return db
    .insert(commandUsage)
    .values({ personId, command, uses: 1, lastUsedAt: now.getTime() })
    .onConflictDoUpdate({
      target: [commandUsage.personId, commandUsage.command],
      set: { uses: sql`${commandUsage.uses} + 1`, lastUsedAt: now.getTime() },
    });
}

/** The person's commands, most used first (ties: the most recent). */
export async function usualCommands(db: Db, personId: string, limit: number): Promise<string[]> {
  const rows = await db
    .select({ command: commandUsage.command })
    .from(commandUsage)
    .where(eq(commandUsage.personId, personId))
    .orderBy(desc(commandUsage.uses), desc(commandUsage.lastUsedAt))
    .limit(limit)
    .all();
  return rows.map((r) => r.command);
}
