/**
 * Which reminders a meeting gets and when, as a pure function of the meeting, `now` and the
 * deployment's settings. The scheduler walks this plan with a cursor (`meetings.next_reminder_at`):
 * everything due between the cursor and now is handled once, then the cursor moves to the next item.
 */
import { addLocalDays, localParts, splitIsoDate, zonedInstant } from '../time/zone';

export interface ReminderSettings {
  TIMEZONE: string;
  REMINDER_DAYS_BEFORE: number[];
  REMINDER_TIME: string;
  /** 0: every day reminder at REMINDER_TIME; n: each unit at its own minute within n minutes of it. */
  REMINDER_SPREAD_MINUTES?: number;
  REMINDER_HOURS_BEFORE: number[];
  QUIET_HOURS: { start: string; end: string };
  HOLIDAYS: { from: string; to: string }[];
}

/** `d3`: 3 days before at REMINDER_TIME; `h2`: 2 hours before; `after`: the morning after, if unrecorded. */
export type ReminderKind = `d${number}` | `h${number}` | 'after';

export interface PlannedReminder {
  kind: ReminderKind;
  /** When it is due, after the quiet-hour and holiday shifts. */
  dueAt: Date;
  /** Past this it is pointless: the event for reminders, a week later for the morning-after question. */
  expiresAt: Date;
  /** before: secretaries and supervisors; after: secretaries only. */
  audience: 'all' | 'secretaries';
}

const MIN = 60_000;
const FAR = new Date(8.64e15);
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** A reminder written this long after its time is a catch-up after downtime. */
const LATE_MS = 15 * MIN;
/** A catch-up this close to the next reminder is left out. */
const COALESCE_MS = 12 * HOUR;
/** How long the "did it take place?" question stays worth asking. */
export const AFTER_TTL_MS = 7 * DAY;

const minutesOf = (hhmm: string) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

export function isHoliday(isoDate: string, holidays: ReminderSettings['HOLIDAYS']): boolean {
  return holidays.some((h) => isoDate >= h.from && isoDate <= h.to);
}

/** True when the local wall-clock time of `at` falls in the quiet window (which may cross midnight). */
export function isQuiet(at: Date, s: Pick<ReminderSettings, 'TIMEZONE' | 'QUIET_HOURS'>): boolean {
  const p = localParts(at, s.TIMEZONE);
  const t = p.hour * 60 + p.minute;
  const start = minutesOf(s.QUIET_HOURS.start);
  const end = minutesOf(s.QUIET_HOURS.end);
  return start <= end ? t >= start && t < end : t >= start || t < end;
}

/** The instant of `hhmm` on the local day `isoDate`. */
export function atLocal(isoDate: string, hhmm: string, tz: string): Date {
  const [y, m, d] = splitIsoDate(isoDate);
  const minutes = minutesOf(hhmm);
  return zonedInstant(tz, y, m, d, Math.floor(minutes / 60), minutes % 60);
}

/** The end of the quiet window that contains `at`. */
export function quietEnd(at: Date, s: Pick<ReminderSettings, 'TIMEZONE' | 'QUIET_HOURS'>): Date {
  const p = localParts(at, s.TIMEZONE);
  const t = p.hour * 60 + p.minute;
  const day =
    t >= minutesOf(s.QUIET_HOURS.start) && minutesOf(s.QUIET_HOURS.start) > minutesOf(s.QUIET_HOURS.end)
      ? addLocalDays(p.isoDate, 1)
      : p.isoDate;
  return atLocal(day, s.QUIET_HOURS.end, s.TIMEZONE);
}

/** The last minute before the quiet window that contains `at` began. */
function quietStartBefore(at: Date, s: ReminderSettings): Date {
  const p = localParts(at, s.TIMEZONE);
  const t = p.hour * 60 + p.minute;
  const start = minutesOf(s.QUIET_HOURS.start);
  const day = t < start ? addLocalDays(p.isoDate, -1) : p.isoDate;
  return new Date(atLocal(day, s.QUIET_HOURS.start, s.TIMEZONE).getTime() - MIN);
}

