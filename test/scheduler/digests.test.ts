import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupLinks } from '../../db/schema';
import { digestJob } from '../../src/scheduler/digests';
import { createHarness, type Harness } from '../support/harness';
import { seedQuanSon } from '../support/summary-fixture';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-11-30T00:00:00Z'); // Monday 07:00 in Hà Nội
  await seedQuanSon(h);
  await h.person('cu-qs', 'Đỗ Cấp Ủy', [{ role: 'committee', unit: 'XQS' }]);
  const xqs = (await h.db.query.units.findFirst({ where: (u, { eq }) => eq(u.code, 'XQS') }))!;
  await h.commit([
    h.db
      .insert(groupLinks)
      .values({ id: 'g1', platform: 'sim', chatId: 'group-qs', unitId: xqs.id, mode: 'both', linkedAt: 0 }),
  ]);
});
afterEach(() => h.close());

describe('committee digests', () => {
  it('sends the weekly digest once at 07:30 on Monday, to members and the linked group', async () => {
    await digestJob.run(h.deps, h.now());
    expect(await h.sent('cu-qs')).toHaveLength(0);
    h.setNow('2026-11-30T00:30:00Z');
    await digestJob.run(h.deps, h.now());
    h.advance(60_000);
    await digestJob.run(h.deps, h.now());
    const got = await h.sent('cu-qs');
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('BẢN TIN TUẦN 23/11–29/11/2026 — Xã Quan Sơn');
    expect(await h.sent('group-qs')).toHaveLength(1);
  });

  it('sends the monthly digest on the 1st about last month, once', async () => {
    h.setNow('2026-12-01T01:00:00Z');
    await digestJob.run(h.deps, h.now());
    await digestJob.run(h.deps, h.now());
    const got = await h.sent('cu-qs');
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('BẢN TIN THÁNG — Xã Quan Sơn, tháng 11/2026');
    expect(got[0]!.text).toContain('Sinh hoạt: 3/4 chi bộ đã họp');
  });

  it("a group in mode 'group' gets the digest instead of the members' private chats", async () => {
    await h.commit([h.db.update(groupLinks).set({ mode: 'group' })]);
    h.setNow('2026-11-30T00:30:00Z');
    await digestJob.run(h.deps, h.now());
    expect(await h.sent('cu-qs')).toHaveLength(0);
    expect(await h.sent('group-qs')).toHaveLength(1);
  });

  it('does not send at night or on other days', async () => {
    h.setNow('2026-12-01T15:00:00Z'); // 22:00 on the 1st
    await digestJob.run(h.deps, h.now());
    h.setNow('2026-12-02T01:00:00Z'); // Wednesday 08:00
    await digestJob.run(h.deps, h.now());
    expect(await h.sent('cu-qs')).toHaveLength(0);
  });
});
