/**
 * Whether each platform may be sent to, kept in `platform_health` so that every process and Worker
 * isolate sees the same state and /healthz can show it.
 *
 * - A setup failure (token revoked or mistyped, wrong API address) halts the platform: its rows
 *   stay pending, nobody is marked, and a getMe is tried now and then until it works again.
 * - The breaker: when more than BREAKER_THRESHOLD distinct chats are refused within
 *   BREAKER_WINDOW_MS and refusals are at least as many as the deliveries in that window, further
 *   refusals are not believed (a platform saying no to everyone is a setup problem we could not
 *   recognise). A morning wave of 2,000 reminders in which 1 % of people have blocked the bot is
 *   twenty real refusals among two thousand deliveries and trips nothing; a foreign token refuses
 *   everyone and trips at the sixth. When it trips nobody more is marked, sending halts, and after a wait
 *   the platform is on probation, one message at a time: the first refusal halts it again without
 *   marking anyone, the first success ends the alarm. The marks already made stay (at most the
 *   threshold; each clears when its person writes): undoing them would have real refusals tried,
 *   and the breaker tripped, again at every broadcast.
 *
 * The decisions are plain functions over a row; the writes are drizzle statements for store.commit.
 */
import { platformHealth } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import type { Platform } from '../channels/types';

export type HealthRow = typeof platformHealth.$inferSelect;
export type Refusal = { chatId: string; at: number };

/** More distinct chats refused than this within the window trips the breaker. */
export const BREAKER_THRESHOLD = 5;
export const BREAKER_WINDOW_MS = 5 * 60_000;
/** Waits between checks of a halted platform: doubling from the first to the last. */
export const FIRST_PROBE_MS = 30_000;
export const MAX_PROBE_MS = 15 * 60_000;

export async function readHealth(db: Db): Promise<Map<Platform, HealthRow>> {
  const rows = await db.select().from(platformHealth).all();
  return new Map(rows.map((r) => [r.platform, r]));
}

export function probeDelay(probes: number): number {
  return Math.min(MAX_PROBE_MS, FIRST_PROBE_MS * 2 ** Math.max(0, probes));
}

export type RefusalDecision =
  | { decision: 'mark'; refusals: Refusal[] }
  /** Too many at once (`refused` in the window), or refused on probation: halt, mark nobody. */
  | { decision: 'trip'; refused: number }
  /** Already halted: keep the row, mark nobody. */
  | { decision: 'hold' };

/**
 * What a refusal of `chatId` at `at` means, given the platform's state and the number of deliveries
 * this dispatcher saw succeed on the platform within the window. Pure.
 */
export function admitRefusal(
  row: HealthRow | undefined,
  chatId: string,
  at: number,
  delivered = 0,
): RefusalDecision {
  if (row?.state === 'halted') return { decision: 'hold' };
  if (row?.state === 'probation') return { decision: 'trip', refused: 0 };
  const from = Math.max(at - BREAKER_WINDOW_MS, row?.resumedAt ?? Number.NEGATIVE_INFINITY);
  const recent = parseRefusals(row?.refusals).filter((r) => r.at >= from && r.chatId !== chatId);
  if (recent.length >= BREAKER_THRESHOLD && recent.length + 1 > delivered)
    return { decision: 'trip', refused: recent.length };
  return { decision: 'mark', refusals: [...recent, { chatId, at }] };
}

/** Sending normally: what a halt or the breaker's window leaves behind is cleared. */
const CLEAR = {
  state: 'ok',
  cause: null,
  error: null,
  since: null,
  probeAt: null,
  probes: 0,
  refusals: '[]',
} as const satisfies Partial<HealthRow>;

/** The state of a platform that has no row yet. */
export function healthy(platform: Platform, at: number): HealthRow {
  return { platform, ...CLEAR, resumedAt: null, cappedAskedMs: null, cappedAt: null, updatedAt: at };
}

function upsert(db: Db, platform: Platform, at: number, values: Partial<HealthRow>): Write {
  return db
    .insert(platformHealth)
    .values({ platform, updatedAt: at, ...values })
    .onConflictDoUpdate({ target: platformHealth.platform, set: { ...values, updatedAt: at } });
}

/** A change of state: the write, and the row as it is after it (for the rest of the round). */
function change(
  db: Db,
  platform: Platform,
  at: number,
  current: HealthRow | undefined,
  values: Partial<HealthRow>,
): { write: Write; row: HealthRow } {
  const base = current ?? healthy(platform, at);
  return { write: upsert(db, platform, at, values), row: { ...base, ...values, updatedAt: at } };
}

/** Halts sending; a halt already in place keeps its start and counts one more failed check. */
export function halt(
  db: Db,
  platform: Platform,
  cause: 'setup' | 'breaker',
  error: string,
  at: number,
  current: HealthRow | undefined,
): { write: Write; row: HealthRow } {
  const ongoing = current !== undefined && current.state !== 'ok';
  const probes = ongoing ? current.probes + 1 : 0;
  return change(db, platform, at, current, {
    state: 'halted',
    cause,
    error: error.slice(0, 300),
    since: ongoing && current.since !== null ? current.since : at,
    probeAt: at + probeDelay(probes),
    probes,
    refusals: '[]',
  });
}

/** After the breaker's wait: send again, but the first refusal halts at once. */
export function probation(
  db: Db,
  platform: Platform,
  at: number,
  current: HealthRow,
): { write: Write; row: HealthRow } {
  return change(db, platform, at, current, { state: 'probation', probeAt: null });
}

export function resume(
  db: Db,
  platform: Platform,
  at: number,
  current: HealthRow | undefined,
): { write: Write; row: HealthRow } {
  return change(db, platform, at, current, { ...CLEAR, resumedAt: at });
}

export function recordRefusals(db: Db, platform: Platform, refusals: Refusal[], at: number): Write {
  return upsert(db, platform, at, { refusals: JSON.stringify(refusals) });
}

/** A retry_after above the cap, kept so that /healthz shows it. */
export function recordCapped(db: Db, platform: Platform, askedMs: number, at: number): Write {
  return upsert(db, platform, at, { cappedAskedMs: Math.round(askedMs), cappedAt: at });
}

function parseRefusals(json: string | undefined): Refusal[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value)
      ? value.filter(
          (r): r is Refusal =>
            typeof r === 'object' && r !== null && typeof r.chatId === 'string' && typeof r.at === 'number',
        )
      : [];
  } catch {
    return [];
  }
}
