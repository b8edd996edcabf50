/**
 * How many database queries one invocation may still make. D1 caps the queries of a Worker
 * invocation (50 on the Free plan, 1,000 on Paid; a `batch()` is one) and answers the next one with
 * an error; a write refused that way after a platform accepted a message is a message sent twice.
 * So the Worker meters its own queries, the cron tick and the outbox plan within what is left, and
 * the meter refuses a query itself rather than let D1 do it mid-way.
 */

export interface QueryBudget {
  /** Queries still allowed in this invocation. */
  left(): number;
  /** Queries made so far in this invocation. */
  used(): number;
}

export interface QueryMeter extends QueryBudget {
  readonly limit: number;
  /** Counts one query, or throws QueryBudgetExhausted (before the query is made) when none is left. */
  spend(): void;
  /** A new invocation: the count starts again from zero. */
  reset(): void;
}

export class QueryBudgetExhausted extends Error {
  constructor(limit?: number) {
    super(
      limit === undefined
        ? 'too few queries left in this invocation for the next piece of work'
        : `query budget of ${limit} for this invocation used up`,
    );
    this.name = 'QueryBudgetExhausted';
  }
}

/** Also true when a driver wrapped it (drizzle's "Failed query: …" keeps the meter's error as its cause). */
export function isBudgetExhausted(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (e instanceof QueryBudgetExhausted || e.name === 'QueryBudgetExhausted') return true;
  return false;
}

export function createQueryMeter(limit: number): QueryMeter {
  let used = 0;
  return {
    limit,
    left: () => Math.max(0, limit - used),
    used: () => used,
    spend() {
      if (used >= limit) throw new QueryBudgetExhausted(limit);
      used++;
    },
    reset() {
      used = 0;
    },
  };
}
