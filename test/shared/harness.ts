/**
 * The real pipeline over any Store (better-sqlite3 on Node, D1 in workerd) with a hand-moved clock.
 * Runtime-neutral on purpose: no node:* and no better-sqlite3, so the Workers project can load it.
 */
import { and, asc, eq } from 'drizzle-orm';
import { insertUnit, unitByCode } from '../../db/repo/units';
import { chatIdentities, outbox, type Platform, people, type Role, roleAssignments } from '../../db/schema';
import type { Store, Write } from '../../db/types';
import { handleIncoming } from '../../src/bot/handle';
import type { IncomingMessage, OutgoingMessage } from '../../src/channels/types';
import { loadConfig } from '../../src/config';
import { type Deps, silentLogger } from '../../src/deps';

/** Opens an empty, migrated store; the suites call it once per test. */
export type OpenStore = () => Promise<Store>;

export interface StoreHarness {
  deps: Deps;
  store: Store;
  advance(ms: number): void;
  setNow(at: Date): void;
  /** Sends a text as the person chatting in `chatId` and returns the replies it produced. */
  say(chatId: string, text: string, opts?: Partial<IncomingMessage>): Promise<OutgoingMessage[]>;
  sent(chatId: string, platform?: Platform): Promise<OutgoingMessage[]>;
  unit(code: string, name: string, kind: string, parentCode?: string): Promise<string>;
  person(chatId: string, name: string, roles: { role: Role; unit: string }[]): Promise<string>;
}

export function storeHarness(store: Store, start = '2026-11-26T03:00:00Z'): StoreHarness {
  let current = new Date(start);
  let seq = 0;
  const deps: Deps = {
    config: loadConfig({ DEMO_DATA: '0' }),
    store,
    channels: {},
    clock: () => new Date(current),
    newId: () => `id${(++seq).toString().padStart(6, '0')}`,
    log: silentLogger,
    kick: () => {},
  };
  const db = store.db;
  const seen = new Map<string, number>();

  const sent = async (chatId: string, platform: Platform = 'sim') => {
    const rows = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.chatId, chatId), eq(outbox.platform, platform)))
      .orderBy(asc(outbox.createdAt), asc(outbox.id))
      .all();
    return rows.map((r) => JSON.parse(r.payload) as OutgoingMessage);
  };

  return {
    deps,
    store,
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
    setNow: (at) => {
      current = new Date(at);
    },
    async say(chatId, text, opts = {}) {
      const platform = opts.platform ?? 'sim';
      const key = `${platform}:${chatId}`;
      seen.set(key, (await sent(chatId, platform)).length);
      await handleIncoming(deps, {
        platform,
        updateKey: `${platform}:u${++seq}`,
        chatId,
        chatType: 'private',
        userId: chatId,
        kind: 'text',
        text,
        ...opts,
      });
      return (await sent(chatId, platform)).slice(seen.get(key));
    },
    sent,
    async unit(code, name, kind, parentCode) {
      const parent = parentCode ? await unitByCode(db, parentCode) : null;
      if (parentCode && !parent) throw new Error(`no unit ${parentCode}`);
      const id = deps.newId();
      await store.commit([insertUnit(db, { id, code, name, kind, parent: parent ?? null }, current)]);
      return id;
    },
    async person(chatId, name, roles) {
      const id = deps.newId();
      const t = current.getTime();
      const writes: Write[] = [
        db.insert(people).values({ id, name, createdAt: t }),
        db.insert(chatIdentities).values({
          id: deps.newId(),
          platform: 'sim',
          externalId: chatId,
          chatId,
          personId: id,
          linkedAt: t,
        }),
      ];
      for (const r of roles) {
        const u = await unitByCode(db, r.unit);
        if (!u) throw new Error(`no unit ${r.unit}`);
        writes.push(
          db
            .insert(roleAssignments)
            .values({ id: deps.newId(), personId: id, unitId: u.id, role: r.role, validFrom: t - 1 }),
        );
      }
      await store.commit(writes);
      return id;
    },
  };
}
