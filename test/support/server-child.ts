/**
 * A server in its own process, for tests that kill it and for benchmarks that load it from outside.
 * `CHILD_MODE=chibo` (default) runs the real runtime from the environment (like `npm start`);
 * `CHILD_MODE=bare` runs a bare Hono server that parses the JSON body and answers 200.
 * Prints `READY <port>` on stdout; over IPC answers `{ type: 'rss' }` with its memory usage, and
 * `{ type: 'loop-start' }` / `{ type: 'loop-stop' }` with the event loop's delays in between.
 * `CHILD_HELPER_THREAD=0` keeps long reads and ticks on the event loop (as before the helper thread).
 */
import type { AddressInfo } from 'node:net';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { loadConfig } from '../../src/config';
import { jsonLogger, silentLogger } from '../../src/deps';
import { createRuntime } from '../../src/entry/node-runtime';

async function start(): Promise<{ port: number; stop(): Promise<void> }> {
  if (process.env.CHILD_MODE === 'bare') {
    const app = new Hono();
    app.post('/webhook/telegram', async (c) => {
      await c.req.json();
      return c.body(null, 200);
    });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, () =>
        resolve(s),
      );
    });
    return {
      port: (server.address() as AddressInfo).port,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }
  const config = loadConfig(process.env);
  const log = process.env.CHILD_LOG ? jsonLogger(config.LOG_LEVEL, console.error) : silentLogger;
  // CHILD_CRON=1: as in production, the scheduler ticks and the outbox is kicked every 2 s.
  const runtime = await createRuntime(config, {
    log,
    cron: process.env.CHILD_CRON === '1',
    helperThread: process.env.CHILD_HELPER_THREAD !== '0',
  });
  // For measuring the webhook path alone: replies stay in the outbox.
  if (process.env.CHILD_NO_DISPATCH) runtime.deps.kick = () => {};
  const { port } = await runtime.listen(config.PORT);
  return { port, stop: () => runtime.stop() };
}

const server = await start();
let loop: IntervalHistogram | undefined;
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'rss') process.send?.({ type: 'rss', ...process.memoryUsage() });
  if (m?.type === 'loop-start') {
    loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    process.send?.({ type: 'loop-started' });
  }
  if (m?.type === 'loop-stop' && loop) {
    loop.disable();
    process.send?.({ type: 'loop', maxMs: loop.max / 1e6, p99Ms: loop.percentile(99) / 1e6 });
  }
  if (m?.type === 'stop') void server.stop().then(() => process.exit(0));
});
process.stdout.write(`READY ${server.port}\n`);
