/**
 * The local simulator: a chat page at `/` where one picks a demo person and talks to the bot as on
 * Zalo (numbered choices, 2,000-character messages). Sent messages are kept in memory for the page.
 */
import { channels as channelTexts } from '../../messages/vi/channels';
import { numberedMenu, splitText } from '../split';
import type { Channel, OutgoingMessage } from '../types';

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
    async send(chatId: string, message: OutgoingMessage) {
      const at = now().getTime();
      let text = message.text;
      if (message.buttons && message.buttons.length > 0) {
        text = `${text}\n\n${numberedMenu(message.buttons)}\n${channelTexts.replyWithNumber(message.buttons.flat().length)}`;
      }
      for (const part of text ? splitText(text, 2000) : []) push({ chatId, at, text: part });
      if (message.photo?.base64)
        push({ chatId, at, text: message.photo.caption ?? '', photo: message.photo.base64 });
      if (message.document)
        push({ chatId, at, text: message.document.caption ?? '', document: message.document });
      return { messageId: String(seq) };
    },
    since(chatId, afterSeq) {
      return log.filter((m) => m.chatId === chatId && m.seq > afterSeq);
    },
  };
}
