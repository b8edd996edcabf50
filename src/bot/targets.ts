/** Where a message to a person goes: their linked chats, filtered by their reminder preference. */
import { type Identity, identitiesOfPerson } from '../../db/repo/people';
import type { Db } from '../../db/types';
import type { Target } from '../outbox/enqueue';

export async function personTargets(db: Db, personId: string, preference?: string): Promise<Target[]> {
  return chooseTargets(await identitiesOfPerson(db, personId), personId, preference);
}

/** The choice itself, for callers that loaded many people's identities at once (the scheduler). */
export function chooseTargets(ids: readonly Identity[], personId: string, preference?: string): Target[] {
  const reachable = ids.filter((i) => !i.unreachableAt);
  const pool = reachable.length > 0 ? reachable : ids;
  const preferred =
    preference && preference !== 'both'
      ? pool.filter((i) => i.platform === preference || i.platform === 'sim')
      : pool;
  const chosen = preferred.length > 0 ? preferred : pool;
  return chosen.map((i) => ({ platform: i.platform, chatId: i.chatId, personId }));
}
