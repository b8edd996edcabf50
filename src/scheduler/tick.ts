/**
 * The one entry for timed work: node-cron calls it every minute on Node, a cron trigger on Workers.
 * Each job plans from the data what is due up to `now` and writes it to the outbox under unique
 * keys, so two ticks at once, or a tick after a long gap, never send anything twice.
 *
 * On Workers a tick has a query budget (D1 counts per invocation): a job that reaches it has
 * committed what it finished and goes on from its cursors and keys at the next minute's tick; the
 * jobs after it still get what is left (a job that cannot start in it stops before any query).
 */
import { isBudgetExhausted } from '../../db/budget';
import type { Deps } from '../deps';
import { jobs as defaultJobs, type Job } from './jobs';

export interface TickResult {
  ran: string[];
  failed: string[];
  /** Jobs that reached the query budget: they go on at the next tick. */
  paused: string[];
}

export async function tick(deps: Deps, now: Date, jobs: readonly Job[] = defaultJobs): Promise<TickResult> {
  const result: TickResult = { ran: [], failed: [], paused: [] };
  for (const job of jobs) {
    try {
      await job.run(deps, now);
      result.ran.push(job.name);
    } catch (err) {
      if (isBudgetExhausted(err)) {
        result.paused.push(job.name);
        deps.log.info('tick.paused', { job: job.name, queries: deps.budget?.used() });
        continue;
      }
      result.failed.push(job.name);
      deps.log.error('job failed', {
        job: job.name,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  deps.kick();
  return result;
}
