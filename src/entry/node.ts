/** `npm start`: the bot on Node with the embedded SQLite file. The only place that reads process.env. */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { createRuntime } from './node-runtime';

if (existsSync('.env')) process.loadEnvFile('.env');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const runtime = await createRuntime(config);
const { port } = await runtime.listen();
const modes = [
  config.TELEGRAM_BOT_TOKEN
    ? config.TELEGRAM_POLLING
      ? 'Telegram (long polling)'
      : 'Telegram (webhook)'
    : null,
  config.ZALO_BOT_TOKEN ? 'Zalo (webhook)' : null,
  config.SIMULATOR ? `simulator at http://localhost:${port}/` : null,
].filter(Boolean);
console.log(`chibo listening on :${port} — ${modes.join(', ')}; database ${config.DATABASE_PATH}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void runtime.stop().then(() => process.exit(0));
  });
}
