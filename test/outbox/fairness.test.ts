/**
 * One busy chat must not delay everyone: the dispatcher takes one row per chat per round from every
 * chat with work, and a reply to a person's own message goes before reminders and notices waiting
 * for other chats. Real dispatcher, real SQLite, a scripted channel and a hand-moved clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeDatabase } from '../../db/sqlite';
import { createDispatcher } from '../../src/outbox/dispatcher';
import { enqueue } from '../../src/outbox/enqueue';
import { fakeClock, memoryDb, ScriptedChannel } from './support';

let db: NodeDatabase;
afterEach(() => db?.close());

describe('fair dispatch', () => {
  it('sends a coordinator’s reply in the first round although one chat has 2,500 replies waiting', async () => {
    db = memoryDb();
    const clock = fakeClock();
    const telegram = new ScriptedChannel('telegram', clock);
    const dispatcher = createDispatcher({ store: db.store, channels: { telegram }, now: clock.now });
    // A flood of replies to one guessing chat, written before the coordinator asked anything.
    const flood = Array.from({ length: 2_500 }, (_, i) =>
      enqueue(db.store.db, { platform: 'telegram', chatId: '666' }, { text: `sai mã ${i}` }, clock.now(), {
        priority: 'reply',
      }),
    ).flat();
    for (let i = 0; i < flood.length; i += 500) await db.store.commit(flood.slice(i, i + 500));
    clock.advance(1_000);
    await db.store.commit(
      enqueue(db.store.db, { platform: 'telegram', chatId: '42' }, { text: 'Đồng chí Dung' }, clock.now(), {
        priority: 'reply',
      }),
    );

    await dispatcher.drainOnce();
    expect(telegram.sentTexts('42')).toEqual(['Đồng chí Dung']);
    // The flooded chat had its one turn, no more.
    expect(telegram.sentTexts('666')).toEqual(['sai mã 0']);
  });

  it('sends a reply before 150 waiting reminders to other chats', async () => {
    db = memoryDb();
    const clock = fakeClock();
    const telegram = new ScriptedChannel('telegram', clock);
    const dispatcher = createDispatcher({ store: db.store, channels: { telegram }, now: clock.now });
    const reminders = Array.from({ length: 150 }, (_, i) =>
      enqueue(
        db.store.db,
        { platform: 'telegram', chatId: String(1_000 + i) },
        { text: `nhắc ${i}` },
        clock.now(),
      ),
    ).flat();
    await db.store.commit(reminders);
    clock.advance(60_000);
    await db.store.commit(
      enqueue(db.store.db, { platform: 'telegram', chatId: '42' }, { text: 'trả lời' }, clock.now(), {
        priority: 'reply',
      }),
    );

    await dispatcher.drainOnce();
    // Telegram's 30/s leaves room for 30 sends this round: the reply is the first of them.
    expect(telegram.calls[0]).toMatchObject({ chatId: '42', text: 'trả lời' });
    expect(telegram.calls).toHaveLength(30);
  });

  it('keeps each chat’s order whatever the priorities: a reply waits behind that chat’s own older rows', async () => {
    db = memoryDb();
    const clock = fakeClock();
    const sim = new ScriptedChannel('sim', clock);
    const dispatcher = createDispatcher({ store: db.store, channels: { sim }, now: clock.now });
    await db.store.commit(
      enqueue(db.store.db, { platform: 'sim', chatId: 'a' }, { text: 'nhắc cũ' }, clock.now()),
    );
    clock.advance(1);
    await db.store.commit(
      enqueue(db.store.db, { platform: 'sim', chatId: 'a' }, { text: 'trả lời' }, clock.now(), {
        priority: 'reply',
      }),
    );
    for (let i = 0; i < 3; i++) await dispatcher.drainOnce();
    expect(sim.sentTexts('a')).toEqual(['nhắc cũ', 'trả lời']);
  });
});
