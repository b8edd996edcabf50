/**
 * Event-loop stalls during national questions: the country of bench/summary.ts (100,000 cells, two
 * years), a coordinator of the whole country and 50 secretaries linked by Telegram, the real server
 * in its own process. While secretaries' webhooks arrive at a steady rate, the coordinator asks for
 * the national year (`tonghop nam 2026`) and the national list of cells without a meeting
 * (`chuahop thang 11/2026`). The server watches its own event loop (perf_hooks.monitorEventLoopDelay)
 * from the question until the answer is in the outbox; the same twice, with long reads on the event
 * loop (as before the helper thread) and in the helper thread.
 *
 * Run alone with `npx tsx bench/stall.ts` (BENCH_COUNTRY=FILE reuses a country database).
 */

import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { telegramUpdate } from '../test/support/realistic';
import { NO_TELEGRAM, SECRET, startBenchServer } from './server';
import { countryDatabase } from './summary';

const COORDINATOR = 700_001;
const FIRST_SECRETARY = 710_001;
const SECRETARIES = 50;
/** Webhooks per second while the questions run: a busy evening of a large province. */
const RATE = 200;
// With the slash: after the warm-up a paged answer waits for "tiếp", and inside a flow a command
// with words after it counts only with its slash.
const QUESTIONS = ['/tonghop nam 2026', '/chuahop thang 11/2026'];

/** The people of the benchmark, added to the country once (the ids make a second run a no-op). */
function link(file: string): void {
  const db = new Database(file);
  const t = Date.now();
  const person = db.prepare('INSERT OR IGNORE INTO people (id, name, created_at) VALUES (?, ?, ?)');
  const identity = db.prepare(
    `INSERT OR IGNORE INTO chat_identities (id, platform, external_id, chat_id, person_id, linked_at)
     VALUES (?, 'telegram', ?, ?, ?, ?)`,
  );
  const role = db.prepare(
    'INSERT OR IGNORE INTO role_assignments (id, person_id, unit_id, role, valid_from) VALUES (?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    const add = (n: number, name: string, unit: string, r: string) => {
      person.run(`bench-p${n}`, name, t);
      identity.run(`bench-i${n}`, String(n), String(n), `bench-p${n}`, t);
      role.run(`bench-r${n}`, `bench-p${n}`, unit, r, t - 60_000);
    };
    add(COORDINATOR, 'Điều phối toàn quốc', 'N', 'coordinator');
    for (let i = 0; i < SECRETARIES; i++) add(FIRST_SECRETARY + i, `Bí thư ${i}`, `P1C1K${i}`, 'secretary');
  })();
  db.close();
}

async function until(done: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Asked {
  question: string;
  seconds: number;
  maxStallMs: number;
  p99StallMs: number;
}

async function measure(file: string, longReads: boolean) {
  const child = await startBenchServer(file, {
    TELEGRAM_API_ROOT: NO_TELEGRAM,
    CHILD_NO_DISPATCH: '1',
    CHILD_HELPER_THREAD: longReads ? '1' : '0',
  });
  const reader = new Database(file, { readonly: true });
  const replies = reader.prepare('SELECT count(*) AS n FROM outbox WHERE chat_id = ?');
  const answered = () => (replies.get(String(COORDINATOR)) as { n: number }).n;
  // Fresh update ids on every run, so a reused country database never takes one as a redelivery.
  let update = Date.now() * 10 + (longReads ? 5 : 0) * 1_000_000;
  const post = (userId: number, text: string) =>
    fetch(`${child.url}/webhook/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify(telegramUpdate(++update, userId, text)),
    });
  try {
    // Warm-up: the page cache, and (with long reads) the helper thread.
    const warm = answered();
    await post(COORDINATOR, '/tonghop thang 10/2026');
    await until(() => answered() > warm, 'the warm-up answer');

    const traffic = autocannon({
      url: `${child.url}/webhook/telegram`,
      connections: 10,
      overallRate: RATE,
      duration: 600,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            body: JSON.stringify(telegramUpdate(++update, FIRST_SECRETARY + (update % SECRETARIES), '/toi')),
          }),
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 1_000));
    const asked: Asked[] = [];
    for (const question of QUESTIONS) {
      const before = answered();
      const stop = await child.watchLoop();
      const started = performance.now();
      await post(COORDINATOR, question);
      await until(() => answered() > before, `the answer to ${question}`);
      const seconds = (performance.now() - started) / 1000;
      const loop = await stop();
      asked.push({ question, seconds, maxStallMs: loop.maxMs, p99StallMs: loop.p99Ms });
    }
    traffic.stop();
    const load = await traffic;
    return { asked, webhookP99: load.latency.p99, webhookMax: load.latency.max, non2xx: load.non2xx };
  } finally {
    reader.close();
    await child.kill9();
  }
}

export async function benchStall(): Promise<Record<string, string>[]> {
  const { file } = await countryDatabase();
  link(file);
  const before = await measure(file, false);
  const after = await measure(file, true);
  return (
    [
      ['on the event loop (before)', before],
      ['helper thread', after],
    ] as const
  ).flatMap(([label, r]) =>
    r.asked.map((a) => ({
      'national question': `\`${a.question}\``,
      'long reads': label,
      'answer s': a.seconds.toFixed(2),
      'longest stall ms': a.maxStallMs.toFixed(0),
      'stall p99 ms': a.p99StallMs.toFixed(0),
      [`webhook p99 / max ms (${RATE}/s meanwhile)`]: `${r.webhookP99} / ${r.webhookMax}`,
    })),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchStall().then((r) => console.log(JSON.stringify(r, null, 2)));
}
