/**
 * The Node runtime's helper thread (src/entry/helper-thread.ts): long reads give the same figures
 * as in place, from the thread's own read-only connection to the same file; the scheduler tick
 * writes the same rows, committed by the main connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
// Everything the runtime can call, so that longReadNames() is the runtime's whole list.
import '../../src/entry/node-runtime';
import { unitByCode } from '../../db/repo/units';
import { meetings, outbox } from '../../db/schema';
import { statementWrites } from '../../db/sqlite';
import { computeSummary } from '../../src/domain/summaries/compute';
import { laggardAnswer } from '../../src/domain/summaries/laggards';
import { monthPeriod, quarterPeriod } from '../../src/domain/summaries/period';
import { summaryPng, summaryXlsx } from '../../src/domain/summaries/renderers';
import { resolveTarget } from '../../src/domain/summaries/target';
import { type HelperThread, startHelperThread } from '../../src/entry/helper-thread';
import { installNodeSummaryRenderers } from '../../src/entry/node-summary-renderers';
import { attachLongReads, longReadNames } from '../../src/offload';
import { tick } from '../../src/scheduler/tick';
import { createHarness, type Harness } from '../support/harness';
import { seedQuanSon } from '../support/summary-fixture';

const at = { now: new Date('2026-12-02T03:00:00Z'), tz: 'Asia/Ho_Chi_Minh' };
const quiet = { debug() {}, info() {}, warn() {}, error: vi.fn() };

let dir: string;
let file: string;
let h: Harness;
let thread: HelperThread | undefined;
let detach: (() => void) | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-helper-'));
  file = join(dir, 'chibo.db');
  h = await createHarness('2026-12-02T03:00:00Z', { DATABASE_PATH: file });
  await seedQuanSon(h);
  installNodeSummaryRenderers();
  quiet.error.mockClear();
});
afterEach(async () => {
  detach?.();
  await thread?.close();
  thread = undefined;
  h.close();
  rmSync(dir, { recursive: true, force: true });
});

function offThread(path = file, opts: { idleMs?: number } = {}): HelperThread {
  thread = startHelperThread({
    path,
    config: h.deps.config,
    db: h.db,
    log: quiet,
    commit: (statements) => h.commit(statementWrites(h.database.sqlite, statements)),
    kick: () => {},
    tickInPlace: (at) => tick(h.deps, at),
    ...opts,
  });
  detach = attachLongReads(h.db, thread.run).detach;
  return thread;
}

describe('long reads in the helper thread', () => {
  it('give the summary, the laggard list and the unit lookup exactly as in place', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    const roles = [
      {
        assignmentId: 'a',
        role: 'coordinator' as const,
        unitId: xqs.id,
        unitCode: 'XQS',
        unitName: xqs.name,
        unitKind: 'commune',
        unitPath: xqs.path,
      },
    ];
    const ask = () =>
      Promise.all([
        computeSummary(h.db, xqs, monthPeriod(2026, 11), at),
        computeSummary(h.db, xqs, quarterPeriod(2026, 4), at),
        laggardAnswer(h.db, xqs, monthPeriod(2026, 11), 'unreported', at),
        resolveTarget(h.db, roles, 'thon Na thang 11/2026', at.now, at.tz),
      ]);
    const here = await ask();
    const t = offThread();
    const there = await ask();
    expect(t.running).toBe(true);
    expect(there).toEqual(here);
    expect(there[0].totals.met).toBe(3);
  });

  it('sees what was committed a moment before it was asked', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    offThread();
    const before = await computeSummary(h.db, xqs, monthPeriod(2026, 12), at);
    await h.unit('QS6', 'Chi bộ thôn Mới Lập', 'cell', 'XQS');
    const after = await computeSummary(h.db, xqs, monthPeriod(2026, 12), at);
    expect(after.totals.cells).toBe(before.totals.cells + 1);
  });

  it('draw the chart and write the workbook there', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    const summary = await computeSummary(h.db, xqs, monthPeriod(2026, 11), at);
    const pngHere = await summaryPng(h.db, summary);
    offThread();
    const png = await summaryPng(h.db, summary);
    expect(Buffer.from(png).equals(Buffer.from(pngHere))).toBe(true);
    const xlsx = await summaryXlsx(h.db, summary, at);
    expect(Buffer.from(xlsx.subarray(0, 2)).toString()).toBe('PK');
  });

  it('pass an error of the read back to the caller', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    offThread();
    const bad = { ...monthPeriod(2026, 11), months: ['11/2026'] };
    await expect(computeSummary(h.db, xqs, bad, at)).rejects.toThrow('bad period 11/2026');
    // The thread is still there for the next question.
    expect((await computeSummary(h.db, xqs, monthPeriod(2026, 11), at)).totals.cells).toBe(4);
  });

  it('are read in place when the thread cannot start, and the operator is told', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    const here = await computeSummary(h.db, xqs, monthPeriod(2026, 11), at);
    offThread(join(dir, 'missing', 'nothing.db'));
    expect(await computeSummary(h.db, xqs, monthPeriod(2026, 11), at)).toEqual(here);
    expect(quiet.error).toHaveBeenCalledWith(
      'helper thread did not start; working in place',
      expect.objectContaining({ error: expect.any(String) }),
    );
  });

  it('stop the thread when idle and start a new one for the next read', async () => {
    const xqs = (await unitByCode(h.db, 'XQS'))!;
    const t = offThread(file, { idleMs: 1 });
    await computeSummary(h.db, xqs, monthPeriod(2026, 11), at);
    await vi.waitFor(() => expect(t.running).toBe(false));
    expect((await computeSummary(h.db, xqs, monthPeriod(2026, 11), at)).totals.met).toBe(3);
  });

  it('are all known to the thread', async () => {
    const worker = new Worker(new URL('../../src/entry/helper-thread-body.mjs', import.meta.url), {
      workerData: { path: file },
    });
    try {
      const names = await new Promise<string[]>((resolve, reject) => {
        worker.once('message', (m: { ready: string[] }) => resolve(m.ready));
        worker.once('error', reject);
      });
      expect(names).toEqual(longReadNames());
      expect(names).toContain('computeSummary');
    } finally {
      await worker.terminate();
    }
  });
});

describe('the scheduler tick in the helper thread', () => {
  const local = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
  const ids = /id\d{6}|[0-9a-f]{8}-[0-9a-f-]{27}/g;
  const seedCells = async (x: Harness) => {
    await x.unit('XQS2', 'Đảng bộ xã Quan Sơn Hai', 'commune');
    await x.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS2', {
      memberCount: 27,
      meetingRule: JSON.stringify({ type: 'day', day: 31, time: '19:30', place: 'Nhà văn hóa' }),
    });
    await x.unit('KP2', 'Chi bộ bản Na Mèo', 'cell', 'XQS2', { memberCount: 31 });
    await x.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
    await x.person('bt2', 'Lò Thị Bình', [{ role: 'secretary', unit: 'KP2' }]);
  };
  /** What a person would notice: who gets which message when, and the meetings planned. */
  const seen = async (x: Harness) => ({
    messages: (await x.db.select().from(outbox).all())
      // Ids differ between the two databases; the rest is what a person notices.
      .map((r) => `${r.chatId} ${r.dedupeKey?.replace(ids, '*')} ${r.nextAttemptAt} ${r.payload}`)
      .sort(),
    meetings: (await x.db.select().from(meetings).all())
      .map((m) => `${m.slot} ${m.scheduledAt} ${m.status}`)
      .sort(),
  });

  it('plans, nudges and reminds exactly as in place, once even when two ticks overlap', async () => {
    // The twin is the same organisation in memory, ticked in place.
    const twin = await createHarness('2026-12-02T03:00:00Z');
    try {
      await seedQuanSon(twin);
      await seedCells(h);
      await seedCells(twin);
      const t = offThread();
      for (const when of ['2026-12-02 20:00', '2026-12-20 07:00', '2026-12-25 07:00', '2026-12-28 07:00']) {
        await t.tick(local(when));
        await tick(twin.deps, local(when));
      }
      await Promise.all([t.tick(local('2026-12-30 07:00')), t.tick(local('2026-12-30 07:00'))]);
      await tick(twin.deps, local('2026-12-30 07:00'));
      const here = await seen(twin);
      expect(await seen(h)).toEqual(here);
      expect(here.messages.filter((m) => m.includes(':d1')).length).toBe(1);
      expect(here.meetings.length).toBe(2);
    } finally {
      twin.close();
    }
  });
});
