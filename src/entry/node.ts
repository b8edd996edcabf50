/** `npm start`: the bot on Node with the embedded SQLite file. The only place that reads process.env. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { createRuntime, type Runtime } from './node-runtime';
import { oneLine, StartupError } from './startup-error';

/** After a stop signal, the longest the in-flight work may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 15_000;

function fail(message: string, err?: unknown): never {
  console.error(`chibo cannot start: ${message}`);
  if (err && process.env.LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
}

// With `npm start` the signal comes from npm (which forwards it) or from the terminal (the whole group,
// so it can arrive twice): the first one stops, any later one is ignored. Installed before anything
// starts, so that a signal during start-up waits for it instead of killing a migration half-way.
let markReady: (rt: Runtime) => void = () => {};
const ready = new Promise<Runtime>((resolve) => {
  markReady = resolve;
});
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`chibo stopping (${signal}): finishing the work in flight`);
    setTimeout(() => {
      console.error(`chibo did not stop within ${STOP_TIMEOUT_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    // A start-up that fails exits through fail() and never makes `ready` resolve.
    void ready
      .then((rt) => rt.stop())
      .then(
        () => {
          console.log('chibo stopped');
          process.exit(0);
        },
        (err: unknown) => {
          console.error(`chibo stop failed: ${oneLine(err)}`);
          process.exit(1);
        },
      );
  });
}

let config: ReturnType<typeof loadConfig>;
let runtime: Runtime;
let port: number;
try {
  if (existsSync('.env')) process.loadEnvFile('.env');
  config = loadConfig(process.env);
  runtime = await createRuntime(config);
  ({ port } = await runtime.listen());
  markReady(runtime);
} catch (err) {
  if (err instanceof ConfigError || err instanceof StartupError) fail(err.message);
  fail(oneLine(err), err);
}

const local = config.HOST === '127.0.0.1' || config.HOST === 'localhost' || config.HOST === '::1';
const shown = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
const modes = [
  config.TELEGRAM_BOT_TOKEN
    ? config.TELEGRAM_POLLING
      ? 'Telegram (long polling)'
      : 'Telegram (webhook)'
    : null,
  config.ZALO_BOT_TOKEN ? 'Zalo (webhook)' : null,
  config.SIMULATOR ? `simulator at http://${local ? 'localhost' : shown}:${port}/` : null,
].filter(Boolean);
console.log(
  `chibo listening on ${shown}:${port}${local ? ' (this machine only)' : ''} — ${modes.join(', ')}; database ${config.DATABASE_PATH}`,
);
if (config.SIMULATOR && !local) {
  console.warn(
    `HOST=${config.HOST}: the simulator is open to the network; anyone who reaches port ${port} can act as any simulator person`,
  );
}
