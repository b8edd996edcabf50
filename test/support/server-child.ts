/**
 * A server in its own process, for tests that kill it and for benchmarks that load it from outside.
 * `CHILD_MODE=chibo` (default) runs the real runtime from the environment (like `npm start`);
 * `CHILD_MODE=bare` runs a bare Hono server that parses the JSON body and answers 200.
 * Prints `READY <port>` on stdout; over IPC answers `{ type: 'rss' }` with its memory usage.
 */
import type { AddressInfo } from 'node:net';
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
  const runtime = await createRuntime(config, { log, cron: process.env.CHILD_CRON === '1' });
  // For measuring the webhook path alone: replies stay in the outbox.
  if (process.env.CHILD_NO_DISPATCH) runtime.deps.kick = () => {};
  const { port } = await runtime.listen(config.PORT);
  return { port, stop: () => runtime.stop() };
}

const server = await start();
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'rss') process.send?.({ type: 'rss', ...process.memoryUsage() });
  if (m?.type === 'stop') void server.stop().then(() => process.exit(0));
});
process.stdout.write(`READY ${server.port}\n`);
