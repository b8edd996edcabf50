/**
 * On D1, drizzle wraps a failed query as "Failed query: …\nparams: …": the values (a message text, a
 * name, a login link) would reach `wrangler tail` with every error logged. The log drops them.
 */
import { describe, expect, it } from 'vitest';
import { units } from '../../db/schema';
import { jsonLogger } from '../../src/deps';
import { freshD1Store } from './d1';

describe('a failed D1 query in the log', () => {
  it('keeps the query and drops its values', async () => {
    const { db } = await freshD1Store();
    const row = {
      id: 'u1',
      code: 'KP3',
      name: 'Chi bộ khu phố 3',
      kind: 'cell',
      path: '/u1',
      depth: 0,
      createdAt: 0,
    };
    await db.insert(units).values(row);
    const secret = 'https://chibo.example/web/login/3f9c-very-secret';
    let error = '';
    try {
      await db.insert(units).values({ ...row, name: secret });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    expect(error).toContain(secret); // what drizzle hands to whoever logs it
    const lines: string[] = [];
    jsonLogger('info', (l) => lines.push(l)).error('job failed', { job: 'x', error });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Failed query: insert into');
    expect(lines[0]).not.toContain(secret);
  });
});
