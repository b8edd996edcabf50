/**
 * A province's 07:00 reminder wave (2,000 messages, one per secretary) sent to a fake Telegram API
 * that enforces Telegram's limits (test/support/fake-telegram.ts: 30 a second overall, 1 a second
 * per chat, 429 with retry_after beyond), measured where it arrives.
 *
 * On Workers: the real Worker in workerd (`wrangler dev`, local D1, the OutboxPacer Durable Object
 * with real alarms), with the wave written to D1 as the cron run writes it, then two cron runs
 * started at the same moment, each poking the pacer. Once with the Free plan's query budget (50 an
 * invocation) and once with Paid's (1,000).
 *
 * Before, for comparison: what two isolates did when each drained with its own pacing, reproduced in
 * Node as two dispatchers with separate rate limiters over one SQLite outbox, draining at once.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase } from '../db/sqlite';
import { loadConfig } from '../src/config';
import { createDispatcher } from '../src/outbox/dispatcher';
import { enqueue } from '../src/outbox/enqueue';
import { createPlatforms } from '../src/platforms';
import { type FakeTelegram, startFakeTelegram } from '../test/support/fake-telegram';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WAVE = Number(process.env.BENCH_WAVE ?? 2_000);
const run = promisify(execFile);

export interface WaveFigures {
  setup: string;
  messages: number;
  sent: number;
  seconds: number;
  rate: number;
  /** Messages that reached the API in its busiest second, refused ones included. */
  worst1s: number;
  count429: number;
  /** Pacer alarms that stopped at their query budget (each followed by the next at once). */
  budgetStops?: number;
}

function figures(
  setup: string,
  tg: FakeTelegram,
  messages: number,
  extra: Partial<WaveFigures> = {},
): WaveFigures {
  const calls = tg.callsTo('sendMessage');
  const times = tg.allCalls
    .filter((c) => c.method === 'sendMessage')
    .map((c) => c.at)
    .sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 1000) i++;
    worst = Math.max(worst, j - i + 1);
  }
  const accepted = calls.map((c) => c.at).sort((a, b) => a - b);
  const seconds = accepted.length > 1 ? (accepted.at(-1)! - accepted[0]!) / 1000 : 0;
  return {
    setup,
    messages,
    sent: calls.length,
    seconds,
    rate: seconds > 0 ? calls.length / seconds : calls.length,
    worst1s: worst,
    count429: tg.count429,
    ...extra,
  };
}

const limits = { perSecond: 30, perChatMs: 1000, burst: 1 };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The wave as rows, the way the 07:00 cron run writes them (bulk, unique keys, one chat each). */
function waveSql(n: number, at: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `w${at.toString(36)}${String(i).padStart(6, '0')}`;
    const payload = JSON.stringify({ text: `Nhắc họp chi bộ ${i}: 19:30 Thứ Bảy, còn 3 ngày nữa.` }).replace(
      /'/g,
      "''",
    );
    rows.push(
      `('${id}','meeting:M${i}:S${i}:d3','telegram','${300_000 + i}','S${i}','${payload}','pending',0,${at},${at},1)`,
    );
  }
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 200)
    out.push(
      `INSERT INTO outbox (id, dedupe_key, platform, chat_id, person_id, payload, status, attempts, next_attempt_at, created_at, priority) VALUES ${rows.slice(i, i + 200).join(',')};`,
    );
  return out.join('\n');
}

async function untilSent(tg: FakeTelegram, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (tg.callsTo('sendMessage').length < n && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 200));
}

