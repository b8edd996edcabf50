/**
 * A wave spread over the morning (REMINDER_SPREAD_MINUTES=60): ticks every minute from 07:00 write
 * each cell's reminder at its own minute, once, and lowering the spread meanwhile skips nobody.
 */
import { and, eq, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema';
import { spreadOffsetMs } from '../../src/domain/meetings/reminders';
import { meetingJobs } from '../../src/scheduler/meetings';
import { tick } from '../../src/scheduler/tick';
import { createHarness, type Harness } from '../support/harness';

const CELLS = 40;
const local = (s: string) => new Date(`${s}+07:00`);
let h: Harness | undefined;
afterEach(() => h?.close());

async function province(spread: string) {
  h = await createHarness('2026-11-26T03:00:00Z', { REMINDER_SPREAD_MINUTES: spread });
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  for (let i = 0; i < CELLS; i++) {
    await h.unit(`KP${i}`, `Chi bộ ${i}`, 'cell', 'XQS', {
      meetingRule: JSON.stringify({ type: 'day', day: 5, time: '19:30', place: 'Nhà văn hóa' }),
    });
    await h.person(`bt${i}`, `Bí thư ${i}`, [{ role: 'secretary', unit: `KP${i}` }]);
  }
  h.setNow(local('2026-11-26T10:01:00'));
  await tick(h.deps, h.now(), meetingJobs);
  return h;
}

const d3Rows = (harness: Harness) =>
  harness.db
    .select()
    .from(outbox)
    .where(and(like(outbox.dedupeKey, 'meeting:%:d3'), eq(outbox.platform, 'sim')))
    .all();

describe('a reminder wave spread over the morning', () => {
  it('goes out a few cells a minute from 07:00, each cell at its own minute, each once', async () => {
    const harness = await province('60');
    const perTick: number[] = [];
    for (let minute = 0; minute <= 61; minute++) {
      const before = (await d3Rows(harness)).length;
      harness.setNow(new Date(local('2026-12-02T07:00:00').getTime() + minute * 60_000));
      await tick(harness.deps, harness.now(), meetingJobs);
      perTick.push((await d3Rows(harness)).length - before);
    }
    const rows = await d3Rows(harness);
    expect(rows).toHaveLength(CELLS);
    expect(new Set(rows.map((r) => r.chatId)).size).toBe(CELLS);
    expect(Math.max(...perTick)).toBeLessThan(CELLS / 4);
    expect(perTick.filter((n) => n > 0).length).toBeGreaterThan(10);
    // Each went out at its cell's minute: the tick that wrote it is REMINDER_TIME plus the offset.
    for (const r of rows) {
      const unit = r.dedupeKey!.split(':')[1]!;
      const meetingUnit = await harness.db.query.meetings.findFirst({
        where: (m, { eq: e }) => e(m.id, unit),
      });
      const offset = spreadOffsetMs(meetingUnit!.unitId, harness.deps.config);
      expect(r.nextAttemptAt).toBe(local('2026-12-02T07:00:00').getTime() + offset);
    }
  });

  it('lowering the spread while the morning is under way skips no cell', async () => {
    const harness = await province('60');
    harness.setNow(local('2026-12-02T07:10:00'));
    await tick(harness.deps, harness.now(), meetingJobs);
    const early = (await d3Rows(harness)).length;
    expect(early).toBeLessThan(CELLS);
    // The operator sets the spread back to 0: every cell's time is now 07:00, before the cursor
    // that waits for its old minute; each is still reminded, at that minute at the latest, once.
    harness.deps.config = { ...harness.deps.config, REMINDER_SPREAD_MINUTES: 0 };
    for (let minute = 11; minute <= 60; minute++) {
      harness.setNow(new Date(local('2026-12-02T07:00:00').getTime() + minute * 60_000));
      await tick(harness.deps, harness.now(), meetingJobs);
    }
    const rows = await d3Rows(harness);
    expect(rows).toHaveLength(CELLS);
    expect(new Set(rows.map((r) => r.chatId)).size).toBe(CELLS);
  });
});
