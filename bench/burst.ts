/**
 * End to end on Node: how long until a burst is not only accepted but handled (inbox empty, every
 * reply in the outbox), against bare Hono accepting the same burst from the same client; and the
 * delay from acceptance to the reply at a steady 500 updates a second.
 *
 * The client is 50 linked secretaries, each sending its updates one after another (the next once
 * the previous got its 200, as a platform delivers a chat's updates), all 50 at once: `/toi`,
 * `/lich`, a one-message report and `/trogiup` in turn. The server is the real runtime in its own
 * process; its replies stay in the outbox (no dispatch), so what is timed is accepting and handling.
 *
 * Run alone with `npx tsx bench/burst.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/sqlite';
import { startChild } from '../test/support/child';
import { CROWD_FIRST_USER, seedCrowd } from '../test/support/crowd';
import { realisticText, telegramUpdate } from '../test/support/realistic';
import { NO_TELEGRAM, SECRET, startBenchServer } from './server';

const SECRETARIES = 50;
const BURST = Number(process.env.BENCH_BURST ?? 3_000);
const RATE = 500;
const SUSTAIN_S = Number(process.env.BENCH_SUSTAIN_SECONDS ?? 10);
const TEXTS = ['/toi', '/lich', `/${realisticText()}`, '/trogiup'];

let nextUpdate = 1;

function post(url: string, userId: number, text: string): Promise<number> {
  return fetch(`${url}/webhook/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify(telegramUpdate(nextUpdate++, userId, text)),
  }).then(async (r) => {
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
    return r.status;
  });
}

/** Every secretary sends its share of `total` updates in order; resolves when all are answered. */
async function burst(url: string, total: number): Promise<void> {
  const each = Math.ceil(total / SECRETARIES);
  await Promise.all(
    Array.from({ length: SECRETARIES }, async (_, s) => {
      for (let i = 0; i < each && s * each + i < total; i++)
        await post(url, CROWD_FIRST_USER + s, TEXTS[i % TEXTS.length]!);
    }),
  );
}

async function seeded(): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-bench-burst-'));
  const file = join(dir, 'burst.db');
  const db = openDatabase(file);
  await seedCrowd(db.store, SECRETARIES, new Date());
  db.close();
  return { dir, file };
}

/** Replies stay in the outbox; nothing goes out to a platform. */
const chibo = (file: string) =>
  startBenchServer(file, { TELEGRAM_API_ROOT: NO_TELEGRAM, CHILD_NO_DISPATCH: '1' });

const waitFor = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
};

async function timeBurstBare(): Promise<number> {
  const child = await startChild({ CHILD_MODE: 'bare' });
  try {
    await burst(child.url, 400); // warm-up
    const started = performance.now();
    await burst(child.url, BURST);
    return (performance.now() - started) / 1000;
  } finally {
    await child.stop();
  }
}

