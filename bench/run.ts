/**
 * `npm run bench`: the figures behind the performance quality bars, measured side by side in one run
 * on this machine (these VMs vary ±20% between runs, so the ratios are what to compare).
 *
 * Servers run in their own processes (test/support/server-child.ts) and autocannon loads them from
 * this one, so the load generator does not share the server's event loop.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { count, eq } from 'drizzle-orm';
import { outbox } from '../db/schema';
import { openDatabase } from '../db/sqlite';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/deps';
import { createRuntime } from '../src/entry/node-runtime';
import { enqueue } from '../src/outbox/enqueue';
import { startChild } from '../test/support/child';
import { CROWD_FIRST_USER, seedCrowd } from '../test/support/crowd';
import { startFakeTelegram } from '../test/support/fake-telegram';
import { realisticLabel, realisticText, telegramUpdate } from '../test/support/realistic';
import { benchBurst, burstMarkdown } from './burst';
import { SECRET, startBenchServer } from './server';

const HERE = dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 50;
const WARMUP_S = 2;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
/** Linked secretaries (one cell each) the requests come from, in turn. */
const SECRETARIES = 200;

interface HttpFigures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
}

/** Autocannon run where every request is a new Telegram update (new update_id). */
async function load(url: string, seconds: number, firstId: number): Promise<HttpFigures> {
  let next = firstId;
  const text = realisticText();
  const result = await autocannon({
    url: `${url}/webhook/telegram`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          body: JSON.stringify(telegramUpdate(next, CROWD_FIRST_USER + (next++ % SECRETARIES), text)),
        }),
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

async function benchBare(): Promise<HttpFigures> {
  const child = await startChild({ CHILD_MODE: 'bare' });
  try {
    await load(child.url, WARMUP_S, 1);
    return await load(child.url, DURATION_S, 1_000_000);
  } finally {
    await child.stop();
  }
}

async function benchChibo(): Promise<
  HttpFigures & { rssMb: number; processed: number; sent: number; backlogAtEnd: number; drainS: number }
> {
  const dir = mkdtempSync(join(tmpdir(), 'chibo-bench-'));
  const file = join(dir, 'bench.db');
  const seeded = openDatabase(file);
  await seedCrowd(seeded.store, SECRETARIES, new Date());
  seeded.close();
  // Replies go to a local fake Telegram without limits, so the dispatcher works during the load.
  const tg = await startFakeTelegram();
  const child = await startBenchServer(file, { TELEGRAM_API_ROOT: tg.url });
  try {
    await load(child.url, WARMUP_S, 1);
    const figures = await load(child.url, DURATION_S, 1_000_000);
    // Accepted updates are handled in the background: time how long the backlog takes to clear.
    const drainStart = Date.now();
    let backlogAtEnd = 0;
    for (;;) {
      const h = (await (await fetch(`${child.url}/healthz`)).json()) as { inboxBacklog: number };
      if (!backlogAtEnd) backlogAtEnd = h.inboxBacklog;
      if (h.inboxBacklog === 0 || Date.now() - drainStart > 30_000) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainS = (Date.now() - drainStart) / 1000;
    const rssMb = (await child.rss()) / 2 ** 20;
    // Not stop(): a graceful stop would first work off whatever backlog is left.
    await child.kill9();
    const after = openDatabase(file);
    const processed = after.sqlite.prepare('SELECT count(*) AS n FROM processed_keys').get() as { n: number };
    const sent = await after.store.db
      .select({ n: count() })
      .from(outbox)
      .where(eq(outbox.status, 'sent'))
      .get();
    after.close();
    return { ...figures, rssMb, processed: processed.n, sent: sent?.n ?? 0, backlogAtEnd, drainS };
  } finally {
    await child.stop();
    await tg.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The dispatcher against a fake API enforcing 30 msg/s overall and 1 msg/s per chat. */
async function benchOutbox() {
  const messages = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 240);
  const chats = messages / 2;
  const tg = await startFakeTelegram({ limits: { perSecond: 30, perChatMs: 1000, burst: 1 } });
  const dir = mkdtempSync(join(tmpdir(), 'chibo-bench-outbox-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'outbox.db'),
    DEMO_DATA: '0',
    TELEGRAM_BOT_TOKEN: '123:bench',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: tg.url,
  });
  const rt = await createRuntime(config, { log: silentLogger, cron: false });
  try {
    const now = new Date();
    const writes = [];
    for (let i = 0; i < messages; i++) {
      writes.push(
        ...enqueue(
          rt.database.store.db,
          { platform: 'telegram', chatId: String(7000 + (i % chats)) },
          { text: `Tin thử ${i}` },
          // Separate messages, written a moment apart (the same millisecond would mark parts of one reply).
          new Date(now.getTime() + i),
        ),
      );
    }
    await rt.database.store.commit(writes);
    const started = Date.now();
    const deadline = started + 60_000;
    while (tg.callsTo('sendMessage').length < messages && Date.now() < deadline) await rt.drain();
    const calls = tg.callsTo('sendMessage');
    const seconds = ((calls.at(-1)?.at ?? Date.now()) - started) / 1000;
    let worst = 0;
    for (const c of calls)
      worst = Math.max(worst, calls.filter((d) => d.at > c.at - 1000 && d.at <= c.at).length);
    return {
      messages,
      sent: calls.length,
      seconds,
      rate: calls.length / seconds,
      worst1s: worst,
      count429: tg.count429,
    };
  } finally {
    await rt.stop();
    await tg.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Extra = { name: string; rows: string[][] } | string;

/** Benchmarks other features contribute (bench/scheduler.ts, bench/summary.ts), when present. */
async function contributed(): Promise<Extra[]> {
  const out: Extra[] = [];
  for (const [file, fn] of [
    ['scheduler.ts', 'benchScheduler'],
    ['summary.ts', 'benchSummary'],
    ['stall.ts', 'benchStall'],
    ['wave.ts', 'benchWave'],
  ] as const) {
    if (!existsSync(join(HERE, file))) {
      out.push(`_${file}: not present yet (${fn} not run)._`);
      continue;
    }
    try {
      const mod = (await import(`./${file.replace(/\.ts$/, '')}`)) as Record<string, () => Promise<unknown>>;
      const started = Date.now();
      const result = await mod[fn]!();
      console.error(`bench: ${fn} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      out.push(toExtra(fn, result));
    } catch (err) {
      out.push(`_${fn} failed: ${err instanceof Error ? err.message : String(err)}_`);
    }
  }
  return out;
}

/** Accepts a Markdown string, an array of flat records, or one flat record. */
function toExtra(name: string, result: unknown): Extra {
  if (typeof result === 'string') return result;
  const named = result as { name?: unknown; figures?: unknown };
  if (typeof named?.name === 'string' && named.figures && typeof named.figures === 'object') {
    return {
      name: `${name}: ${named.name}`,
      rows: [['figure', 'value'], ...Object.entries(named.figures).map(([k, v]) => [k, fmt(v)])],
    };
  }
  const rows = Array.isArray(result) ? result : [result];
  if (rows.every((r) => r && typeof r === 'object')) {
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
    return {
      name,
      rows: [keys, ...rows.map((r) => keys.map((k) => fmt((r as Record<string, unknown>)[k])))],
    };
  }
  return `${name}: ${JSON.stringify(result)}`;
}

const fmt = (v: unknown): string =>
  v && typeof v === 'object'
    ? Object.entries(v)
        .map(([k, x]) => `${k}: ${fmt(x)}`)
        .join('; ')
    : fmtScalar(v);
const fmtScalar = (v: unknown) =>
  typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : String(v);
/** A Markdown table with padded columns (the layout `biome format` gives Markdown tables). */
function table(rows: string[][]): string {
  const width = (text: string) => [...text].length;
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ')} |`;
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

async function main() {
  const t0 = Date.now();
  const stage = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    console.error(`bench: ${name}…`);
    const out = await run();
    console.error(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return out;
  };
  const bare = await stage('bare Hono', benchBare);
  const chibo = await stage('chibo webhook', benchChibo);
  const ob = await stage('outbox dispatch', benchOutbox);
  const burst = await stage('end-to-end burst and steady load', benchBurst);
  const extras = await stage('contributed benchmarks', contributed);
  const ratio = chibo.rps / bare.rps;
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;

  const md = [
    '# Benchmark results',
    '',
    `Machine: ${machine}. Run: ${new Date().toISOString()}, ${((Date.now() - t0) / 1000).toFixed(0)} s in all.`,
    '',
    `## Webhook (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s after ${WARMUP_S} s warm-up, 127.0.0.1)`,
    '',
    table([
      ['path', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ratio to bare'],
      [
        'bare Hono + JSON parse (200)',
        fmt(bare.rps),
        fmt(bare.p50),
        fmt(bare.p99),
        fmt(bare.non2xx),
        fmt(bare.errors),
        '1.00',
      ],
      [
        `chibo /webhook/telegram, ${realisticLabel}`,
        fmt(chibo.rps),
        fmt(chibo.p50),
        fmt(chibo.p99),
        fmt(chibo.non2xx),
        fmt(chibo.errors),
        `**${ratio.toFixed(2)}** (target ≥ 0.60)`,
      ],
    ]),
    '',
    `Full path: real runtime in its own process, SQLite file (WAL, synchronous=NORMAL, group commit), secret header, every request a new update_id, from ${SECRETARIES} linked secretaries in turn; replies dispatched meanwhile to a local fake Telegram API. The webhook acknowledges once the update is durable in the inbox; handling follows in the background, in rounds of 16 (a tenth of the event loop while the webhooks come faster than handling could keep up, as they do here). Backlog when the load stopped: ${chibo.backlogAtEnd} updates, then ${chibo.drainS.toFixed(1)} s of handling (at most 30 s are waited for); updates handled in all: ${chibo.processed} (**${fmt(chibo.processed / (DURATION_S + WARMUP_S + chibo.drainS))} handled/s** end to end); replies sent: ${chibo.sent}. Server RSS after the load: **${chibo.rssMb.toFixed(0)} MiB**.`,
    '',
    ...burstMarkdown(burst),
    '## Outbox dispatch (fake Telegram API enforcing 30 msg/s overall, 1 msg/s per chat, 429 + retry_after)',
    '',
    table([
      [
        'messages',
        'chats',
        'sent',
        'seconds',
        'achieved msg/s',
        'max in any 1 s',
        'limit',
        '429s (target 0)',
      ],
      [
        fmt(ob.messages),
        fmt(ob.messages / 2),
        fmt(ob.sent),
        fmt(ob.seconds),
        fmt(ob.rate),
        fmt(ob.worst1s),
        '30/s',
        fmt(ob.count429),
      ],
    ]),
    '',
    '## Contributed benchmarks',
    '',
    ...extras.flatMap((e) => (typeof e === 'string' ? [e, ''] : [`### ${e.name}`, '', table(e.rows), ''])),
  ].join('\n');
  console.log(md);
  writeFileSync(join(HERE, 'results.md'), `${md.trimEnd()}\n`);
  if (ratio < 0.6) console.error(`\nwarning: full path keeps ${ratio.toFixed(2)} of bare Hono (target 0.60)`);
}

await main();
process.exit(0);
