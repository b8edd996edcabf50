/**
 * Property tests through the real Hono app (`app.request`): whatever arrives at a webhook, the answer
 * is never a 5xx, nothing throws inside (no warning or error is logged), and input that is not a
 * valid update from a linked person stores nothing but its processed key and the reply.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/deps';
import { createRuntime, type Runtime } from '../../src/entry/node-runtime';
import { createDispatcher } from '../../src/outbox/dispatcher';
import { createRateLimiter, DEFAULT_RULES } from '../../src/outbox/rate-limit';
import { startFakeTelegram } from '../support/fake-telegram';
import { deeplyNested, HOSTILE_TOKENS, hostileText, hugeText } from '../support/hostile';
import { linkPerson, seedOrg } from '../support/org';
import { telegramUpdate } from '../support/realistic';

const TG_SECRET = 'hostile_tg_secret_1';
const ZALO_SECRET = 'hostile_zalo_secret_1';
const LINKED = 4_000_001;
/** Tables an invalid input or an unlinked stranger must never touch. */
const ALLOWED_TO_GROW = new Set(['processed_keys', 'outbox', '__drizzle_migrations']);

let rt: Runtime;
const complaints: string[] = [];
const log: Logger = {
  debug() {},
  info() {},
  warn: (msg, data) => complaints.push(`warn ${msg} ${JSON.stringify(data)}`),
  error: (msg, data) => complaints.push(`error ${msg} ${JSON.stringify(data)}`),
};

beforeAll(async () => {
  rt = await createRuntime(
    loadConfig({
      DATABASE_PATH: ':memory:',
      DEMO_DATA: '0',
      TELEGRAM_BOT_TOKEN: '123:hostile',
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
      ZALO_BOT_TOKEN: 'zalo-hostile',
      ZALO_WEBHOOK_SECRET: ZALO_SECRET,
      ZALO_API_ROOT: 'http://127.0.0.1:9',
    }),
    { log, cron: false },
  );
  rt.deps.kick = () => {};
  // Handle each update inside its webhook call, so every assertion below sees the handling itself.
  rt.deps.acceptUpdate = undefined;
  await seedOrg(rt.database.store, new Date());
  await linkPerson(
    rt.database.store,
    {
      id: 'p-linked',
      name: 'Bí thư <b>Thử</b>',
      platform: 'telegram',
      externalId: String(LINKED),
      roles: [
        { role: 'secretary', unit: 'CB1' },
        { role: 'coordinator', unit: 'XA1' },
      ],
    },
    new Date(),
  );
});
afterAll(() => rt.stop());

