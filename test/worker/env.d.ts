/** Bindings the Workers tests see (wrangler.toml's plus the migrations from vitest.config.ts), and the main module. */
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    PACER: DurableObjectNamespace<import('../../src/entry/worker').OutboxPacer>;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
  interface GlobalProps {
    mainModule: typeof import('../../src/entry/worker');
  }
}
