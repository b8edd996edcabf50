import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../../db/repo/units';
import { CHART_WIDTH, chartHeight, summaryChartSvg } from '../../../src/domain/summaries/chart';
import { computeSummary } from '../../../src/domain/summaries/compute';
import { monthPeriod } from '../../../src/domain/summaries/period';
import { nodeSummaryRenderers } from '../../../src/entry/node-summary-renderers';
import { createHarness, type Harness } from '../../support/harness';
import { seedQuanSon } from '../../support/summary-fixture';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-02T03:00:00Z');
  await seedQuanSon(h);
});
afterEach(() => h.close());

/** Width and height from the IHDR chunk, after checking the PNG signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect([...bytes.subarray(0, 8)]).toEqual(sig);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe('IHDR');
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

describe('summary chart', () => {
  it('renders a valid PNG of the expected size, one row per child unit', async () => {
    const s = await computeSummary(h.db, (await unitByCode(h.db, 'XQS'))!, monthPeriod(2026, 11), {
      now: h.now(),
      tz: 'Asia/Ho_Chi_Minh',
    });
    const chart = summaryChartSvg(s);
    const png = await nodeSummaryRenderers.png!(chart.svg);
    if (process.env.CHART_OUT) writeFileSync(process.env.CHART_OUT, png);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: chartHeight(4) });
  });
});
