/**
 * The webhook's fast path: an update is made durable in the `inbox` table (one row, shared group
 * commit) and answered 200 at once; handling follows in the background, one update at a time per
 * chat, many chats at once. A crash after the 200 loses nothing: the row is still there on restart.
 * Handling is at most once per update key (processed keys), so reprocessing a row is harmless.
 */
import { sql } from 'drizzle-orm';
import { inbox } from '../../db/schema';
import type { Store } from '../../db/types';
import type { IncomingMessage } from '../channels/types';
import type { Deps } from '../deps';
import { handleIncoming } from './handle';

type InboxRow = typeof inbox.$inferSelect;

const GIVE_UP_AFTER_MS = 10 * 60_000;

/** The row an accepted update becomes (the Node runtime writes it with a prepared statement). */
export function inboxRow(msg: IncomingMessage, now: Date) {
  return {
    updateKey: msg.updateKey,
    chatKey: `${msg.platform}:${msg.chatId}`,
    payload: JSON.stringify(msg),
    receivedAt: now.getTime(),
  };
}

export async function acceptUpdate(store: Store, msg: IncomingMessage, now: Date): Promise<void> {
  await store.commit([store.db.insert(inbox).values(inboxRow(msg, now))]);
}

export interface InboxProcessor {
  /** Handles the oldest waiting update of up to `batch` chats; returns how many it took. */
  processOnce(): Promise<number>;
  /** Rounds until the inbox is empty or the budget is spent. */
  drain(budgetMs: number): Promise<number>;
  backlog(): Promise<number>;
  /** Frees rows leased by a process that is gone (a Node start after a crash owns the file alone). */
  releaseLeases(): Promise<void>;
}

export function createInboxProcessor(
  deps: Deps,
  opts: { batch?: number; leaseMs?: number } = {},
): InboxProcessor {
  const batch = Math.max(1, Math.min(opts.batch ?? 64, 90));
  const leaseMs = opts.leaseMs ?? 60_000;
  const db = deps.store.db;

  // Only the head of each chat's queue: a chat's next update waits until the previous one is done.
  // The scan looks at the oldest rows only (leased ones included, in order), so a chat's first row
  // there is its head, and the cost does not grow with the backlog.
  const claim = async (nowMs: number): Promise<InboxRow[]> => {
    const oldest = (await db.all(
      sql`SELECT seq, chat_key AS chatKey, lease_until AS leaseUntil FROM inbox ORDER BY seq LIMIT ${sql.raw(String(batch * 16))}`,
    )) as Pick<InboxRow, 'seq' | 'chatKey' | 'leaseUntil'>[];
    const seen = new Set<string>();
    const heads: number[] = [];
    for (const r of oldest) {
      if (seen.has(r.chatKey)) continue;
      seen.add(r.chatKey);
      if (r.leaseUntil === null || r.leaseUntil < nowMs) heads.push(r.seq);
      if (heads.length >= batch) break;
    }
    if (heads.length === 0) return [];
    // The lease condition again, so two processors never take the same row. The heads go in as one
    // JSON parameter: one statement text for every claim, prepared once.
    return (await db.all(sql`
      UPDATE inbox SET lease_until = ${nowMs + leaseMs}
      WHERE seq IN (SELECT value FROM json_each(${JSON.stringify(heads)}))
        AND (lease_until IS NULL OR lease_until < ${nowMs})
      RETURNING seq, update_key AS updateKey, chat_key AS chatKey, payload, received_at AS receivedAt, lease_until AS leaseUntil`)) as InboxRow[];
  };

  const handleRow = async (row: InboxRow) => {
    try {
      await handleIncoming(deps, JSON.parse(row.payload) as IncomingMessage);
      await deps.store.commit([db.delete(inbox).where(sql`seq = ${row.seq}`)]);
    } catch (err) {
      // The lease runs out and the row is tried again; its processed key keeps that harmless. An
      // update that still fails after ten minutes is given up, so it cannot hold its chat's queue.
      const giveUp = deps.clock().getTime() - row.receivedAt > GIVE_UP_AFTER_MS;
      deps.log.error(giveUp ? 'inbox update given up' : 'inbox update failed', {
        updateKey: row.updateKey,
        error: err instanceof Error ? err.message : String(err),
      });
      if (giveUp) await deps.store.commit([db.delete(inbox).where(sql`seq = ${row.seq}`)]).catch(() => {});
    }
  };

  const processOnce = async () => {
    const rows = await claim(deps.clock().getTime());
    await Promise.all(rows.map(handleRow));
    return rows.length;
  };

  return {
    processOnce,
    async drain(budgetMs) {
      const until = deps.clock().getTime() + budgetMs;
      let total = 0;
      for (;;) {
        const n = await processOnce();
        total += n;
        if (n === 0 || deps.clock().getTime() >= until) return total;
      }
    },
    async releaseLeases() {
      await deps.store.commit([db.update(inbox).set({ leaseUntil: null })]);
    },
    async backlog() {
      const row = (await db.all(sql`SELECT count(*) AS n FROM inbox`)) as { n: number }[];
      return row[0]?.n ?? 0;
    },
  };
}
