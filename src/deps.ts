/** Everything the shared code needs from the runtime, built by each entry point. */
import type { QueryBudget } from '../db/budget';
import type { Store } from '../db/types';
import type { Channel, IncomingMessage, Platform } from './channels/types';
import type { Config } from './config';
import type { NewId } from './util/ids';

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface Deps {
  config: Config;
  store: Store;
  channels: Partial<Record<Platform, Channel>>;
  clock: () => Date;
  newId: NewId;
  log: Logger;
  /** Called after a commit that enqueued messages; wakes the outbox dispatcher. */
  kick: () => void;
  /**
   * The queries this invocation may still make, when the store counts them (a Worker's cron run):
   * timed jobs work in pieces that fit and leave the rest to the next tick. Absent: unlimited.
   */
  budget?: QueryBudget;
  /**
   * When set, webhooks only make the update durable (the inbox) and answer; handling follows in the
   * background. When absent (tests, Workers), the webhook handles the update before answering.
   */
  acceptUpdate?: (msg: IncomingMessage) => Promise<void>;
  /** Updates accepted and not yet handled, for /healthz. */
  inboxBacklog?: () => Promise<number>;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * drizzle's "Failed query: …\nparams: …" carries the query's values — message texts, a login link, a
 * person's name — into whatever logs the error; the log keeps the query and drops the values.
 */
function withoutQueryValues(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const at = value.indexOf('\nparams:');
  return at === -1 ? value : `${value.slice(0, at)}\nparams: (not logged)`;
}

/** One JSON line per event; never pass message texts, tokens or secrets here. */
export function jsonLogger(
  level: Config['LOG_LEVEL'] = 'info',
  write: (line: string) => void = console.log,
): Logger {
  const order = { debug: 0, info: 1, warn: 2, error: 3 } as const;
  const make = (l: keyof typeof order) => (msg: string, data?: Record<string, unknown>) => {
    if (order[l] < order[level]) return;
    const safe = data && Object.fromEntries(Object.entries(data).map(([k, v]) => [k, withoutQueryValues(v)]));
    write(JSON.stringify({ level: l, msg, ...safe }));
  };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}
