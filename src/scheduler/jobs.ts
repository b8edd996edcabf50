/** Timed jobs, listed explicitly; each is safe to run twice at once and after a gap. */
import { pruneFailures } from '../../db/repo/invite-failures';
import { pruneProcessed } from '../../db/repo/keys';
import { pruneWeb } from '../../db/repo/web-sessions';
import type { Deps } from '../deps';
import { scrubSecrets } from '../outbox/scrub';
import { digestJob } from './digests';
import { meetingJobs } from './meetings';
import { reportReminders } from './report-reminders';

export interface Job {
  name: string;
  run(deps: Deps, now: Date): Promise<void>;
}

const pruneKeys: Job = {
  name: 'prune-processed-keys',
  async run(deps, now) {
    // Platforms redeliver for at most a day; a week of keys is a wide margin. Failed invite attempts
    // matter for an hour (the limits' window); a day of them is kept for the operator to look at.
    await deps.store.commit([
      pruneProcessed(deps.store.db, new Date(now.getTime() - 7 * 86_400_000)),
      pruneFailures(deps.store.db, new Date(now.getTime() - 86_400_000)),
      ...pruneWeb(deps.store.db, now),
      scrubSecrets(deps.store.db, now),
    ]);
  },
};

export const jobs: readonly Job[] = [pruneKeys, ...meetingJobs, reportReminders, digestJob];