/** The real Worker in workerd, the wave in its local D1, two cron runs at once poking the pacer. */
async function onWorkers(queries: number): Promise<WaveFigures> {
  const setup = `Workers (wrangler dev, workerd, local D1), one OutboxPacer Durable Object, two cron runs poking it at once, D1_QUERY_LIMIT=${queries}`;
  const tg = await startFakeTelegram({ limits });
  const dir = mkdtempSync(join(tmpdir(), 'chibo-bench-wave-'));
  let child: ChildProcess | undefined;
  let budgetStops = 0;
  try {
    const wrangler = join(ROOT, 'node_modules', '.bin', 'wrangler');
    const persist = ['--persist-to', join(dir, 'state')];
    await run(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
    });
    writeFileSync(join(dir, 'wave.sql'), waveSql(WAVE, Date.now()));
    await run(wrangler, ['d1', 'execute', 'DB', '--local', ...persist, '--file', join(dir, 'wave.sql')], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
    });
    writeFileSync(
      join(dir, 'bench.env'),
      [
        'TELEGRAM_BOT_TOKEN=123:bench',
        'TELEGRAM_WEBHOOK_SECRET=bench_secret_12345',
        `TELEGRAM_API_ROOT=${tg.url}`,
        'TELEGRAM_BOT_ID=123',
        'TELEGRAM_BOT_USERNAME=chibo_bench_bot',
        `D1_QUERY_LIMIT=${queries}`,
        'LOG_LEVEL=info',
      ].join('\n'),
    );
    const port = await freePort();
    const inspector = await freePort();
    child = spawn(
      wrangler,
      [
        'dev',
        '--local',
        ...persist,
        '--env-file',
        join(dir, 'bench.env'),
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--inspector-port',
        String(inspector),
        '--test-scheduled',
        '--show-interactive-dev-session=false',
      ],
      { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } },
    );
    let output = '';
    const logFile = process.env.BENCH_WAVE_LOG;
    const onLine = (chunk: Buffer) => {
      const text = chunk.toString();
      if (logFile) appendFileSync(logFile, text);
      output = (output + text).slice(-2_000);
      budgetStops += (text.match(/"msg":"pacer\.resume","stop":"queries"/g) ?? []).length;
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', onLine);
    const base = `http://127.0.0.1:${port}`;
    const ready = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null || Date.now() > ready)
        throw new Error(`wrangler dev did not start: ${output.replace(/\s+/g, ' ').slice(-300)}`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    // Two cron runs at the same moment: in production two invocations, maybe in two isolates.
    await Promise.all([1, 2].map(() => fetch(`${base}/__scheduled?cron=*+*+*+*+*`)));
    await untilSent(tg, WAVE, 240_000);
    return figures(setup, tg, WAVE, { budgetStops });
  } finally {
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await tg.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Before: two isolates, each pacing only its own sends, draining one outbox at once. */
async function twoIsolatesBefore(): Promise<WaveFigures> {
  const n = Math.min(WAVE, 600);
  const tg = await startFakeTelegram({ limits });
  const dir = mkdtempSync(join(tmpdir(), 'chibo-bench-before-'));
  const database = openDatabase(join(dir, 'outbox.db'));
  try {
    const now = new Date();
    const writes = [];
    for (let i = 0; i < n; i++)
      writes.push(
        ...enqueue(
          database.store.db,
          { platform: 'telegram', chatId: String(400_000 + i) },
          { text: `Nhắc ${i}` },
          now,
        ),
      );
    await database.store.commit(writes);
    const config = loadConfig({
      DEMO_DATA: '0',
      TELEGRAM_BOT_TOKEN: '123:bench',
      TELEGRAM_WEBHOOK_SECRET: 'bench_secret_12345',
      TELEGRAM_API_ROOT: tg.url,
    });
    const isolate = () => {
      const { channels } = createPlatforms(config);
      return createDispatcher({ store: database.store, channels, now: () => new Date() });
    };
    const [a, b] = [isolate(), isolate()];
    const deadline = Date.now() + 120_000;
    while (tg.callsTo('sendMessage').length < n && Date.now() < deadline)
      await Promise.all([a.drain({ budgetMs: 20_000 }), b.drain({ budgetMs: 20_000 })]);
    return figures(
      'Before: two isolates each pacing its own sends (two dispatchers, separate rate limiters, one outbox, in Node)',
      tg,
      n,
    );
  } finally {
    database.close();
    await tg.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWave(): Promise<WaveFigures[]> {
  const out: WaveFigures[] = [];
  const only = process.env.BENCH_WAVE_QUERIES;
  if (!only) out.push(await twoIsolatesBefore());
  for (const queries of only ? [Number(only)] : [50, 1_000]) {
    try {
      out.push(await onWorkers(queries));
    } catch (err) {
      out.push({
        setup: `Workers, D1_QUERY_LIMIT=${queries}: not measured (${err instanceof Error ? err.message : String(err)})`,
        messages: WAVE,
        sent: 0,
        seconds: 0,
        rate: 0,
        worst1s: 0,
        count429: 0,
      });
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchWave().then((r) => {
    console.log(JSON.stringify(r, null, 2));
    process.exit(0);
  });
}
