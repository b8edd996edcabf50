/**
 * The cron run of a Worker within D1's query limit for one invocation, on the days a province's
 * timed work is heaviest: the 07:00 reminder wave, a Monday's weekly digests (with the morning-after
 * questions), the nudge on the 20th, the report reminders on the 25th, the monthly digests on the
 * 1st and the escalations on the 3rd. With the Paid plan's 1,000 queries one run does it all; with
 * the Free plan's 50 each run stops at the budget and the next goes on, and the outbox ends up
 * with exactly the same messages, none lost, none twice. Queries are counted at the D1 binding.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyD1 } from './d1';
import { fakeDeployment } from './fake-deployment';
import { seedProvinceWave } from './province-wave';

const CELLS = 2_000;
const local = (s: string) => new Date(`${s}+07:00`).getTime();

// What an operator reads in `wrangler tail`: a run that stops at the budget is paused, not failed.
let logged: string[] = [];
beforeEach(async () => {
  logged = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    logged.push(String(line));
  });
  await emptyD1();
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function outboxKeys(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    'SELECT dedupe_key AS k, chat_id AS c FROM outbox ORDER BY k, c',
  ).all<{
    k: string | null;
    c: string;
  }>();
  return results.map((r) => `${r.k} → ${r.c}`);
}

/** `runs` cron runs a minute apart from `at`; the queries of each and the outbox size after each. */
async function cron(at: number, queries: number, runs: number) {
  const d = fakeDeployment({ queries, start: at });
  const sizes: number[] = [];
  for (let minute = 0; minute < runs; minute++) {
    await d.tick(at + minute * 60_000);
    sizes.push((await outboxKeys()).length);
  }
  return { queries: d.invocations.map((i) => i.queries), sizes };
}

describe('a cron run of a province within its query budget', () => {
  for (const [what, at, rules] of [
    ['the 07:00 reminder wave', '2026-12-02T07:00:00', true],
    ['Monday: weekly digests and the morning-after questions', '2026-12-07T07:30:00', true],
    ['the 20th: nudges to cells without a rule', '2026-12-20T07:00:00', false],
    ['the 25th: report reminders', '2026-12-25T07:00:00', true],
    ['the 1st: monthly digests', '2027-01-01T07:30:00', true],
    ['the 3rd: escalations of missing reports', '2027-01-03T07:00:00', true],
  ] as const) {
    it(`${what}: one Paid run (1,000) does it all; Free runs (50) go on from each other to the same messages`, async () => {
      await seedProvinceWave(CELLS, { rules });
      const paid = await cron(local(at), 1_000, 2);
      const expected = await outboxKeys();
      expect(expected.length).toBeGreaterThan(0);
      expect(paid.queries[0]).toBeLessThanOrEqual(1_000);
      // The first run wrote everything: the second found nothing left to write.
      expect(paid.sizes[1]).toBe(paid.sizes[0]);

      await emptyD1();
      await seedProvinceWave(CELLS, { rules });
      const free = await cron(local(at), 50, 40);
      for (const q of free.queries) expect(q).toBeLessThanOrEqual(50);
      // It took several runs, each going on where the last one stopped.
      expect(free.sizes[0]).toBeLessThan(expected.length);
      expect(await outboxKeys()).toEqual(expected);
      expect(logged.filter((l) => l.includes('job failed'))).toEqual([]);
    });
  }
});
