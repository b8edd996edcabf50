/** Many cells with one linked Telegram secretary each, for load and crash tests. */
import { insertUnit, unitByCode } from '../../db/repo/units';
import { chatIdentities, people, roleAssignments } from '../../db/schema';
import type { Store, Write } from '../../db/types';
import { seedOrg } from './org';

export const CROWD_FIRST_USER = 900_001;

/** Secretary `i` (0-based) is Telegram user `CROWD_FIRST_USER + i`, of cell `C<i>` under XA1. */
export async function seedCrowd(store: Store, n: number, now: Date): Promise<void> {
  await seedOrg(store, now);
  const xa1 = (await unitByCode(store.db, 'XA1'))!;
  const t = now.getTime();
  const writes: Write[] = [];
  for (let i = 0; i < n; i++) {
    const unitId = `unit-c${i}`;
    const personId = `person-c${i}`;
    const tg = String(CROWD_FIRST_USER + i);
    writes.push(
      insertUnit(
        store.db,
        { id: unitId, code: `C${i}`, name: `Chi bộ số ${i}`, kind: 'cell', parent: xa1, memberCount: 27 },
        now,
      ),
      store.db.insert(people).values({ id: personId, name: `Bí thư ${i}`, createdAt: t }),
      store.db.insert(chatIdentities).values({
        id: `ident-c${i}`,
        platform: 'telegram',
        externalId: tg,
        chatId: tg,
        personId,
        linkedAt: t,
      }),
      store.db
        .insert(roleAssignments)
        .values({ id: `role-c${i}`, personId, unitId, role: 'secretary', validFrom: t - 60_000 }),
    );
  }
  await store.commit(writes);
}
