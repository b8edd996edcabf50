/**
 * Telegram redelivers when it does not get its 200 in time, in any order between chats. Every update
 * of a multi-chat scenario delivered three times, shuffled (each chat's own messages keep their order
 * on first arrival, copies come any time later), leaves the database exactly as one delivery does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invites } from '../../db/schema';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/deps';
import { createRuntime, type Runtime } from '../../src/entry/node-runtime';
import { linkPerson, seedOrg } from '../support/org';
import { telegramUpdate } from '../support/realistic';

const SECRET = 'redeliver_secret_1';
const NOW = new Date('2026-11-26T03:00:00Z');
const INVITE = '4827193605123384';

/** Each chat's messages in order; user ids are Telegram ids. */
const SCENARIO: { user: number; texts: string[] }[] = [
  {
    user: 101,
    texts: [
      'baocao thang 11: anninh on dinh; sanxuat lua dat; kiennghi 3/2 duong xuong cap; dexuat ho tro',
      '1',
      '/toi',
      'lich 5/12 19h30 tai nha van hoa',
    ],
  },
  {
    user: 102,
    texts: ['hop 20/11 co mat 20/25 vang co ly do 3 vang khong ly do 2 xep loai kha', '1', 'hop', 'huy'],
  },
  { user: 103, texts: ['/toi', 'trogiup', 'moi', 'xin chào'] },
  { user: 104, texts: [`/start ${INVITE}`, '/toi', `/start ${INVITE}`] },
  { user: 105, texts: ['/toi', 'baocao', 'huy'] },
];

async function freshRuntime(): Promise<Runtime> {
  const rt = await createRuntime(
    loadConfig({
      DATABASE_PATH: ':memory:',
      DEMO_DATA: '0',
      TELEGRAM_BOT_TOKEN: '123:redeliver',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9',
    }),
    { log: silentLogger, cron: false, clock: () => new Date(NOW) },
  );
  rt.deps.kick = () => {}; // nothing is sent: the outbox is compared as written
  const store = rt.database.store;
  await seedOrg(store, NOW);
  const tg = (user: number) => ({ platform: 'telegram' as const, externalId: String(user) });
  await linkPerson(
    store,
    { id: 'p101', name: 'Bí thư Một', ...tg(101), roles: [{ role: 'secretary', unit: 'CB1' }] },
    NOW,
  );
  await linkPerson(
    store,
    { id: 'p102', name: 'Phó bí thư Hai', ...tg(102), roles: [{ role: 'deputy', unit: 'CB2' }] },
    NOW,
  );
  await linkPerson(
    store,
    { id: 'p103', name: 'Tổ chức Xã', ...tg(103), roles: [{ role: 'coordinator', unit: 'XA1' }] },
    NOW,
  );
  await linkPerson(
    store,
    { id: 'p105', name: 'Giám sát', ...tg(105), roles: [{ role: 'supervisor', unit: 'XA2' }] },
    NOW,
  );
  await store.commit([
    store.db.insert(invites).values({
      id: 'invite-1',
      code: INVITE,
      unitId: 'unit-cb3',
      role: 'secretary',
      personName: 'Bí thư Ba',
      createdAt: NOW.getTime(),
      expiresAt: NOW.getTime() + 86_400_000,
    }),
  ]);
  return rt;
}

interface Delivery {
  updateId: number;
  user: number;
  text: string;
}

const updates: Delivery[][] = SCENARIO.map((chat, c) =>
  chat.texts.map((text, i) => ({ updateId: 10_000 + c * 100 + i, user: chat.user, text })),
);

async function deliver(rt: Runtime, d: Delivery): Promise<void> {
  const res = await rt.app.request('/webhook/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify(telegramUpdate(d.updateId, d.user, d.text)),
  });
  expect(res.status).toBe(200);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every table's rows, without `id` columns (random or time-sortable), random ids masked, sorted. */
function dump(rt: Runtime): Record<string, string[]> {
  const { sqlite } = rt.database;
  const tables = (
    sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%migrations' AND name NOT LIKE 'sqlite_%'",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const rows = sqlite.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
    out[t] = rows
      .map((r) =>
        JSON.stringify(
          Object.entries(r)
            .filter(([k]) => k !== 'id')
            .map(([k, v]) => [k, typeof v === 'string' && UUID.test(v) ? '<id>' : v]),
        ),
      )
      .sort();
  }
  return out;
}

/** A delivery order: first copies keep each chat's order, the two extra copies come later, anywhere. */
function shuffled(random: () => number): Delivery[] {
  const next = updates.map(() => 0);
  const copiesLeft: { d: Delivery; left: number }[] = [];
  const out: Delivery[] = [];
  for (;;) {
    const firsts = updates.flatMap((list, c) => (next[c]! < list.length ? [c] : []));
    const options = firsts.length + copiesLeft.length;
    if (options === 0) return out;
    const pick = Math.floor(random() * options);
    if (pick < firsts.length) {
      const c = firsts[pick]!;
      const d = updates[c]![next[c]!++]!;
      out.push(d);
      copiesLeft.push({ d, left: 2 });
    } else {
      const copy = copiesLeft[pick - firsts.length]!;
      out.push(copy.d);
      if (--copy.left === 0) copiesLeft.splice(pick - firsts.length, 1);
    }
  }
}

describe('redelivery', () => {
  it('three shuffled deliveries of every update leave the same database as one', async () => {
    const once = await freshRuntime();
    for (const list of updates) for (const d of list) await deliver(once, d);
    await once.processInbox();
    const expected = dump(once);
    await once.stop();
    // The scenario really did something in every chat.
    expect(expected.processed_keys!.length).toBeGreaterThanOrEqual(updates.flat().length);
    expect(expected.reports!.length + expected.meeting_records!.length).toBeGreaterThanOrEqual(1);
    expect(expected.outbox!.length).toBeGreaterThanOrEqual(updates.flat().length);

    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const rt = await freshRuntime();
        try {
          const random = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
            seed,
            numRuns: 200,
          });
          let i = 0;
          const order = shuffled(() => random[i++ % random.length]!);
          expect(order.length).toBe(3 * updates.flat().length);
          for (const d of order) await deliver(rt, d);
          // And once more, every update at the same moment.
          await Promise.all(updates.flat().map((d) => deliver(rt, d)));
          await rt.processInbox();
          expect(dump(rt)).toEqual(expected);
        } finally {
          await rt.stop();
        }
      }),
      { numRuns: 5 },
    );
  });
});
