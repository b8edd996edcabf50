/**
 * The Telegram side of Channel, over grammY's Api. Text always goes out without parse_mode, so
 * nothing a user or a template writes can be read as markup.
 */
import { type Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { BotCommand, InlineKeyboardMarkup, Message } from 'grammy/types';
import { channels as vi } from '../../messages/vi/channels';
import { splitText } from '../split';
import {
  type Button,
  type Channel,
  type OutgoingMessage,
  type SendFailure,
  type SendResult,
  withSendErrors,
} from '../types';

export const TELEGRAM_MAX_TEXT = 4096;
const TELEGRAM_MAX_CAPTION = 1024;
const TELEGRAM_MAX_CALLBACK_ANSWER = 200;
/** When a 429 carries no retry_after (it always should). */
const DEFAULT_RETRY_AFTER_MS = 5000;

export interface TelegramChannelOptions {
  /** Public base URL of this server, for photos that only have a media id. */
  publicUrl?: string;
}

type Step = (markup?: InlineKeyboardMarkup) => Promise<Message>;

export function createTelegramChannel(api: Api, options: TelegramChannelOptions = {}): Channel {
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');

  async function send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
    const chat = toChatId(chatId);
    if (message.answerCallback) await answer(api, message.answerCallback);

    const textSteps = (text: string): Step[] =>
      text.trim() === ''
        ? []
        : splitText(text, TELEGRAM_MAX_TEXT).map(
            (part) => (markup) => api.sendMessage(chat, part, markup ? { reply_markup: markup } : {}),
          );
    const steps: Step[] = textSteps(message.text);
    const textCount = steps.length;

    const photo = message.photo;
    if (photo) {
      const source = photo.base64
        ? new InputFile(fromBase64(photo.base64), 'photo.png')
        : photo.mediaId && publicUrl
          ? `${publicUrl}/media/${encodeURIComponent(photo.mediaId)}`
          : undefined;
      if (source === undefined) {
        steps.push(
          ...textSteps([photo.caption ?? '', vi.photoNotAvailable].filter((s) => s.trim()).join('\n\n')),
        );
      } else {
        steps.push(
          ...mediaSteps(photo.caption, textSteps, (caption, markup) =>
            api.sendPhoto(chat, source, {
              ...(caption ? { caption } : {}),
              ...(markup ? { reply_markup: markup } : {}),
            }),
          ),
        );
      }
    }

    const doc = message.document;
    if (doc) {
      const file = new InputFile(fromBase64(doc.base64), doc.filename);
      steps.push(
        ...mediaSteps(doc.caption, textSteps, (caption, markup) =>
          api.sendDocument(chat, file, {
            ...(caption ? { caption } : {}),
            ...(markup ? { reply_markup: markup } : {}),
          }),
        ),
      );
    }

    const markup = keyboard(message.buttons);
    if (markup && steps.length === 0) steps.push(...textSteps(vi.chooseOne));
    // Buttons belong under the text that asks the question; without text, under the last thing sent.
    const markupAt = textCount > 0 ? textCount - 1 : steps.length - 1;

    let last: Message | undefined;
    for (const [i, step] of steps.entries()) {
      last = await withSendErrors(telegramFailure, () => step(i === markupAt ? markup : undefined));
    }
    return last ? { messageId: String(last.message_id) } : {};
  }

  return { platform: 'telegram', maxText: TELEGRAM_MAX_TEXT, hasButtons: true, send };
}

/** A file with its caption; a caption longer than Telegram allows follows as text instead. */
function mediaSteps(
  caption: string | undefined,
  textSteps: (text: string) => Step[],
  sendFile: (caption: string | undefined, markup?: InlineKeyboardMarkup) => Promise<Message>,
): Step[] {
  const c = caption?.trim() ? caption : undefined;
  if (c === undefined || c.length <= TELEGRAM_MAX_CAPTION) return [(markup) => sendFile(c, markup)];
  return [(markup) => sendFile(undefined, markup), ...textSteps(c)];
}

function keyboard(rows: Button[][] | undefined): InlineKeyboardMarkup | undefined {
  const inline = (rows ?? [])
    .filter((row) => row.length > 0)
    .map((row) => row.map((b) => ({ text: b.label, callback_data: b.data })));
  return inline.length > 0 ? { inline_keyboard: inline } : undefined;
}

/** Stopping the spinner is cosmetic: a query that is too old or a hiccup must not block the reply. */
async function answer(api: Api, callback: { id: string; text?: string }): Promise<void> {
  try {
    const text = callback.text?.slice(0, TELEGRAM_MAX_CALLBACK_ANSWER);
    await api.answerCallbackQuery(callback.id, text ? { text } : {});
  } catch (err) {
    if (!(err instanceof GrammyError || err instanceof HttpError)) throw err;
  }
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

/** How a grammY error should be treated by the sender; undefined for errors that are our own bugs. */
export function telegramFailure(err: unknown): SendFailure | undefined {
  if (err instanceof HttpError) return { kind: 'network', message: err.message };
  if (!(err instanceof GrammyError)) return undefined;
  const code = err.error_code;
  if (code === 429) {
    const seconds = err.parameters.retry_after;
    const retryAfterMs = seconds !== undefined ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS;
    return { kind: 'rate_limited', retryAfterMs, message: err.message };
  }
  // 400: bad request or unknown chat; 403: blocked by the user or removed from the group.
  if (code === 400 || code === 403) return { kind: 'rejected', message: err.message };
  // 5xx, and 401/404/409 (bad token, webhook conflict): our setup or theirs, not this chat's fault.
  return { kind: 'server', message: err.message };
}

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

export interface TelegramCommandMenu {
  commands: BotCommand[];
  language_code: 'vi';
}

/** The payload for setMyCommands (`api.setMyCommands(m.commands, { language_code: m.language_code })`). */
export function telegramCommandMenu(commands: { name: string; description: string }[]): TelegramCommandMenu {
  if (commands.length > 100) throw new RangeError('Telegram allows at most 100 commands');
  return {
    commands: commands.map(({ name, description }) => {
      if (!COMMAND_NAME.test(name)) throw new RangeError(`command "${name}" must be 1–32 of a-z 0-9 _`);
      const text = description.trim();
      if (text.length < 1 || text.length > 256) {
        throw new RangeError(`description of "${name}" must be 1–256 characters`);
      }
      return { command: name, description: text };
    }),
    language_code: 'vi',
  };
}
