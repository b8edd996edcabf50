/**
 * A real bot on a real SQLite database (`:memory:`, real migrations), with a hand-moved clock.
 * Messages are sent through the real pipeline; what the bot would send is read from the outbox.
 */
import { and, asc, eq } from 'drizzle-orm';
import { insertUnit, unitByCode } from '../../db/repo/units';
import { chatIdentities, outbox, type Platform, people, type Role, roleAssignments } from '../../db/schema';
import { type NodeDatabase, openDatabase } from '../../db/sqlite';
import type { Write } from '../../db/types';
import { handleIncoming } from '../../src/bot/handle';
import type { IncomingMessage, OutgoingMessage } from '../../src/channels/types';
import { loadConfig } from '../../src/config';
import type { Deps } from '../../src/deps';
import { silentLogger } from '../../src/deps';

let seq = 0;

export interface Harness {
  deps: Deps;
  database: NodeDatabase;
  db: Deps['store']['db'];
  now(): Date;
  setNow(iso: string | Date): void;
  advance(ms: number): void;
  /** Sends a text as the person chatting in `chatId` (default platform: sim) and returns the replies. */
  say(chatId: string, text: string, opts?: Partial<IncomingMessage>): Promise<OutgoingMessage[]>;
  /** Presses a button (or answers with its data). */
  choose(chatId: string, value: string, opts?: Partial<IncomingMessage>): Promise<OutgoingMessage[]>;
  /** Every message written to the outbox for a chat so far, in order. */
  sent(chatId: string, platform?: Platform): Promise<OutgoingMessage[]>;
  /** Adds units (parent before child). */
  unit(
    code: string,
    name: string,
    kind: string,
    parentCode?: string,
    extra?: { memberCount?: number; meetingRule?: string },
  ): Promise<string>;
  /** Creates a person linked on `platform` as `chatId`, with roles. Returns the person id. */
  person(
    chatId: string,
    name: string,
    roles: { role: Role; unit: string }[],
    platform?: Platform,
  ): Promise<string>;
  commit(writes: Write[]): Promise<void>;
  close(): void;
}

/** `env.DATABASE_PATH` puts the database in a file (default `:memory:`). */
export async function createHarness(
  start = '2026-11-26T03:00:00Z',
  env: Record<string, string> = {},
): Promise<Harness> {
  const database = openDatabase(env.DATABASE_PATH ?? ':memory:');
  let current = new Date(start);
  const deps: Deps = {
    config: loadConfig({ DEMO_DATA: '0', ...env }),
    store: database.store,
    channels: {},
    clock: () => new Date(current),
    newId: () => `id${(++seq).toString().padStart(6, '0')}`,
    log: silentLogger,
    kick: () => {},
  };
  const db = database.store.db;
  const seenCount = new Map<string, number>();

  const sent = async (chatId: string, platform: Platform = 'sim') => {
    const rows = await db
      .select()
      .from(outbox)
      .where(and(eq(outbox.chatId, chatId), eq(outbox.platform, platform)))
      .orderBy(asc(outbox.createdAt), asc(outbox.id))
      .all();
    return rows.map((r) => JSON.parse(r.payload) as OutgoingMessage);
  };
  const newSince = async (chatId: string, platform: Platform) => {
    const all = await sent(chatId, platform);
    const key = `${platform}:${chatId}`;
    const before = seenCount.get(key) ?? 0;
    seenCount.set(key, all.length);
    return all.slice(before);
  };
  const deliver = async (chatId: string, msg: Partial<IncomingMessage>) => {
    const platform = msg.platform ?? 'sim';
    await newSince(chatId, platform);
    await handleIncoming(deps, {
      platform,
      updateKey: `${platform}:u${++seq}`,
      chatId,
      chatType: 'private',
      userId: chatId,
      kind: 'text',
      ...msg,
    });
    return newSince(chatId, platform);
  };

  return {
    deps,
    database,
    db,
    now: () => new Date(current),
    setNow: (iso) => {
      current = new Date(iso);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
    say: (chatId, text, opts = {}) => deliver(chatId, { kind: 'text', text, ...opts }),
    choose: (chatId, value, opts = {}) =>
      deliver(chatId, { kind: 'choice', choice: value, callbackId: undefined, ...opts }),
    sent,
    async unit(code, name, kind, parentCode, extra = {}) {
      const parent = parentCode ? await unitByCode(db, parentCode) : null;
      if (parentCode && !parent) throw new Error(`no unit ${parentCode}`);
      const id = deps.newId();
      await database.store.commit([
        insertUnit(db, { id, code, name, kind, parent: parent ?? null, ...extra }, current),
      ]);
      return id;
    },
    async person(chatId, name, roles, platform = 'sim') {
      const id = deps.newId();
      const t = current.getTime();
      const writes: Write[] = [
        db.insert(people).values({ id, name, createdAt: t }),
        db
          .insert(chatIdentities)
          .values({ id: deps.newId(), platform, externalId: chatId, chatId, personId: id, linkedAt: t }),
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
      await database.store.commit(writes);
      return id;
    },
    commit: (writes) => database.store.commit(writes),
    close: () => database.close(),
  };
}
