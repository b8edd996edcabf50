/**
 * Outbox behaviour that must hold on every Store, above all that concurrent runs (two isolates,
 * overlapping cron runs) claim each row once. Run on better-sqlite3 and on D1.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema';
import type { Store } from '../../db/types';
import type { Channel, OutgoingMessage, OutgoingPart, Platform } from '../../src/channels/types';
import { createDispatcher } from '../../src/outbox/dispatcher';
import { enqueue } from '../../src/outbox/enqueue';
import type { OpenStore } from './harness';

const T0 = Date.UTC(2026, 2, 2, 3, 0, 0);

type RecordingChannel = Channel & { sent: { chatId: string; text: string }[] };

function recordingChannel(platform: Platform): RecordingChannel {
  const sent: RecordingChannel['sent'] = [];
  let id = 0;
  return {
    platform,
    maxText: 2000,
    hasButtons: false,
    sent,
    parts: (message: OutgoingMessage) => [{ kind: 'text', text: message.text }],
    async sendPart(chatId: string, part: OutgoingPart) {
      await Promise.resolve();
      sent.push({ chatId, text: part.kind === 'text' ? part.text : '' });
      return { messageId: String(++id) };
    },
  };
}

async function put(store: Store, chatId: string, text: string, at: number, dedupeKey?: string) {
  await store.commit(
    enqueue(store.db, { platform: 'sim', chatId }, { text }, new Date(at), dedupeKey ? { dedupeKey } : {}),
  );
}

export function outboxSuite(open: OpenStore): void {
  describe('outbox on this store', () => {
    it('two dispatchers draining at the same time send each row exactly once, in order per chat', async () => {
      const store = await open();
      let t = T0;
      for (let chat = 0; chat < 4; chat++) {
        for (let n = 0; n < 3; n++) await put(store, `c${chat}`, `chat ${chat} message ${n}`, t++);
      }
      const channel = recordingChannel('sim');
      const make = () => createDispatcher({ store, channels: { sim: channel }, now: () => new Date(t) });
      const [a, b] = [make(), make()];
      for (let round = 0; round < 10; round++) {
        t += 1_000;
        await Promise.all([a.drainOnce(), b.drainOnce()]);
      }
      expect(channel.sent).toHaveLength(12);
      for (let chat = 0; chat < 4; chat++) {
        expect(channel.sent.filter((s) => s.chatId === `c${chat}`).map((s) => s.text)).toEqual([
          `chat ${chat} message 0`,
          `chat ${chat} message 1`,
          `chat ${chat} message 2`,
        ]);
      }
      const pending = await store.db.select().from(outbox).where(eq(outbox.status, 'pending')).all();
      expect(pending).toHaveLength(0);
    });

    it('a row leased by one run is not claimed by another until the lease runs out', async () => {
      const store = await open();
      await put(store, 'c1', 'xin chào', T0);
      let t = T0 + 1;
      const hanging: Channel = {
        platform: 'sim',
        maxText: 2000,
        hasButtons: false,
        parts: (message) => [{ kind: 'text', text: message.text }],
        sendPart: () => new Promise<never>(() => {}),
      };
      const first = createDispatcher({
        store,
        channels: { sim: hanging },
        now: () => new Date(t),
        leaseMs: 30_000,
        sendTimeoutMs: 1,
      });
      expect(await first.drainOnce()).toMatchObject({ claimed: 1, abandoned: 1 });

      const channel = recordingChannel('sim');
      const second = createDispatcher({ store, channels: { sim: channel }, now: () => new Date(t) });
      expect((await second.drainOnce()).claimed).toBe(0);
      t += 30_001;
      expect(await second.drainOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(channel.sent).toEqual([{ chatId: 'c1', text: 'xin chào' }]);
    });

    it('a second enqueue with the same dedupe key writes nothing', async () => {
      const store = await open();
      await put(store, 'c1', 'nhắc họp', T0, 'meeting:KP3:2026-03');
      await put(store, 'c1', 'nhắc họp', T0 + 60_000, 'meeting:KP3:2026-03');
      expect(await store.db.select().from(outbox).all()).toHaveLength(1);
    });
  });
}
