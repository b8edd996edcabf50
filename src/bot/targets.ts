/** Where a message to a person goes: their linked chats, filtered by their reminder preference. */
import { identitiesOfPerson } from '../../db/repo/people';
import type { Db } from '../../db/types';
import type { Target } from '../outbox/enqueue';

export async function personTargets(db: Db, personId: string, preference?: string): Promise<Target[]> {
  const ids = await identitiesOfPerson(db, personId);
  const reachable = ids.filter((i) => !i.unreachableAt);
  const pool = reachable.length > 0 ? reachable : ids;
  const preferred =
    preference && preference !== 'both'
      ? pool.filter((i) => i.platform === preference || i.platform === 'sim')
      : pool;
  const chosen = preferred.length > 0 ? preferred : pool;
  return chosen.map((i) => ({ platform: i.platform, chatId: i.chatId, personId }));
}
