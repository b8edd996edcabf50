/**
 * No incoming message produces more than a few outgoing ones, however much it asked for (a line with
 * 800 mistakes, a report view of many cells): the replies to the sender are merged and cut so that
 * they fit MAX_REPLY_PARTS platform messages.
 */
import { splitText } from '../channels/split';
import type { OutgoingMessage } from '../channels/types';
import { common } from '../messages/vi';

export const MAX_REPLY_PARTS = 4;

const parts = (m: OutgoingMessage, limit: number) => (m.text ? splitText(m.text, limit).length : 1);

export function capReplies(
  replies: readonly OutgoingMessage[],
  limit: number,
  max = MAX_REPLY_PARTS,
): OutgoingMessage[] {
  if (replies.reduce((n, m) => n + parts(m, limit), 0) <= max) return [...replies];
  // Pictures and files stay as they are (each is one message); the texts become one, cut to fit.
  const attachments = replies.filter((m) => m.photo || m.document).slice(0, max - 1);
  const texts = replies.filter((m) => !m.photo && !m.document && m.text);
  const last = replies[replies.length - 1];
  const room = (max - attachments.length) * limit - common.cutShort.length - 2;
  let text = texts.map((m) => m.text).join('\n\n');
  if (text.length > room) {
    const cut = text.lastIndexOf('\n', room);
    text = `${text.slice(0, cut > room / 2 ? cut : room)}\n${common.cutShort}`;
  }
  const merged: OutgoingMessage = { text };
  // The buttons belong to the last question; they stay only when it is the last message.
  if (last && !last.photo && !last.document && last.buttons) merged.buttons = last.buttons;
  const out = [...attachments, merged];
  // Splitting at line ends may still need one part more than the characters suggest.
  while (out.reduce((n, m) => n + parts(m, limit), 0) > max && merged.text.length > limit) {
    merged.text = `${merged.text.slice(0, merged.text.length - limit)}\n${common.cutShort}`;
  }
  return out;
}
