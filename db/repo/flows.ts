import { eq, sql } from 'drizzle-orm';
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
