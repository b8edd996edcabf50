/**
 * How much of the one event loop handling may take while webhooks arrive (Node: the webhook only
 * makes the update durable, handling follows in rounds).
 *
 * In a flood (the round was full, so updates are waiting, and they arrive faster than handling could
 * ever keep up with: arrival rate × time per update > 1), accepting comes first: after each round
 * handling pauses nine times as long as the round took, so it keeps a tenth of the loop, the
 * platform gets its 200 at once and nothing is redelivered; the backlog is worked off when the flood
 * ends. Otherwise capping handling would only let the backlog and the replies' delay grow while the
 * loop sits idle (at 500 updates a second it mostly is), so a round is followed by a single yield to
 * waiting I/O. The time per update is measured on full rounds only: a round of one or two updates
 * spends most of its time waiting for its commit, not handling.
 */

/** How far back arrivals are counted. */
const WINDOW_MS = 200;

export interface HandlingPacer {
  /** An update was accepted (made durable) just now. */
  accepted(): void;
  /**
   * After a round of `rows` updates that took `spentMs` (`full`: it took as many as a round may,
   * more are waiting): waits as long as the load asks.
   */
  rest(spentMs: number, rows: number, full: boolean): Promise<void>;
  /** The pause `rest` would take now (0: only a yield); exposed for tests. */
  pauseFor(spentMs: number, rows: number, full: boolean): number;
}

export function createHandlingPacer(
  now: () => number = () => performance.now(),
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  yieldTurn: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
): HandlingPacer {
  // Arrivals in the current and the previous half-window, and the handling cost per update (EWMA).
  let bucketStart = now();
  let current = 0;
  let previous = 0;
  let costMs: number | undefined;

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

  const pauseFor = (spentMs: number, rows: number, full: boolean) => {
    if (!full) return 0;
    if (rows > 0) {
      const perUpdate = spentMs / rows;
      costMs = costMs === undefined ? perUpdate : 0.8 * costMs + 0.2 * perUpdate;
    }
    const t = now();
    roll(t);
    // The previous half-window is whole; the current one has lasted since bucketStart.
    const perSecond = ((previous + current) * 1000) / (WINDOW_MS / 2 + Math.max(1, t - bucketStart));
    const flood = costMs !== undefined && (perSecond * costMs) / 1000 > 1;
    return flood ? Math.min(9 * spentMs, 1_000) : 0;
  };

  return {
    accepted() {
      roll(now());
      current++;
    },
    pauseFor,
    async rest(spentMs, rows, full) {
      const pause = pauseFor(spentMs, rows, full);
      await (pause > 0 ? sleep(pause) : yieldTurn());
    },
  };
}
