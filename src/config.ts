/**
 * Configuration, read once from an environment-like record (process.env on Node, the Worker's env
 * on Cloudflare) and validated with zod. A bad value stops the start with the variable's name.
 */
import { z } from 'zod';
import { MAX_SPREAD_MINUTES } from './domain/meetings/reminders';

const flag = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no', ''])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const hhmm = z.string().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const numberList = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'expected comma-separated numbers')
  .transform((s) => s.split(',').map((x) => Number(x.trim())));
/** `2026-02-14..2026-02-22,2026-04-30` */
const holidayList = z
  .string()
  .regex(
    /^(\s*\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?\s*)(,\s*\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?\s*)*$|^$/,
    'expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD, comma-separated',
  )
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) => {
        const [from, to] = x.split('..');
        return { from: from!, to: to ?? from! };
      }),
  );
/**
 * The operator API's bearer token: long enough not to be guessed, and only characters that travel
 * in an HTTP header. zod's messages never repeat the value, so a refusal does not print it.
 */
const adminToken = z
  .string()
  .regex(
    /^[\x21-\x7e]{32,512}$/,
    'expected at least 32 characters (letters, digits, punctuation; no spaces), e.g. the output of `openssl rand -hex 32`; the value is not shown',
  );
/** Secrets valid on both platforms: 8–256 of [A-Za-z0-9_-]. */
const secret = z.string().regex(/^[A-Za-z0-9_-]{8,256}$/, 'expected 8–256 characters of A-Z a-z 0-9 _ -');

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    /** Address to listen on; by default only this machine while the simulator is on. */
    HOST: z
      .string()
      .regex(/^[A-Za-z0-9.:_-]{1,253}$/, 'expected an IP address or a host name (127.0.0.1, 0.0.0.0, ::)')
      .optional(),
    DATABASE_PATH: z.string().min(1).default('./data/chibo.db'),
    TIMEZONE: z
      .string()
      .default('Asia/Ho_Chi_Minh')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'unknown time zone'),
    PUBLIC_URL: z.url().optional(),
    TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
    TELEGRAM_WEBHOOK_SECRET: secret.optional(),
    TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
    TELEGRAM_POLLING: flag.default(false),
    TELEGRAM_BOT_USERNAME: z.string().min(1).optional(),
    TELEGRAM_BOT_ID: z.coerce.number().int().positive().optional(),
    ZALO_BOT_TOKEN: z.string().min(1).optional(),
    ZALO_WEBHOOK_SECRET: secret.optional(),
    ZALO_API_ROOT: z.url().default('https://bot-api.zaloplatforms.com'),
    ZALO_POLLING: flag.default(false),
    SIMULATOR: flag.optional(),
    /** Default: on with the simulator only, so a real bot's first start never gets the demo commune. */
    DEMO_DATA: flag.optional(),
    INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    QUIET_HOURS: z
      .string()
      .default('21:00-06:30')
      .pipe(z.string().regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/, 'expected HH:MM-HH:MM'))
      .transform((s) => {
        const [start, end] = s.split('-') as [string, string];
        hhmm.parse(start);
        hhmm.parse(end);
        return { start, end };
      }),
    HOLIDAYS: holidayList.prefault(''),
    REMINDER_DAYS_BEFORE: numberList.default([3, 1]),
    REMINDER_TIME: hhmm.default('07:00'),
    /** Day reminders spread over this many minutes from REMINDER_TIME, each cell at its own minute. */
    REMINDER_SPREAD_MINUTES: z.coerce.number().int().min(0).max(MAX_SPREAD_MINUTES).default(0),
    REMINDER_HOURS_BEFORE: numberList.default([2]),
    REPORT_REMINDER_DAY: z.coerce.number().int().min(1).max(28).default(25),
    REPORT_ESCALATION_DAYS: z.coerce.number().int().min(1).max(28).default(3),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Enables /admin/* (the operator API) for requests that carry it as a bearer token. */
    ADMIN_TOKEN: adminToken.optional(),
    /**
     * The most database queries one request may make: Cloudflare D1's per-invocation limit, 1,000
     * on Workers Paid and 50 on Free. /admin imports write in batches that fit inside it.
     */
    D1_QUERY_LIMIT: z.coerce.number().int().min(20).max(100_000).default(1000),
  })
  .superRefine((c, ctx) => {
    // The simulator lets whoever reaches the port act as any linked person; next to a real bot that
    // means linking with a leaked code and broadcasting to real secretaries.
    const tokens = (['TELEGRAM_BOT_TOKEN', 'ZALO_BOT_TOKEN'] as const).filter((k) => c[k]);
    if (c.SIMULATOR === true && tokens.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['SIMULATOR'],
        message: `SIMULATOR=1 cannot run next to ${tokens.join(' and ')} (anyone reaching the simulator could act as a real user); unset SIMULATOR or ${tokens.join(' and ')}`,
      });
    }
    if (c.TELEGRAM_BOT_TOKEN && !c.TELEGRAM_POLLING && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'required in webhook mode (or set TELEGRAM_POLLING=1)',
      });
    }
    if (c.ZALO_BOT_TOKEN && !c.ZALO_POLLING && !c.ZALO_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['ZALO_WEBHOOK_SECRET'],
        message: 'required in webhook mode (or set ZALO_POLLING=1)',
      });
    }
  });

export type Config = Omit<z.output<typeof schema>, 'SIMULATOR' | 'HOST' | 'DEMO_DATA'> & {
  SIMULATOR: boolean;
  DEMO_DATA: boolean;
  HOST: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Pure: the same function serves process.env and the Workers env. */
export function loadConfig(source: Record<string, unknown>): Config {
  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) {
    if (typeof v === 'string' && v.trim() === '') continue;
    cleaned[k] = typeof v === 'string' ? v.trim() : v;
  }
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    // One line, so that it reads well in a service log and a terminal alike.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${issues.join('; ')}`);
  }
  const c = parsed.data;
  const simulator = c.SIMULATOR ?? (!c.TELEGRAM_BOT_TOKEN && !c.ZALO_BOT_TOKEN);
  return {
    ...c,
    SIMULATOR: simulator,
    DEMO_DATA: c.DEMO_DATA ?? simulator,
    HOST: c.HOST ?? (simulator ? '127.0.0.1' : '0.0.0.0'),
  };
}