/** Moves an instant out of quiet hours: later if that is still before `limit`, else earlier. */
export function outOfQuiet(at: Date, limit: Date, s: ReminderSettings): Date {
  if (!isQuiet(at, s)) return at;
  const later = quietEnd(at, s);
  return later < limit ? later : quietStartBefore(at, s);
}

/**
 * A day reminder that falls on a holiday moves to the first working day after it (the meeting's own
 * morning at the latest) when that is still before the meeting, otherwise to the last working day
 * before the holiday.
 */
function outOfHoliday(isoDate: string, event: Date, s: ReminderSettings): string {
  if (!isHoliday(isoDate, s.HOLIDAYS)) return isoDate;
  let later = isoDate;
  for (let i = 0; i < 60 && isHoliday(later, s.HOLIDAYS); i++) later = addLocalDays(later, 1);
  if (atLocal(later, s.REMINDER_TIME, s.TIMEZONE) < event) return later;
  let earlier = isoDate;
  for (let i = 0; i < 60 && isHoliday(earlier, s.HOLIDAYS); i++) earlier = addLocalDays(earlier, -1);
  return earlier;
}

/** The widest REMINDER_SPREAD_MINUTES allowed (config.ts). */
export const MAX_SPREAD_MINUTES = 180;

/**
 * Where a unit's day reminders fall within REMINDER_SPREAD_MINUTES, in ms after REMINDER_TIME: a
 * whole minute from the unit's id, the same at every tick and restart, so a province's 07:00 wave
 * leaves over the morning a few dozen a minute instead of all at once.
 */
export function spreadOffsetMs(unitId: string, s: Pick<ReminderSettings, 'REMINDER_SPREAD_MINUTES'>): number {
  const minutes = s.REMINDER_SPREAD_MINUTES ?? 0;
  if (minutes <= 0) return 0;
  // FNV-1a: cheap, stable, and spreads similar codes (KP1, KP2, …) apart.
  let h = 0x811c9dc5;
  for (let i = 0; i < unitId.length; i++) h = Math.imul(h ^ unitId.charCodeAt(i), 0x01000193) >>> 0;
  return (h % minutes) * MIN;
}

/**
 * The whole reminder plan of a meeting at `scheduledAt`, sorted by due time. `spreadMs` (see
 * spreadOffsetMs) moves the reminders given at REMINDER_TIME; the hours-before ones keep their time.
 */
