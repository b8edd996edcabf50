/**
 * Repository and pipeline behaviour that must hold on every Store: run by test/shared-node.test.ts on
 * better-sqlite3 and by test/worker/shared-d1.test.ts on D1.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { markProcessed } from '../../db/repo/keys';
import { hasAnyUnit, insertUnit, unitByCode } from '../../db/repo/units';
import { auditLog, chatIdentities, people, processedKeys, units } from '../../db/schema';
import { handleIncoming } from '../../src/bot/handle';
import { DEMO_PEOPLE, DEMO_UNITS, seedDemo } from '../../src/demo/seed';
import { type OpenStore, storeHarness } from './harness';

const codeIn = (text: string) => /Mã mời: ([0-9 ]+[0-9])/.exec(text)?.[1];

async function onboarded(open: OpenStore) {
  const h = storeHarness(await open());
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
  return h;
}

export function pipelineSuite(open: OpenStore): void {
  describe('pipeline and repositories on this store', () => {
    it('a coordinator creates an invite and a new person links with it', async () => {
      const h = await onboarded(open);
      const [created] = await h.say('coord', 'moi bithu KP3 Nguyễn Văn An');
      const code = codeIn(created!.text)!;
      expect(code).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);

      const [linked] = await h.say('tg-42', `/start ${code}`, { platform: 'telegram' });
      expect(linked!.text).toContain('Đã liên kết');
      expect(linked!.text).toContain('Nguyễn Văn An');
      const [me] = await h.say('tg-42', 'toi', { platform: 'telegram' });
      expect(me!.text).toContain('Bí thư chi bộ — Chi bộ khu phố 3 (KP3)');
      const audits = await h.store.db.select().from(auditLog).all();
      expect(audits.map((a) => a.action)).toEqual(['create_invite', 'redeem_invite']);
    });

    it('an invite code works once: the second person is told and nothing is linked', async () => {
      const h = await onboarded(open);
      const code = codeIn((await h.say('coord', 'moi giamsat KP3'))[0]!.text)!;
      await h.say('p1', `batdau ${code}`);
      const [second] = await h.say('p2', `batdau ${code}`);
      expect(second!.text).toContain('đã được dùng');
      const p2 = await h.store.db.select().from(chatIdentities).where(eq(chatIdentities.externalId, 'p2'));
      expect(p2).toHaveLength(0);
    });

    it('the same update delivered three times at once gives one record and one reply', async () => {
      const h = await onboarded(open);
      const code = codeIn((await h.say('coord', 'moi bithu KP3'))[0]!.text)!;
      const msg = {
        platform: 'telegram' as const,
        updateKey: 'telegram:777',
        chatId: '55',
        chatType: 'private' as const,
        userId: '55',
        kind: 'text' as const,
        text: `/start ${code}`,
      };
      const outcomes = await Promise.all([1, 2, 3].map(() => handleIncoming(h.deps, msg)));
      expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
      expect(await h.sent('55', 'telegram')).toHaveLength(1);
      const linked = await h.store.db
        .select()
        .from(chatIdentities)
        .where(eq(chatIdentities.externalId, '55'));
      expect(linked).toHaveLength(1);
    });

    it('a write set with one failing statement leaves nothing behind', async () => {
      const h = storeHarness(await open());
      const db = h.store.db;
      const now = new Date('2026-11-26T03:00:00Z');
      await h.store.commit([markProcessed(db, 'telegram:1', now)]);
      const unit = { id: 'u1', code: 'XQS', name: 'Xã', kind: 'commune', parent: null };
      await expect(
        h.store.commit([insertUnit(db, unit, now), markProcessed(db, 'telegram:1', now)]),
      ).rejects.toThrow();
      expect(await unitByCode(db, 'XQS')).toBeUndefined();
      expect(await db.select().from(processedKeys).all()).toHaveLength(1);
    });

    it('the demo organisation fills an empty store in one commit', async () => {
      const store = await open();
      expect(await hasAnyUnit(store.db)).toBe(false);
      let n = 0;
      await seedDemo(store, new Date('2026-11-26T03:00:00Z'), () => `demo${++n}`);
      expect(await store.db.select().from(units).all()).toHaveLength(DEMO_UNITS.length);
      expect(await store.db.select().from(people).all()).toHaveLength(DEMO_PEOPLE.length);
    });
  });
}
