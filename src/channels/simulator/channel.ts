/**
 * The local simulator: a chat page at `/` where one picks a demo person and talks to the bot as on
 * Zalo (numbered choices, 2,000-character messages). Sent messages are kept in memory for the page.
 */
import { channels as channelTexts } from '../../messages/vi/channels';
import { numberedMenu, splitText } from '../split';
import type { Channel, OutgoingMessage, OutgoingPart } from '../types';

export interface SimMessage {
  seq: number;
  chatId: string;
  at: number;
  text: string;
  photo?: string;
  document?: { base64: string; filename: string };
}

export interface SimulatorChannel extends Channel {
  since(chatId: string, afterSeq: number): SimMessage[];
}

export function createSimulatorChannel(now: () => Date, keep = 500): SimulatorChannel {
  const log: SimMessage[] = [];
  let seq = 0;
  const push = (m: Omit<SimMessage, 'seq'>) => {
    log.push({ ...m, seq: ++seq });
    if (log.length > keep) log.splice(0, log.length - keep);
  };
  return {
    platform: 'sim',
    maxText: 2000,
    hasButtons: false,
    parts(message: OutgoingMessage): OutgoingPart[] {
      let text = message.text;
      if (message.buttons && message.buttons.length > 0) {
        text = `${text}\n\n${numberedMenu(message.buttons)}\n${channelTexts.replyWithNumber(message.buttons.flat().length)}`;
      }
      const out: OutgoingPart[] = (text ? splitText(text, 2000) : []).map((t) => ({ kind: 'text', text: t }));
      if (message.photo?.base64)
        out.push({
          kind: 'photo',
          photo: { base64: message.photo.base64 },
          caption: message.photo.caption,
          fallbackText: message.photo.caption ?? '',
        });
      if (message.document)
        out.push({ kind: 'document', document: message.document, caption: message.document.caption });
      return out;
    },
    async sendPart(chatId: string, part: OutgoingPart) {
      const at = now().getTime();
      if (part.kind === 'text') push({ chatId, at, text: part.text });
      else if (part.kind === 'photo')
        push({ chatId, at, text: part.caption ?? '', photo: part.photo.base64 });
      else push({ chatId, at, text: part.caption ?? '', document: part.document });
      return { messageId: String(seq) };
    },
    since(chatId, afterSeq) {
      return log.filter((m) => m.chatId === chatId && m.seq > afterSeq);
    },
  };
}
