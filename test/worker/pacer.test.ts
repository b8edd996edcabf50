/**
 * The deployment's one outbox pacer on a test clock (test/worker/fake-deployment.ts): webhooks and
 * cron runs in several isolates only poke it, two alarms never drain side by side, and a drain that
 * reaches its invocation's query budget stops where it can still write and goes on in the next
 * alarm without losing or repeating a message, a long one sent in parts included.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { createD1Store } from '../../db/d1';
import { outbox } from '../../db/schema';
import { enqueue } from '../../src/outbox/enqueue';
import { emptyD1 } from './d1';
import { fakeDeployment } from './fake-deployment';
import { linkedOnTelegram, privateUpdate, webhookRequest } from './telegram-webhook';

const T = Date.parse('2026-12-02T00:00:00Z'); // 07:00 in Hà Nội

beforeEach(() => emptyD1());

/** `n` messages due now, each to its own chat (chats from `first`), as a reminder wave writes them. */
async function wave(n: number, first = 10_000) {
  const store = createD1Store(env.DB);
  const writes = [];
  for (let i = 0; i < n; i++)
    writes.push(
      ...enqueue(
        store.db,
        { platform: 'telegram', chatId: String(first + i) },
        { text: `Nhắc họp ${i}` },
        new Date(T),
        {
          dedupeKey: `wave:${i}`,
        },
      ),
    );
  for (let i = 0; i < writes.length; i += 200) await store.commit(writes.slice(i, i + 200));
}

async function linkedPerson(id: string, chat: number) {
  const store = createD1Store(env.DB);
  await store.commit(linkedOnTelegram(store.db, id, chat, T));
}

const webhook = (updateId: number, chat: number, text: string) =>
  webhookRequest(privateUpdate(updateId, chat, text, T));

const sentTo = (d: ReturnType<typeof fakeDeployment>, chat: string) =>
  d.tg.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === chat);

describe('the outbox pacer', () => {
  it('two isolates answering webhooks and a cron run at once send nothing themselves; the one pacer sends the replies first, at most 30 in a second, no 429', async () => {
    await wave(90);
    await linkedPerson('p-an', 5001);
    await linkedPerson('p-binh', 5002);
    const d = fakeDeployment({ queries: 1_000, start: T });
    const [a, b, c] = [d.isolate(), d.isolate(), d.isolate()];

    const statuses = await Promise.all([
      d.webhook(a, webhook(1, 5001, 'toi')),
      d.webhook(b, webhook(2, 5002, 'toi')),
      d.tick(T, c),
    ]);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(d.tg.calls).toHaveLength(0);

    await d.runAlarms();
    const sends = d.tg.calls.filter((call) => call.method === 'sendMessage');
    expect(sends).toHaveLength(92);
    // The replies were written after the wave, yet go out in the first second.
    expect(sends.slice(0, 30).map((call) => String(call.body.chat_id))).toEqual(
      expect.arrayContaining(['5001', '5002']),
    );
    expect(new Set(sends.map((call) => String(call.body.chat_id))).size).toBe(92);
    expect(d.tg.count429).toBe(0);
    expect(d.tg.busiestSecond()).toBeLessThanOrEqual(30);
  });

  it('two alarms at once (should the platform ever start two) make one drain', async () => {
    await wave(60);
    const d = fakeDeployment({ queries: 1_000, start: T });
    await Promise.all([d.pacer.poke(), d.pacer.poke()]);
    const [first, second] = await Promise.all([d.pacer.alarm(), d.pacer.alarm()]);
    expect([first?.sent, second?.sent].sort()).toEqual([60, undefined]);
    expect(d.tg.count429).toBe(0);
    expect(d.tg.busiestSecond()).toBeLessThanOrEqual(30);
    // The second only made sure the first comes back at once for anything written meanwhile.
    expect(d.storage.alarm).toBe(d.clock.t);
  });

  it('a drain cut off by the query budget goes on in the next alarm: nothing lost, nothing sent twice', async () => {
    await wave(200);
    const d = fakeDeployment({ queries: 50, start: T });
    await d.pacer.poke();
    await d.runAlarms();

    const alarms = d.invocations.filter((i) => i.kind === 'alarm');
    expect(alarms.length).toBeGreaterThan(3);
    expect(alarms.slice(0, -1).every((a) => a.stop === 'queries')).toBe(true);
    for (const inv of d.invocations) expect(inv.queries).toBeLessThanOrEqual(50);
    for (let i = 0; i < 200; i++) expect(sentTo(d, String(10_000 + i))).toHaveLength(1);
    expect(await d.pending()).toBe(0);
    expect(d.tg.count429).toBe(0);
    expect(d.tg.busiestSecond()).toBeLessThanOrEqual(30);
  });

  it('a message in parts cut off by the budget between two parts goes on at the next part, none repeated', async () => {
    const store = createD1Store(env.DB);
    // A long answer in one row: three Telegram messages' worth, three calls, each recorded.
    const long = (chat: number) =>
      Array.from({ length: 3 }, (_, i) => `${chat} phần ${i + 1}\n${'x'.repeat(4_080)}`).join('\n');
    const chats = Array.from({ length: 9 }, (_, i) => 7_000 + i);
    await store.commit(
      chats.map((chat, i) =>
        store.db.insert(outbox).values({
          id: `00000000000000000${i}`,
          platform: 'telegram',
          chatId: String(chat),
          payload: JSON.stringify({ text: long(chat) }),
          status: 'pending',
          attempts: 0,
          nextAttemptAt: T,
          createdAt: T,
          priority: 1,
        }),
      ),
    );
    // The smallest budget a deployment may set: nine first parts use what the second parts needed.
    const d = fakeDeployment({ queries: 20, start: T });
    await d.pacer.poke();
    await d.runAlarms();

    const alarms = d.invocations.filter((i) => i.kind === 'alarm');
    expect(alarms[0]!.stop).toBe('queries');
    for (const inv of d.invocations) expect(inv.queries).toBeLessThanOrEqual(20);
    const firstAlarmCalls = d.tg.calls.filter((c) => c.at === T);
    expect(firstAlarmCalls.length).toBeLessThan(27);
    for (const chat of chats) {
      const parts = sentTo(d, String(chat)).map((call) => String(call.body.text));
      expect(parts.map((p) => p.slice(0, 11))).toEqual([
        `${chat} phần 1`,
        `${chat} phần 2`,
        `${chat} phần 3`,
      ]);
      expect(parts.join('\n').replace(/\s/g, '')).toBe(long(chat).replace(/\s/g, ''));
    }
    expect(await d.pending()).toBe(0);
    expect(d.tg.count429).toBe(0);
  });
});
