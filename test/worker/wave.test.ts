/**
 * A province's 07:00 reminder wave on Workers, on a test clock: the cron runs plan it within their
 * D1 query budget, the deployment's one pacer sends it at Telegram's rate, and a fake Bot API that
 * enforces Telegram's limits counts what arrives. The Paid plan's budget (1,000 queries an
 * invocation) and the Free plan's (50) are both held, whatever stops where.
 */
import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyD1 } from './d1';
import { fakeDeployment } from './fake-deployment';
import { secretaryChat, seedProvinceWave, WAVE_AT } from './province-wave';

const CELLS = 2_000;

beforeEach(() => emptyD1());

const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())!.n;

describe("a province's 07:00 wave", () => {
  for (const [plan, queries] of [
    ['Paid', 1_000],
    ['Free', 50],
  ] as const) {
    it(`${plan} plan (${queries} queries an invocation): 2,000 secretaries reminded once each, never more than 30 messages in a second, no 429, no invocation over its budget`, async () => {
      await seedProvinceWave(CELLS);
      const d = fakeDeployment({ queries, start: WAVE_AT });
      const planned = () => count("SELECT count(*) AS n FROM outbox WHERE dedupe_key LIKE 'meeting:%:d3'");
      let afterFirstRun = 0;
      // A cron run every minute; between runs the pacer's alarms send what is due.
      for (let minute = 0; minute < 60; minute++) {
        await d.tick(WAVE_AT + minute * 60_000);
        if (minute === 0) afterFirstRun = await planned();
        await d.runAlarms();
        const unplanned = await count(
          `SELECT count(*) AS n FROM meetings WHERE next_reminder_at <= ${WAVE_AT}`,
        );
        if (unplanned === 0 && (await d.pending()) === 0) break;
      }

      expect(await planned()).toBe(CELLS);
      const perChat = new Map<string, number>();
      for (const c of d.tg.calls)
        perChat.set(String(c.body.chat_id), (perChat.get(String(c.body.chat_id)) ?? 0) + 1);
      for (let i = 0; i < CELLS; i++) expect(perChat.get(secretaryChat(i))).toBe(1);
      expect(d.tg.calls).toHaveLength(CELLS);
      expect(d.tg.count429).toBe(0);
      expect(d.tg.busiestSecond()).toBeLessThanOrEqual(30);
      expect(await count("SELECT count(*) AS n FROM outbox WHERE status <> 'sent'")).toBe(0);
      for (const inv of d.invocations) expect(inv.queries).toBeLessThanOrEqual(queries);
      // More than one invocation's budget of sending: alarms stopped at it and the next went on.
      expect(d.invocations.some((a) => a.kind === 'alarm' && a.stop === 'queries')).toBe(true);
      // Paid plans the whole wave in the 07:00 run; Free in pieces over the next runs.
      if (plan === 'Paid') {
        expect(afterFirstRun).toBe(CELLS);
      } else {
        expect(afterFirstRun).toBeGreaterThan(0);
        expect(afterFirstRun).toBeLessThan(CELLS);
      }
    });
  }
});
