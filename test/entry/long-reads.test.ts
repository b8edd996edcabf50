/**
 * Long reads in the Node runtime's helper thread (src/entry/long-reads.ts): the same figures as in
 * place, from the thread's own read-only connection to the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../commands/index';
import '../../src/scheduler/jobs';
import { unitByCode } from '../../db/repo/units';
import { computeSummary } from '../../src/domain/summaries/compute';
import { laggardAnswer } from '../../src/domain/summaries/laggards';
import { monthPeriod, quarterPeriod } from '../../src/domain/summaries/period';
import { summaryPng, summaryXlsx } from '../../src/domain/summaries/renderers';
import { resolveTarget } from '../../src/domain/summaries/target';
import { type LongReadThread, startLongReadThread } from '../../src/entry/long-reads';
import { installNodeSummaryRenderers } from '../../src/entry/node-summary-renderers';
import { attachLongReads, longReadNames } from '../../src/offload';
import { createHarness, type Harness } from '../support/harness';
import { seedQuanSon } from '../support/summary-fixture';

const at = { now: new Date('2026-12-02T03:00:00Z'), tz: 'Asia/Ho_Chi_Minh' };
const quiet = { debug() {}, info() {}, warn() {}, error: vi.fn() };

let dir: string;
let file: string;
let h: Harness;
let thread: LongReadThread | undefined;
let detach: (() => void) | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chibo-long-reads-'));
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

function offThread(path = file, opts: { idleMs?: number } = {}): LongReadThread {
  thread = startLongReadThread(path, h.db, quiet, opts);
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
      'long-read thread did not start; reading in place',
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
    const worker = new Worker(new URL('../../src/entry/long-reads-thread.mjs', import.meta.url), {
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
