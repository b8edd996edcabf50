/**
 * The demo is what a newcomer sees first: on the first start (here 1 December) `tonghop`,
 * `chuahop` and `chuabaocao` must show last month's real picture, not "no cell owed anything".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { demoRuleFor } from '../../src/meetings/setup';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
afterEach(() => h?.close());

const text = (replies: { text: string }[]) => replies.map((r) => r.text).join('\n');

describe('the demo organisation on its first start', () => {
  it('gives the coordinator last month with met, missed, late and missing reports', async () => {
    h = await createHarness('2026-12-01T02:00:00Z');
    let n = 0;
    await seedDemo(h.deps.store, h.now(), () => `demo${++n}`, demoRuleFor, h.deps.config.TIMEZONE);

    const summary = text(await h.say('demo-tochuc', 'tonghop'));
    expect(summary).toContain('tháng 11/2026');
    expect(summary).not.toContain('chưa có chi bộ nào phải họp');
    // November (hand-counted from DEMO_HISTORY): KP1, KP2, KP3 met, KP4 did not; KP1 on time,
    // KP2 late, KP3 and KP4 missing.
    expect(summary).toMatch(/3\/4/);

    const notMet = text(await h.say('demo-tochuc', 'chuahop'));
    expect(notMet).toContain('bản Xía');
    expect(notMet).not.toContain('bản Chanh');

    const notReported = text(await h.say('demo-tochuc', 'chuabaocao'));
    expect(notReported).toContain('khu phố 3');
    expect(notReported).toContain('bản Xía');
    expect(notReported).not.toContain('bản Chanh');
  });

  it('counts a cell only against the months already due in a quarter still running', async () => {
    h = await createHarness('2026-12-01T02:00:00Z');
    let n = 0;
    await seedDemo(h.deps.store, h.now(), () => `demo${++n}`, demoRuleFor, h.deps.config.TIMEZONE);
    const quarter = text(await h.say('demo-tochuc', 'tonghop quy 4'));
    // October and November are due, December is running: KP1 met and reported both due months.
    expect(quarter).toContain('(KP1): họp 2/2 tháng đến hạn · báo cáo 2/2 tháng đến hạn');
    expect(quarter).toContain('(KP4): họp 1/2 tháng đến hạn · báo cáo 1/2 tháng đến hạn');
    expect(quarter).not.toMatch(/họp \d\/3 tháng/);
  });
});
