/**
 * What an import writes, as steps. A step is the statements that must land together (a few people
 * with their roles and invites, a few units of one level of the tree, a cell's assignments); every
 * step leaves the database consistent, and steps come in an order where each one's prerequisites
 * (a unit's parent) are in earlier steps. The CLI runs every step inside one transaction; the admin
 * API packs whole steps, in order, into one batch per request that fits the request's query budget,
 * so an import stopped between requests leaves whole rows, never half of one.
 */
import { audit } from '../../db/repo/audit';
import type { Db, Write } from '../../db/types';
import type { NewId } from '../util/ids';

export interface Step {
  writes: Write[];
  /** Rows of the file this step completes. */
  rows: number;
  /** What the step changes, added up into the audit entry of the batch that carries it. */
  tally: Record<string, number>;
}

export type StepSink = (step: Step) => void | Promise<void>;

export interface ImportOptions {
  /** Where steps go as they are planned; without one they are kept and returned as `writes`. */
  sink?: StepSink;
}

/** The steps of a plan: to the sink as they come, or kept (tests, small plans). */
export function stepCollector(sink?: StepSink) {
  const kept: Write[] = [];
  return {
    async push(step: Step): Promise<void> {
      if (step.writes.length === 0) return;
      if (sink) await sink(step);
      else kept.push(...step.writes);
    },
    /** The writes kept when there is no sink ([] with one). */
    writes: (): Write[] => kept,
  };
}

/** D1 binds at most 100 parameters to one statement; a multi-row INSERT must stay under it. */
export const MAX_BOUND_PARAMETERS = 100;

/** How many rows of `parametersPerRow` bound values one INSERT may carry. */
export function rowsPerInsert(parametersPerRow: number): number {
  return Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / Math.max(1, parametersPerRow)));
}

export function parametersOf(write: Write): number {
  return (write as unknown as { toSQL(): { params: unknown[] } }).toSQL().params.length;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function addTallies(
  into: Record<string, number>,
  from: Record<string, number>,
): Record<string, number> {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

export interface AuditOf {
  action: string;
  entity: string;
}

/** The audit row of a set of steps: what they changed, added up; null when they change nothing. */
export function stepsAudit(
  db: Db,
  newId: NewId,
  what: AuditOf,
  via: 'cli' | 'admin',
  tally: Record<string, number>,
  now: Date,
  extra: Record<string, unknown> = {},
): Write {
  return audit(
    db,
    newId(),
    { via, action: what.action, entity: what.entity, detail: { ...tally, ...extra } },
    now,
  );
}

/**
 * One request's batch: whole steps, in order, while they fit in `budget` statements (a first step
 * larger than the budget goes alone). From the first step that does not fit on, every step is only
 * counted, so that nothing is written ahead of what it depends on.
 */
export function batchSink(budget: number) {
  const taken: Step[] = [];
  let statements = 0;
  let full = false;
  let pendingRows = 0;
  let pendingSteps = 0;
  return {
    sink(step: Step): void {
      if (!full && (taken.length === 0 || statements + step.writes.length <= budget)) {
        taken.push(step);
        statements += step.writes.length;
        return;
      }
      full = true;
      pendingRows += step.rows;
      pendingSteps++;
    },
    writes: (): Write[] => taken.flatMap((s) => s.writes),
    tally: (): Record<string, number> => taken.reduce((t, s) => addTallies(t, s.tally), {}),
    rows: (): number => taken.reduce((n, s) => n + s.rows, 0),
    pendingRows: () => pendingRows,
    /** True when this batch holds every step of the plan. */
    complete: () => pendingSteps === 0,
  };
}
