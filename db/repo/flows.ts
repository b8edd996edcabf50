import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { preparedFor } from '../prepared';
import { flows } from '../schema';
import type { Db, Write } from '../types';

export interface FlowState {
  kind: string;
  step: string;
  data: Record<string, unknown>;
  /** Button data offered last, so a typed "2" can stand for the second button. */
  choices?: string[];
}

/** Flows left alone this long are forgotten (a half-written report is kept much longer by its feature). */
export const FLOW_TTL_MS = 30 * 24 * 3600 * 1000;

const flowByKey = preparedFor((db) =>
  db
    .select()
    .from(flows)
    .where(eq(flows.key, sql.placeholder('key')))
    .prepare(),
);

export async function loadFlow(db: Db, key: string, now: Date): Promise<FlowState | null> {
  const row = await flowByKey(db).get({ key });
  if (!row || row.expiresAt < now.getTime()) return null;
  return {
    kind: row.kind,
    step: row.step,
    data: JSON.parse(row.data) as Record<string, unknown>,
    choices: row.choices ? (JSON.parse(row.choices) as string[]) : undefined,
  };
}

export function saveFlow(db: Db, key: string, personId: string, flow: FlowState, now: Date): Write {
  const values = {
    personId,
    kind: flow.kind,
    step: flow.step,
    data: JSON.stringify(flow.data),
    choices: flow.choices ? JSON.stringify(flow.choices) : null,
    updatedAt: now.getTime(),
    expiresAt: now.getTime() + FLOW_TTL_MS,
  };
  return db
    .insert(flows)
    .values({ key, ...values })
    .onConflictDoUpdate({ target: flows.key, set: values });
}

export function clearFlow(db: Db, key: string): Write {
  return db.delete(flows).where(eq(flows.key, key));
}

/**
 * Where a chat's flow of one kind waits while another command runs: the active flow lives under the
 * chat's key, each put-aside one under the chat's key and its kind, so a chat keeps at most one draft
 * per command and the active flow stays a single row.
 */
export function draftKey(chatKey: string, kind: string): string {
  return `${chatKey}#${kind}`;
}

/** The keys of a chat's put-aside flows: a prefix range, not LIKE (chat ids may hold "_" or "%"). */
const draftsOf = (chatKey: string) => and(gte(flows.key, `${chatKey}#`), lt(flows.key, `${chatKey}$`));

export async function hasDrafts(db: Db, chatKey: string): Promise<boolean> {
  return (await db.select({ key: flows.key }).from(flows).where(draftsOf(chatKey)).limit(1).all()).length > 0;
}

/** The commands whose drafts a chat has put aside. */
export async function draftKinds(db: Db, chatKey: string): Promise<string[]> {
  return (await db.select({ kind: flows.kind }).from(flows).where(draftsOf(chatKey)).all()).map(
    (r) => r.kind,
  );
}

/** Every put-aside flow of a chat (huy drops them with the active one). */
export function clearDrafts(db: Db, chatKey: string): Write {
  return db.delete(flows).where(draftsOf(chatKey));
}
