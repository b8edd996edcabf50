/**
 * Limits on failed `batdau` attempts, as plain functions over the times of recent failures.
 *
 * Per chat: 5 failures of any kind (unknown code, typo, wrong shape) within an hour, then that chat
 * waits until the oldest of them is an hour old. A person who mistypes gets five tries; a script in
 * one chat gets five guesses an hour.
 * Overall: 600 lookups of unknown codes within an hour, for everybody together, then no code is
 * looked up for anyone until the window has room again. This is the bound the code length rests on
 * (see ./code): it holds however many accounts guess. It is high enough that locking everybody out
 * takes 120 accounts an hour (each stopped at 5), not a handful: a lock-out on an onboarding morning
 * costs more than the guesses it stops, which the code length already makes hopeless. Typos caught by the check digit do not count
 * here, so people mistyping their codes on an onboarding morning do not lock each other out; what
 * does count is a well-formed code that does not exist, which is almost only ever a guess.
 * While a limit holds, even a right code is refused: otherwise the guessing would simply go on.
 */

export interface AttemptLimit {
  max: number;
  windowMs: number;
}

const HOUR = 3_600_000;
export const PER_CHAT_LIMIT: AttemptLimit = { max: 5, windowMs: HOUR };
export const OVERALL_LIMIT: AttemptLimit = { max: 600, windowMs: HOUR };

export const chatScope = (platform: string, chatId: string) => `chat:${platform}:${chatId}`;
export const OVERALL_SCOPE = 'all';

/**
 * When the scope may try again, or null when it may now. `recent` are the times (ms) of its latest
 * failures inside the window, at most `limit.max` of them, in any order.
 */
export function lockedUntil(recent: readonly number[], limit: AttemptLimit, now: Date): Date | null {
  const inWindow = recent.filter((t) => t > now.getTime() - limit.windowMs);
  if (inWindow.length < limit.max) return null;
  // The window has room again once the oldest of the last `max` failures leaves it.
  const newest = [...inWindow].sort((a, b) => b - a).slice(0, limit.max);
  return new Date(Math.min(...newest) + limit.windowMs);
}
