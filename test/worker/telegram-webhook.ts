/** Telegram webhook requests and linked Telegram people, for the Workers tests. */
import { chatIdentities, people } from '../../db/schema';
import type { Db, Write } from '../../db/types';

/** The webhook secret of the Workers tests' bindings (vitest.config.ts). */
export const WEBHOOK_SECRET = 'worker_secret_123456';

/** A private message as Telegram delivers it. */
export function privateUpdate(updateId: number, chat: number, text: string, at = Date.now()) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(at / 1000),
      chat: { id: chat, type: 'private' },
      from: { id: chat, is_bot: false, first_name: 'A' },
      text,
    },
  };
}

export function webhookRequest(update: unknown, secret = WEBHOOK_SECRET): Request {
  return new Request('https://chibo.test/webhook/telegram', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
    body: JSON.stringify(update),
  });
}

/** A person linked on Telegram through the private chat `chat`. */
export function linkedOnTelegram(db: Db, id: string, chat: number, at: number): Write[] {
  return [
    db.insert(people).values({ id, name: `Người ${id}`, createdAt: at }),
    db.insert(chatIdentities).values({
      id: `tg-${id}`,
      platform: 'telegram',
      externalId: String(chat),
      chatId: String(chat),
      personId: id,
      linkedAt: at,
    }),
  ];
}