async function timeBurstChibo() {
  const { dir, file } = await seeded();
  const child = await chibo(file);
  const reader = new Database(file, { readonly: true });
  const inbox = reader.prepare('SELECT count(*) AS n FROM inbox');
  const count = (table: string) =>
    (reader.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const empty = () => (inbox.get() as { n: number }).n === 0;
  try {
    await burst(child.url, 400); // warm-up, handled before the clock starts
    await waitFor(empty);
    const [keys0, replies0] = [count('processed_keys'), count('outbox')];
    const started = performance.now();
    await burst(child.url, BURST);
    const acceptedS = (performance.now() - started) / 1000;
    await waitFor(empty);
    const handledS = (performance.now() - started) / 1000;
    const rssMb = (await child.rss()) / 2 ** 20;
    return {
      acceptedS,
      handledS,
      handled: count('processed_keys') - keys0,
      replies: count('outbox') - replies0,
      rssMb,
    };
  } finally {
    reader.close();
    await child.kill9();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `RATE` updates a second for `SUSTAIN_S` seconds; delay from each 200 to its handling's commit. */
export async function timeSustained() {
  const { dir, file } = await seeded();
  const child = await chibo(file);
  const reader = new Database(file, { readonly: true });
  const inbox = reader.prepare('SELECT count(*) AS n FROM inbox');
  try {
    await burst(child.url, 400);
    await waitFor(() => (inbox.get() as { n: number }).n === 0);
    const accepted = new Map<string, number>();
    const sends: Promise<unknown>[] = [];
    const total = RATE * SUSTAIN_S;
    const started = Date.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const id = nextUpdate;
      sends.push(
        post(child.url, CROWD_FIRST_USER + (i % SECRETARIES), TEXTS[Math.floor(i / SECRETARIES) % 4]!).then(
          () => accepted.set(`telegram:${id}`, Date.now()),
        ),
      );
    }
    await Promise.all(sends);
    const sentS = (Date.now() - started) / 1000;
    await waitFor(() => (inbox.get() as { n: number }).n === 0);
    // A reply's outbox row carries the handling's clock (created_at = the processed key's `at`).
    const handledAt = reader.prepare('SELECT at FROM processed_keys WHERE key = ?');
    const delays: number[] = [];
    for (const [key, at] of accepted) {
      const row = handledAt.get(key) as { at: number } | undefined;
      if (row) delays.push(Math.max(0, row.at - at));
    }
    if (process.env.BENCH_DEBUG) {
      const rows = [...accepted].map(([key, at]) => [
        at - started,
        ((handledAt.get(key) as { at: number } | undefined)?.at ?? 0) - at,
      ]);
      console.error(JSON.stringify(rows.filter((r) => r[1]! > 50).slice(0, 200)));
    }
    delays.sort((a, b) => a - b);
    const q = (p: number) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))] ?? NaN;
    return { sent: total, rate: total / sentS, handled: delays.length, p50: q(0.5), p99: q(0.99), max: q(1) };
  } finally {
    reader.close();
    await child.kill9();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface BurstFigures {
  bareS: number;
  chibo: Awaited<ReturnType<typeof timeBurstChibo>>;
  ratio: number;
  sustained: Awaited<ReturnType<typeof timeSustained>>;
}

export async function benchBurst(): Promise<BurstFigures> {
  const bareS = await timeBurstBare();
  const chibo = await timeBurstChibo();
  const sustained = await timeSustained();
  return { bareS, chibo, ratio: bareS / chibo.handledS, sustained };
}

export function burstMarkdown(b: BurstFigures): string[] {
  const f = (n: number, d = 2) => n.toFixed(d);
  return [
    `## End to end (${BURST} updates from ${SECRETARIES} linked secretaries, each in order, all at once: ${TEXTS.map((t) => `\`${t.split(':')[0]}\``).join(', ')} in turn)`,
    '',
    '| what | seconds | updates/s | ratio to bare |',
    '| --- | --- | --- | --- |',
    `| bare Hono + JSON parse accepting the burst | ${f(b.bareS)} | ${f(BURST / b.bareS, 0)} | 1.00 |`,
    `| chibo: accepted | ${f(b.chibo.acceptedS)} | ${f(BURST / b.chibo.acceptedS, 0)} | ${f(b.bareS / b.chibo.acceptedS)} |`,
    `| chibo: handled (inbox empty, replies in the outbox) | ${f(b.chibo.handledS)} | ${f(BURST / b.chibo.handledS, 0)} | **${f(b.ratio)}** (goal ≥ 0.60) |`,
    '',
    `Updates handled: ${b.chibo.handled}, replies written: ${b.chibo.replies}; server RSS after the burst: ${f(b.chibo.rssMb, 0)} MiB. At ${RATE} updates/s for ${SUSTAIN_S} s (${b.sustained.sent} sent at ${f(b.sustained.rate, 0)}/s, ${b.sustained.handled} handled), delay from the webhook's 200 to the handling that wrote the reply: p50 ${b.sustained.p50} ms, **p99 ${b.sustained.p99} ms**, max ${b.sustained.max} ms.`,
    '',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchBurst().then((b) => {
    console.log(burstMarkdown(b).join('\n'));
    process.exit(0);
  });
}
