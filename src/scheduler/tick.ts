/**
 * The one entry for timed work: node-cron calls it every minute on Node, a cron trigger on Workers.
 * Each job plans from the data what is due up to `now` and writes it to the outbox under unique
 * keys, so two ticks at once, or a tick after a long gap, never send anything twice.
 */
import type { Deps } from '../deps';
import { jobs as defaultJobs, type Job } from './jobs';

export interface TickResult {
  ran: string[];
  failed: string[];
}

export async function tick(deps: Deps, now: Date, jobs: readonly Job[] = defaultJobs): Promise<TickResult> {
  const result: TickResult = { ran: [], failed: [] };
  for (const job of jobs) {
    try {
      await job.run(deps, now);
      result.ran.push(job.name);
    } catch (err) {
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
