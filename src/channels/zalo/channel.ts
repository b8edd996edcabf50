/**
 * The Zalo side of Channel. Zalo has no buttons and no file upload: buttons become a numbered menu,
 * photos go out as a URL to our /media route, documents become a note.
 */
import { channels as vi } from '../../messages/vi/channels';
import { numberedMenu, splitText } from '../split';
import {
  type Channel,
  type OutgoingMessage,
  type OutgoingPart,
  SendError,
  type SendResult,
  withSendErrors,
} from '../types';
import type { ZaloApi } from './client';
import { checkWithGetMe, type TokenCheck, zaloFailure, zaloFailureWithoutCheck } from './errors';

export const ZALO_MAX_TEXT = 2000;
/** A good getMe is trusted this long when reading an ambiguous 400/404. */
const TOKEN_CHECK_TTL_MS = 60_000;

export interface ZaloChannelOptions {
  /** Public base URL of this server, for photos served at `/media/:id`. */
  publicUrl?: string;
  /** For the token check's cache (ms). */
  now?: () => number;
}

export function createZaloChannel(
  api: Pick<ZaloApi, 'sendMessage' | 'sendPhoto' | 'getMe'>,
  options: ZaloChannelOptions = {},
): Channel {
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const now = options.now ?? (() => Date.now());
  let tokenOkAt: number | undefined;

  const checkToken = async (): Promise<TokenCheck> => {
    if (tokenOkAt !== undefined && now() - tokenOkAt < TOKEN_CHECK_TTL_MS) return 'ok';
    const check = await checkWithGetMe(() => api.getMe());
    tokenOkAt = check === 'ok' ? now() : undefined;
    return check;
  };
  const classify = async (err: unknown) => {
    const failure = await zaloFailure(err, checkToken);
    if (failure?.kind === 'setup') tokenOkAt = undefined;
    return failure;
  };
  const call = <T>(fn: () => Promise<T>) => withSendErrors(classify, fn);

  function parts(message: OutgoingMessage): OutgoingPart[] {
    const texts = (text: string): OutgoingPart[] =>
      text.trim() === '' ? [] : splitText(text, ZALO_MAX_TEXT).map((t) => ({ kind: 'text', text: t }));
    const out: OutgoingPart[] = textWithMenu(message).map((text) => ({ kind: 'text', text }));

    const photo = message.photo;
    if (photo) {
      const caption = photo.caption ?? '';
      const fallbackText = joinParagraphs(caption, vi.photoNotAvailable);
      if (photo.mediaId && publicUrl) {
        const [first, ...rest] = caption.trim() === '' ? [] : splitText(caption, ZALO_MAX_TEXT);
        out.push({ kind: 'photo', photo: { mediaId: photo.mediaId }, caption: first, fallbackText });
        for (const text of rest) out.push({ kind: 'text', text });
      } else {
        out.push(...texts(fallbackText));
      }
    }

    const doc = message.document;
    if (doc) out.push(...texts(joinParagraphs(doc.caption ?? '', vi.documentNotSupported(doc.filename))));
    return out;
  }

  async function sendPart(chatId: string, part: OutgoingPart): Promise<SendResult> {
    switch (part.kind) {
      case 'text':
        return { messageId: (await call(() => api.sendMessage(chatId, part.text))).message_id };
      case 'photo': {
        const url = `${publicUrl}/media/${encodeURIComponent(part.photo.mediaId ?? '')}`;
        try {
          return {
            messageId: (await call(() => api.sendPhoto(chatId, url, part.caption || undefined))).message_id,
          };
        } catch (err) {
          // Zalo fetches the picture itself; when it cannot, the words still go out. A refusal here
          // may be about the picture, so only the text that follows may tell that the chat refused.
          const kind = err instanceof SendError ? err.failure.kind : undefined;
          if (kind !== 'bad_request' && kind !== 'refused') throw err;
          return { messageId: (await call(() => api.sendMessage(chatId, part.fallbackText))).message_id };
        }
      }
      case 'document':
        // parts() never makes one for Zalo; said rather than dropped if one ever arrives.
        return sendPart(chatId, {
          kind: 'text',
          text: joinParagraphs(part.caption ?? '', vi.documentNotSupported(part.document.filename)),
        });
    }
  }

  return {
    platform: 'zalo',
    maxText: ZALO_MAX_TEXT,
    hasButtons: false,
    parts,
    sendPart,
    async probe() {
      try {
        await api.getMe();
        tokenOkAt = now();
      } catch (err) {
        tokenOkAt = undefined;
        const failure = zaloFailureWithoutCheck(err);
        if (failure === undefined) throw err;
        const message = err instanceof Error ? err.message : String(err);
        // Whatever getMe itself refuses (400, 401, 404) is the setup.
        throw new SendError(failure === 'check' ? { kind: 'setup', message } : failure);
      }
    },
  };
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
