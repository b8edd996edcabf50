import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Node project: everything under test/ except the Workers tests. Workers project: test/worker/ inside
// workerd (the real Worker entry, D1 with the real migrations), all offline.
/** The Telegram settings of the Workers tests (test/worker/fake-telegram-fetch.ts answers for them). */
const WORKER_TEST_VARS = {
  TELEGRAM_BOT_TOKEN: '123:abc',
  TELEGRAM_WEBHOOK_SECRET: 'worker_secret_123456',
  TELEGRAM_API_ROOT: 'https://telegram.test',
  TELEGRAM_BOT_ID: '123',
  TELEGRAM_BOT_USERNAME: 'chibo_test_bot',
  LOG_LEVEL: 'error',
};

export default defineConfig(async () => {
  const TEST_MIGRATIONS = await readD1Migrations('db/migrations');
  return {
    test: {
      projects: [
        {
          test: {
            name: 'node',
            include: ['test/**/*.test.ts'],
            exclude: ['test/worker/**', 'node_modules/**'],
            testTimeout: 20_000,
            hookTimeout: 30_000,
          },
        },
        {
          plugins: [
            cloudflareTest({
              main: './src/entry/worker.ts',
              wrangler: { configPath: './wrangler.toml' },
              // The pacer Durable Object reads its platform settings from the deployment's bindings,
              // like in production: the tests' fake Bot API answers at telegram.test.
              miniflare: { bindings: { TEST_MIGRATIONS, ...WORKER_TEST_VARS } },
            }),
          ],
          test: {
            name: 'workers',
            // After the Node project, not beside it: workerd's start-up competes for the CPU with the
            // Node project's timing-sensitive end-to-end tests on 2-core machines.
            sequence: { groupOrder: 1 },
            include: ['test/worker/**/*.test.ts'],
            setupFiles: ['test/worker/apply-migrations.ts'],
            testTimeout: 20_000,
            hookTimeout: 30_000,
          },
        },
      ],
    },
  };
});
