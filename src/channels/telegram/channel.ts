/**
 * The Telegram side of Channel, over grammY's Api. Text always goes out without parse_mode, so
 * nothing a user or a template writes can be read as markup.
 */
import { type Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { channels as vi } from '../../messages/vi/channels';
import { splitText } from '../split';
import {
  type Button,
  type Channel,
  type OutgoingMessage,
  type OutgoingPart,
  SendError,
  type SendFailure,
  type SendResult,
  withSendErrors,
} from '../types';
import { telegramFailure } from './errors';

export const TELEGRAM_MAX_TEXT = 4096;
const TELEGRAM_MAX_CAPTION = 1024;
/** answerCallbackQuery is cosmetic: never wait long for it. */
const ACKNOWLEDGE_TIMEOUT_MS = 5_000;

export interface TelegramChannelOptions {
  /** Public base URL of this server, for photos that only have a media id. */
  publicUrl?: string;
}

export function createTelegramChannel(api: Api, options: TelegramChannelOptions = {}): Channel {
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const call = <T>(fn: () => Promise<T>) => withSendErrors(telegramFailure, fn);

  function parts(message: OutgoingMessage): OutgoingPart[] {
    const texts = (text: string): OutgoingPart[] =>
      text.trim() === '' ? [] : splitText(text, TELEGRAM_MAX_TEXT).map((t) => ({ kind: 'text', text: t }));
    const out = texts(message.text);
    const textCount = out.length;

    const photo = message.photo;
    if (photo) {
      const caption = photo.caption?.trim() ? photo.caption : undefined;
      const fallbackText = [caption ?? '', vi.photoNotAvailable].filter((s) => s.trim()).join('\n\n');
      const source = photo.base64
        ? { base64: photo.base64 }
        : photo.mediaId && publicUrl
          ? { mediaId: photo.mediaId }
          : undefined;
      if (!source) out.push(...texts(fallbackText));
      else if (caption === undefined || caption.length <= TELEGRAM_MAX_CAPTION)
        out.push({ kind: 'photo', photo: source, caption, fallbackText });
      else out.push({ kind: 'photo', photo: source, fallbackText }, ...texts(caption));
    }

    const doc = message.document;
    if (doc) {
      const caption = doc.caption?.trim() ? doc.caption : undefined;
      const document = { base64: doc.base64, filename: doc.filename };
      if (caption === undefined || caption.length <= TELEGRAM_MAX_CAPTION)
        out.push({ kind: 'document', document, caption });
      else out.push({ kind: 'document', document }, ...texts(caption));
    }

    const buttons = message.buttons?.filter((row) => row.length > 0);
    if (buttons && buttons.length > 0) {
      if (out.length === 0) out.push({ kind: 'text', text: vi.chooseOne });
      // Buttons belong under the text that asks the question; without text, under the last thing sent.
      const at = textCount > 0 ? textCount - 1 : out.length - 1;
      out[at] = { ...out[at]!, buttons };
    }
    const threadId = message.threadId;
    return threadId ? out.map((part) => ({ ...part, threadId })) : out;
  }

  async function sendPart(chatId: string, part: OutgoingPart): Promise<SendResult> {
    try {
      return await sendOnce(chatId, part);
    } catch (err) {
      // The topic was deleted or closed since the person wrote there: the answer goes to General.
      if (!(part.threadId && err instanceof SendError && isTopicGone(err.failure))) throw err;
      const { threadId: _gone, ...general } = part;
      return sendOnce(chatId, general);
    }
  }

  async function sendOnce(chatId: string, part: OutgoingPart): Promise<SendResult> {
    const chat = toChatId(chatId);
    const markup = keyboard(part.buttons);
    const topic = part.threadId && /^\d+$/.test(part.threadId) ? Number(part.threadId) : undefined;
    const extra = (caption?: string) => ({
      ...(caption ? { caption } : {}),
      ...(markup ? { reply_markup: markup } : {}),
      ...(topic !== undefined ? { message_thread_id: topic } : {}),
    });
    let sent: { message_id: number };
    switch (part.kind) {
      case 'text':
        sent = await call(() => api.sendMessage(chat, part.text, extra()));
        break;
      case 'photo': {
        const source = part.photo.base64
          ? new InputFile(fromBase64(part.photo.base64), 'photo.png')
          : `${publicUrl}/media/${encodeURIComponent(part.photo.mediaId ?? '')}`;
        try {
          sent = await call(() => api.sendPhoto(chat, source, extra(part.caption)));
        } catch (err) {
          // Telegram could not take the picture (it fetches URLs itself): the words still go out.
          if (!(err instanceof SendError && err.failure.kind === 'bad_request') || isTopicGone(err.failure))
            throw err;
          return sendOnce(chatId, {
            kind: 'text',
            text: part.fallbackText,
            buttons: part.buttons,
            threadId: part.threadId,
          });
        }
        break;
      }
      case 'document': {
        const file = new InputFile(fromBase64(part.document.base64), part.document.filename);
        sent = await call(() => api.sendDocument(chat, file, extra(part.caption)));
        break;
      }
    }
    return { messageId: String(sent.message_id) };
  }

  return {
    platform: 'telegram',
    maxText: TELEGRAM_MAX_TEXT,
    hasButtons: true,
    parts,
    sendPart,
    async probe() {
      await call(() => api.getMe());
    },
    async acknowledge(callbackId) {
      try {
        const signal = AbortSignal.timeout(ACKNOWLEDGE_TIMEOUT_MS) as Parameters<
          Api['answerCallbackQuery']
        >[2];
        await api.answerCallbackQuery(callbackId, {}, signal);
      } catch (err) {
        // Too old, already answered, or a hiccup: the reply itself still goes through the outbox.
        if (!(err instanceof GrammyError || err instanceof HttpError)) throw err;
      }
    },
  };
}

/** Telegram's answers for a topic that is no longer there to write in. */
function isTopicGone(failure: SendFailure): boolean {
  return (
    failure.kind === 'bad_request' &&
    /message thread not found|TOPIC_CLOSED|TOPIC_DELETED|TOPIC_ID_INVALID/i.test(failure.message)
  );
}

function keyboard(rows: Button[][] | undefined): InlineKeyboardMarkup | undefined {
  const inline = (rows ?? [])
    .filter((row) => row.length > 0)
    .map((row) => row.map((b) => ({ text: b.label, callback_data: b.data })));
  return inline.length > 0 ? { inline_keyboard: inline } : undefined;
}

/** Numeric ids as numbers (what Telegram documents), anything else (e.g. @channel) as given. */
function toChatId(chatId: string): number | string {
  if (!/^-?\d+$/.test(chatId)) return chatId;
  const n = Number(chatId);
  return Number.isSafeInteger(n) ? n : chatId;
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