export function reminderPlan(scheduledAt: Date, s: ReminderSettings, spreadMs = 0): PlannedReminder[] {
  const tz = s.TIMEZONE;
  const atTime = (isoDate: string) => new Date(atLocal(isoDate, s.REMINDER_TIME, tz).getTime() + spreadMs);
  const event = scheduledAt;
  const eventDay = localParts(event, tz).isoDate;
  const out: PlannedReminder[] = [];
  const days = [...new Set(s.REMINDER_DAYS_BEFORE)].filter((d) => d > 0).sort((a, b) => b - a);
  const taken = new Set<number>();
  for (const d of days) {
    const day = outOfHoliday(addLocalDays(eventDay, -d), event, s);
    const due = outOfQuiet(atTime(day), event, s);
    if (due >= event) continue;
    // Two day reminders pushed onto the same moment by a holiday: the one nearer the event wins.
    if (taken.has(due.getTime())) {
      const i = out.findIndex((r) => r.dueAt.getTime() === due.getTime());
      out.splice(i, 1);
    }
    taken.add(due.getTime());
    out.push({ kind: `d${d}`, dueAt: due, expiresAt: event, audience: 'all' });
  }
  const hours = [...new Set(s.REMINDER_HOURS_BEFORE)].filter((h) => h > 0).sort((a, b) => b - a);
  for (const h of hours) {
    const due = outOfQuiet(new Date(event.getTime() - h * HOUR), event, s);
    if (due >= event || taken.has(due.getTime())) continue;
    taken.add(due.getTime());
    out.push({ kind: `h${h}`, dueAt: due, expiresAt: event, audience: 'all' });
  }
  const nextDay = outOfHoliday(addLocalDays(eventDay, 1), FAR, s);
  const afterAt = outOfQuiet(atTime(nextDay), FAR, s);
  out.push({
    kind: 'after',
    dueAt: afterAt,
    expiresAt: new Date(afterAt.getTime() + AFTER_TTL_MS),
    audience: 'secretaries',
  });
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export interface ReminderStep {
  /** What to write now (at most one "before" reminder: after a gap only the latest due is worth sending). */
  send: PlannedReminder[];
  /** The plan items passed over: superseded by a later one, or stale (their event has passed). */
  skipped: PlannedReminder[];
  /** The new cursor: the next item's due time, or null when nothing is left. */
  next: Date | null;
}

/**
 * One step of the cursor: the items due in (`cursor` … `now`] that are still worth sending.
 * `cursor` null means "from the beginning of the plan".
 */
export function reminderStep(
  scheduledAt: Date,
  cursor: Date | null,
  now: Date,
  s: ReminderSettings,
  /** The meeting's plan when the caller already has it (many cells share one meeting time). */
  plan: readonly PlannedReminder[] = reminderPlan(scheduledAt, s),
): ReminderStep {
  // Items up to the longest spread before the cursor count as well: a cursor set for a cell's minute
  // under one REMINDER_SPREAD_MINUTES must not pass over its reminder when the spread is lowered.
  // Handling one twice writes nothing twice (every reminder has its unique key).
  const from = (cursor?.getTime() ?? Number.NEGATIVE_INFINITY) - MAX_SPREAD_MINUTES * MIN;
  const due = plan.filter((r) => r.dueAt.getTime() >= from && r.dueAt <= now);
  const live = due.filter((r) => now < r.expiresAt);
  const before = live.filter((r) => r.audience === 'all');
  const upcoming = plan.find((r) => r.dueAt > now && now < r.expiresAt);
  let latestBefore = before[before.length - 1];
  // A reminder sent late (after downtime) shortly before the next one is only noise: the next one
  // goes instead, on time.
  const nextBefore = plan.find((r) => r.audience === 'all' && r.dueAt > now && now < r.expiresAt);
  if (
    latestBefore &&
    nextBefore &&
    now.getTime() - latestBefore.dueAt.getTime() > LATE_MS &&
    nextBefore.dueAt.getTime() - now.getTime() < COALESCE_MS
  )
    latestBefore = undefined;
  const send = live.filter((r) => r.audience !== 'all' || r === latestBefore);
  const skipped = due.filter((r) => !send.includes(r));
  return { send, skipped, next: upcoming?.dueAt ?? null };
}

/** The cursor for a meeting set or moved now: nothing already past is sent late, the next item is. */
export function firstCursor(scheduledAt: Date, now: Date, s: ReminderSettings): Date | null {
  return reminderPlan(scheduledAt, s).find((r) => r.dueAt > now)?.dueAt ?? null;
}

/** Dedupe key of one reminder to one person: the outbox refuses a second row with it. */
export function reminderKey(meetingId: string, personId: string, kind: ReminderKind): string {
  return `meeting:${meetingId}:${personId}:${kind}`;
}

/** The "not set by the 20th" nudge moment for a month (`YYYY-MM`), holiday- and quiet-shifted. */
export function nudgeAt(slot: string, s: ReminderSettings, nudgeDay = 20): Date {
  const iso = `${slot}-${String(nudgeDay).padStart(2, '0')}`;
  const day = outOfHoliday(iso, FAR, s);
  const at = atLocal(day, s.REMINDER_TIME, s.TIMEZONE);
  return outOfQuiet(at, FAR, s);
}

/**
 * When a message due now may actually go out: now, or the end of the quiet hours we are in; null
 * when that would already be past `expiresAt` (better unsent than sent at night or too late).
 */
export function deliveryTime(now: Date, expiresAt: Date, s: ReminderSettings): Date | null {
  const at = isQuiet(now, s) ? quietEnd(now, s) : now;
  return at < expiresAt ? at : null;
}
