/** The real server in its own process, as every benchmark starts it (test/support/server-child.ts). */
import { type Child, startChild } from '../test/support/child';

export const SECRET = 'bench_secret_12345';
/** Where Telegram calls go when a benchmark keeps replies in the outbox: nowhere (a closed port). */
export const NO_TELEGRAM = 'http://127.0.0.1:9';

export function startBenchServer(file: string, env: Record<string, string> = {}): Promise<Child> {
  return startChild({
    CHILD_MODE: 'chibo',
    PORT: '0',
    DATABASE_PATH: file,
    DEMO_DATA: '0',
    TELEGRAM_BOT_TOKEN: '123:bench',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    ...env,
  });
}
