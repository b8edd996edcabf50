/**
 * How much of the one event loop handling may take while webhooks arrive (Node: the webhook only
 * makes the update durable, handling follows in rounds).
 *
 * In a flood (the last round was full, so updates are waiting, and more than FLOOD_PER_SECOND
 * arrive: far beyond a province at its busiest, a platform replaying a backlog or someone hammering
 * the webhook), accepting comes first: after each round handling pauses nine times as long as the
 * round took, so it keeps a tenth of the loop, every webhook gets its 200 at once and nothing is
 * redelivered; the backlog is worked off when the flood ends. Below that, accepting needs only a
 * small share of the loop, and capping handling would only let the backlog and the replies' delay
 * grow (at 500 updates a second the loop is mostly idle), so a round is followed by a single yield
 * to waiting I/O: a webhook waits at most one round (a few milliseconds).
 *
 * The threshold is a rate, not a measured cost: on a busy machine the time a round takes swings
 * with the other processes, and a cost-based rule kept pausing at 500 a second there.
 */

/** Accepting one update takes ~50–100 µs: at this rate it needs a tenth to a fifth of the loop. */
export const FLOOD_PER_SECOND = 2_000;
/** How far back arrivals are counted. */
const WINDOW_MS = 200;

export interface HandlingPacer {
  /** An update was accepted (made durable) just now. */
  accepted(): void;
  /**
   * After a round that took `spentMs` (`full`: it took as many updates as a round may, so more are
   * waiting): waits as long as the load asks.
   */
  rest(spentMs: number, full: boolean): Promise<void>;
  /** The pause `rest` would take now (0: only a yield); exposed for tests. */
  pauseFor(spentMs: number, full: boolean): number;
}

export function createHandlingPacer(
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  yieldTurn: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
): HandlingPacer {
  // Arrivals in the current and the previous half-window.
  let bucketStart = now();
  let current = 0;
  let previous = 0;

  const roll = (t: number) => {
    const half = WINDOW_MS / 2;
    if (t - bucketStart >= 2 * half) {
      previous = 0;
      current = 0;
      bucketStart = t;
    } else if (t - bucketStart >= half) {
      previous = current;
      current = 0;
      bucketStart += half;
    }
  };

  const pauseFor = (spentMs: number, full: boolean) => {
    if (!full) return 0;
    const t = now();
    roll(t);
    // The previous half-window is whole; the current one has lasted since bucketStart.
    const perSecond = ((previous + current) * 1000) / (WINDOW_MS / 2 + Math.max(1, t - bucketStart));
    return perSecond > FLOOD_PER_SECOND ? Math.min(9 * spentMs, 1_000) : 0;
  };

  return {
    accepted() {
      roll(now());
      current++;
    },
    pauseFor,
    async rest(spentMs, full) {
      const pause = pauseFor(spentMs, full);
      await (pause > 0 ? sleep(pause) : yieldTurn());
    },
  };
}
