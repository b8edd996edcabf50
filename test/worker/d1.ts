/** An empty, migrated D1 store for each test (D1 storage persists between the tests of a file). */
import { env } from 'cloudflare:workers';
import { createD1Store } from '../../db/d1';
import type { Store } from '../../db/types';

export async function emptyD1(): Promise<void> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
  ).all<{ name: string }>();
  if (results.length > 0) await env.DB.batch(results.map((r) => env.DB.prepare(`DELETE FROM "${r.name}"`)));
}

export async function freshD1Store(): Promise<Store> {
  await emptyD1();
  return createD1Store(env.DB);
}
