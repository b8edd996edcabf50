/**
 * The limit on failed dashboard logins (a link that is unknown, used or expired), per client address,
 * over the same rows and rule as the `batdau` limits (src/domain/invites/attempts). Ten failures an
 * hour, then that address waits: enough for someone who taps an old link a few times, and it keeps a
 * flood of guesses off the database. There is no overall limit, unlike invite codes: a link is 256
 * random bits, so no number of guesses finds one, and an overall limit would let anyone lock every
 * office out of the dashboard.
 */
import type { AttemptLimit } from '../invites/attempts';

export const LOGIN_LIMIT: AttemptLimit = { max: 10, windowMs: 3_600_000 };

export const loginScope = (client: string) => `web:${client}`;
