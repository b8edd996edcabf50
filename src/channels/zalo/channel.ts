/**
 * The Zalo side of Channel. Zalo has no buttons and no file upload: buttons become a numbered menu,
 * photos go out as a URL to our /media route, documents become a note.
 */
import { channels as vi } from '../../messages/vi/channels';
import { numberedMenu, splitText } from '../split';
import {
  type Channel,
  type OutgoingMessage,
  type SendFailure,
  type SendResult,
  withSendErrors,
} from '../types';
import { type ZaloApi, ZaloApiError, ZaloHttpError } from './client';

export const ZALO_MAX_TEXT = 2000;
/** Zalo gives no retry hint we can count on; wait this long after a 429 without one. */
const DEFAULT_RETRY_AFTER_MS = 5000;

export interface ZaloChannelOptions {
  /** Public base URL of this server, for photos served at `/media/:id`. */
  publicUrl?: string;
}

export function createZaloChannel(
  api: Pick<ZaloApi, 'sendMessage' | 'sendPhoto'>,
  options: ZaloChannelOptions = {},
): Channel {
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');

  async function send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
    let lastId: string | undefined;
    const sendParts = async (parts: string[]) => {
      for (const part of parts) {
        lastId = (await withSendErrors(zaloFailure, () => api.sendMessage(chatId, part))).message_id;
      }
    };
    const sendText = (text: string) => sendParts(text.trim() === '' ? [] : splitText(text, ZALO_MAX_TEXT));

    await sendParts(textWithMenu(message));

    const photo = message.photo;
    if (photo) {
      const caption = photo.caption ?? '';
      if (photo.mediaId && publicUrl) {
        const url = `${publicUrl}/media/${encodeURIComponent(photo.mediaId)}`;
        const [first = '', ...rest] = caption.trim() === '' ? [] : splitText(caption, ZALO_MAX_TEXT);
        lastId = (await withSendErrors(zaloFailure, () => api.sendPhoto(chatId, url, first || undefined)))
          .message_id;
        await sendParts(rest);
      } else {
        await sendText(joinParagraphs(caption, vi.photoNotAvailable));
      }
    }

    const doc = message.document;
    if (doc) await sendText(joinParagraphs(doc.caption ?? '', vi.documentNotSupported(doc.filename)));

    // answerCallback has no meaning on Zalo: there are no buttons to press.
    return lastId === undefined ? {} : { messageId: lastId };
  }

  return { platform: 'zalo', maxText: ZALO_MAX_TEXT, hasButtons: false, send };
}

/**
 * The text's parts, with the buttons as a numbered menu and a line saying how to answer. The menu
 * joins the last part when it fits, so that it is never cut away from its own answer line.
 */
function textWithMenu(message: OutgoingMessage): string[] {
  const parts = message.text.trim() === '' ? [] : splitText(message.text, ZALO_MAX_TEXT);
  const count = message.buttons?.flat().length ?? 0;
  if (!message.buttons || count === 0) return parts;
  const menu = `${numberedMenu(message.buttons)}\n${vi.replyWithNumber(count)}`;
  const last = parts.at(-1);
  if (last !== undefined && last.length + 2 + menu.length <= ZALO_MAX_TEXT) {
    return [...parts.slice(0, -1), joinParagraphs(last, menu)];
  }
  return [...parts, ...splitText(menu, ZALO_MAX_TEXT)];
}

function joinParagraphs(...parts: string[]): string {
  return parts.filter((p) => p.trim() !== '').join('\n\n');
}

/** How a Zalo error should be treated by the sender; undefined for errors that are our own bugs. */
export function zaloFailure(err: unknown): SendFailure | undefined {
  if (err instanceof ZaloHttpError) return { kind: 'network', message: err.message };
  if (!(err instanceof ZaloApiError)) return undefined;
  const code = err.errorCode;
  if (code === 429) {
    const retryAfterMs =
      err.retryAfterSeconds !== undefined ? Math.ceil(err.retryAfterSeconds * 1000) : DEFAULT_RETRY_AFTER_MS;
    return { kind: 'rate_limited', retryAfterMs, message: err.message };
  }
  // Zalo documents 403 as "internal server error"; 408 is its own timeout.
  if (code >= 500 || code === 403 || code === 408) return { kind: 'server', message: err.message };
  return { kind: 'rejected', message: err.message };
}