function tableCounts(): Record<string, number> {
  const { sqlite } = rt.database;
  const names = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return Object.fromEntries(
    names
      .filter((t) => !ALLOWED_TO_GROW.has(t.name))
      .map((t) => [
        t.name,
        (sqlite.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
      ]),
  );
}

async function send(path: 'telegram' | 'zalo', body: string): Promise<number> {
  const res = await rt.app.request(`/webhook/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(path === 'telegram' ? { 'X-Telegram-Bot-Api-Secret-Token': TG_SECRET } : {}),
      ...(path === 'zalo' ? { 'X-Bot-Api-Secret-Token': ZALO_SECRET } : {}),
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

let nextId = 1;
const updateIds = fc.oneof(
  fc.constant(null).map(() => nextId++),
  fc.constantFrom(-1, 0.5, 1e21, Number.MAX_SAFE_INTEGER + 2, '12', 'abc', null, true, [], {}),
);
const anyValue = fc.oneof(fc.jsonValue(), hostileText, fc.constantFrom(null, [], {}, 0, -1, true));

/** Telegram-shaped bodies from strangers (or from nobody), fields of wrong types here and there. */
const strangerTelegram = fc.record({
  update_id: updateIds,
  message: fc.oneof(
    fc.record(
      {
        message_id: fc.oneof(fc.nat(), anyValue),
        date: fc.oneof(fc.nat(), anyValue),
        chat: fc.oneof(
          fc.record({
            id: fc.oneof(fc.integer(), fc.string()),
            type: fc.constantFrom('private', 'group', 'supergroup', 'channel', ''),
          }),
          anyValue,
        ),
        from: fc.oneof(
          fc.record({
            id: fc.integer({ min: 1, max: 3_999_999 }),
            is_bot: fc.boolean(),
            first_name: hostileText,
          }),
          anyValue,
        ),
        text: fc.oneof(hostileText, hugeText, anyValue),
        location: fc.oneof(fc.record({ latitude: fc.double(), longitude: fc.double() }), anyValue),
      },
      { requiredKeys: [] },
    ),
    anyValue,
  ),
  callback_query: fc.option(
    fc.record({ id: anyValue, from: anyValue, data: fc.oneof(hostileText, anyValue) }),
    { nil: undefined },
  ),
  edited_message: fc.option(anyValue, { nil: undefined }),
  my_chat_member: fc.option(anyValue, { nil: undefined }),
});

const zaloBody = fc.record(
  {
    event_name: fc.oneof(
      fc.constantFrom('message.text.received', 'message.image.received', 'user.follow'),
      hostileText,
      anyValue,
    ),
    message: fc.oneof(
      fc.record(
        {
          message_id: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), anyValue),
          date: fc.oneof(fc.nat(), anyValue),
          text: fc.oneof(hostileText, hugeText, anyValue),
          chat: fc.oneof(
            fc.record({
              id: fc.string({ minLength: 1, maxLength: 30 }),
              chat_type: fc.constantFrom('PRIVATE', 'GROUP', 'x'),
            }),
            anyValue,
          ),
          from: fc.oneof(
            fc.record({
              id: fc.string({ minLength: 1, maxLength: 30 }),
              is_bot: fc.boolean(),
              display_name: hostileText,
            }),
            anyValue,
          ),
        },
        { requiredKeys: [] },
      ),
      anyValue,
    ),
  },
  { requiredKeys: [] },
);

const rawBodies = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  hostileText,
  deeplyNested,
  fc.constantFrom('', '{', 'null', '[]', '{"update_id":', '\u0000', '{"update_id":1}'.repeat(3)),
);

describe('webhooks under hostile input', () => {
  it('answer strangers and garbage without a 5xx, a throw or a stored record', async () => {
    const before = tableCounts();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          strangerTelegram.map((b) => ['telegram', JSON.stringify(b)] as const),
          zaloBody.map((b) => ['zalo', JSON.stringify(b)] as const),
          fc.tuple(fc.constantFrom('telegram' as const, 'zalo' as const), rawBodies),
        ),
        async ([path, body]) => {
          const status = await send(path, body);
          expect([200, 400, 413]).toContain(status);
          expect(complaints).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
    expect(tableCounts()).toEqual(before);
  }, 60_000);

  it('answers a linked person typing anything with a 200 and no internal error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 5, arbitrary: hostileText }, { weight: 1, arbitrary: hugeText }),
        async (text) => {
          const status = await send('telegram', JSON.stringify(telegramUpdate(nextId++, LINKED, text)));
          expect(status).toBe(200);
          expect(complaints).toEqual([]);
          const failed = rt.database.sqlite
            .prepare("SELECT count(*) AS n FROM outbox WHERE payload LIKE '%trục trặc%'")
            .get() as { n: number };
          expect(failed.n).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('sends every reply as plain text: no parse_mode reaches Telegram', async () => {
    const tg = await startFakeTelegram();
    try {
      for (const token of HOSTILE_TOKENS)
        await send('telegram', JSON.stringify(telegramUpdate(nextId++, LINKED, `baocao ${token}`)));
      const { channels } = (await import('../../src/platforms')).createPlatforms(
        loadConfig({
          DEMO_DATA: '0',
          TELEGRAM_BOT_TOKEN: '123:hostile',
          TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
          TELEGRAM_API_ROOT: tg.url,
        }),
      );
      const dispatcher = createDispatcher({
        store: rt.database.store,
        channels,
        now: () => new Date(),
        // No pacing: this checks what is sent, not when.
        limiter: createRateLimiter({ ...DEFAULT_RULES, telegram: DEFAULT_RULES.sim }),
      });
      for (let round = 0; round < 500; round++) {
        rt.database.sqlite.prepare("UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'").run();
        const totals = await dispatcher.drainOnce();
        if (totals.claimed === 0) break;
      }
      const sends = tg.calls.filter((c) => c.method.startsWith('send'));
      expect(sends.length).toBeGreaterThan(HOSTILE_TOKENS.length);
      for (const c of sends) expect(c.body).not.toHaveProperty('parse_mode');
    } finally {
      await tg.close();
    }
  }, 60_000);
});
