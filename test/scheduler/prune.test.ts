import { count } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRUNE_AT_ONCE, pruneProcessed } from '../../db/repo/keys';
import { processedKeys } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-10T03:00:00Z');
});
afterEach(() => h.close());

const keys = async () => (await h.db.select({ n: count() }).from(processedKeys).get())!.n;

describe('pruning processed keys', () => {
  it('drops old keys a bounded number at a time and never a recent one', async () => {
    const old = h.now().getTime() - 10 * 86_400_000;
    const rows = Array.from({ length: PRUNE_AT_ONCE + 10 }, (_, i) => ({ key: `old:${i}`, at: old + i }));
    for (let i = 0; i < rows.length; i += 500)
      await h.commit([h.db.insert(processedKeys).values(rows.slice(i, i + 500))]);
    await h.commit([h.db.insert(processedKeys).values({ key: 'new', at: h.now().getTime() })]);
    const weekAgo = new Date(h.now().getTime() - 7 * 86_400_000);
    await h.commit([pruneProcessed(h.db, weekAgo)]);
    expect(await keys()).toBe(11);
    await h.commit([pruneProcessed(h.db, weekAgo)]);
    expect(await keys()).toBe(1);
  });
});
