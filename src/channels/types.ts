/** The one shape every platform's update becomes, and the one interface every platform sends through. */
import type { Platform } from '../../db/schema';

export type { Platform };

export interface IncomingMessage {
  platform: Platform;
  /** Unique per delivery source: `telegram:<update_id>`, `zalo:<message_id>`, `sim:<uuid>`. */
  updateKey: string;
  chatId: string;
  chatType: 'private' | 'group';
  /** The sender's platform id (text). */
  userId: string;
  displayName?: string;
  /**
   * text: a typed message; choice: a button pressed (Telegram callback); location: a shared place;
   * unsupported: a sticker, photo… we do not read; unreadable: Zalo withheld the content (protected
   * users, kinds it does not pass on); edited: a message changed after it was sent (never acted on);
   * left_group / joined_group: the bot was removed from / added to a group; blocked / unblocked: the
   * person stopped or restarted the bot in their private chat; moved: a group became a supergroup
   * with the id in `movedTo`; anonymous: a command in a group sent as the group or a channel
   * (Telegram `sender_chat`), by nobody we can name (never acted on).
   */
  kind:
    | 'text'
    | 'choice'
    | 'location'
    | 'unsupported'
    | 'unreadable'
    | 'edited'
    | 'left_group'
    | 'joined_group'
    | 'blocked'
    | 'unblocked'
    | 'moved'
    | 'anonymous';
  text?: string;
  choice?: string;
  callbackId?: string;
  location?: { latitude: number; longitude: number };
  movedTo?: string;
  /**
   * The forum topic the message was written in (Telegram `message_thread_id` of a topic message):
   * its answer goes back there, not to the group's General topic.
   */
  threadId?: string;
  /** When the platform says the message was written (ms). */
  sentAt?: number;
}

export interface Button {
  label: string;
  /** At most 64 bytes (Telegram callback_data). */
  data: string;
}

export interface OutgoingMessage {
  text: string;
  /** Rows of choices: inline buttons on Telegram, a numbered list on Zalo and the simulator. */
  buttons?: Button[][];
  /** A PNG as base64, or a media id served at /media/:id for platforms that take a URL. */
  photo?: { base64?: string; mediaId?: string; caption?: string };
  document?: { base64: string; filename: string; caption?: string };
  /**
   * The message carries a secret (a login link) worth nothing after this moment (ms): once sent and
   * past it, the stored copy in the outbox is blanked (src/outbox/scrub.ts).
   */
  secretUntil?: number;
  /** The forum topic of a group it goes to (Telegram); without it, the group's General topic. */
  threadId?: string;
}

/**
 * One platform call. A channel turns a message into its parts (`Channel.parts`, pure); the
 * dispatcher sends them one at a time and records each as sent before the next, so a retry or a
 * restart never repeats a part the platform already accepted and we recorded.
 */
export type OutgoingPart = (
  | { kind: 'text'; text: string; buttons?: Button[][] }
  | {
      kind: 'photo';
      photo: { base64?: string; mediaId?: string };
      caption?: string;
      buttons?: Button[][];
      /** Said as text instead when the platform cannot take the picture. */
      fallbackText: string;
    }
  | {
      kind: 'document';
      document: { base64: string; filename: string };
      caption?: string;
      buttons?: Button[][];
    }
) & {
  /** The message's forum topic (OutgoingMessage.threadId). */
  threadId?: string;
};

export type SendFailure =
  /** Too fast: wait `retryAfterMs` (the platform's hint) or back off when it gave none. */
  | { kind: 'rate_limited'; retryAfterMs?: number; message: string }
  | { kind: 'server'; message: string }
  | { kind: 'network'; message: string }
  /** This chat refused us for good (blocked, kicked, unknown chat, deactivated, no rights). */
  | { kind: 'refused'; message: string }
  /** The group became a supergroup: the same message goes to `toChatId`. */
  | { kind: 'moved'; toChatId: string; message: string }
  /** This message cannot be sent as it is (too long, a picture the platform cannot fetch): nobody's fault but ours. */
  | { kind: 'bad_request'; message: string }
  /** The token is invalid or revoked, or the API address is wrong: nothing can be sent on this platform. */
  | { kind: 'setup'; message: string };

export class SendError extends Error {
  override name = 'SendError';
  constructor(readonly failure: SendFailure) {
    super(failure.message);
  }
}

/** Runs a platform call; a failure `classify` recognises becomes a SendError, anything else (our bug) goes up as is. */
export async function withSendErrors<T>(
  classify: (err: unknown) => SendFailure | undefined | Promise<SendFailure | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const failure = await classify(err);
    if (!failure) throw err;
    throw new SendError(failure);
  }
}

export interface SendResult {
  messageId?: string;
}

export interface Channel {
  readonly platform: Platform;
  /** Longest text one message may carry. */
  readonly maxText: number;
  /** Buttons are real (Telegram) or rendered as a numbered list (Zalo, simulator). */
  readonly hasButtons: boolean;
  /** The platform calls a message becomes, in order. Pure: the same message gives the same parts. */
  parts(message: OutgoingMessage): OutgoingPart[];
  /** Makes one call. Throws SendError. */
  sendPart(chatId: string, part: OutgoingPart): Promise<SendResult>;
  /** An authenticated call that sends nothing (getMe): resolves when the token and the API address work. */
  probe?(): Promise<void>;
  /** Stops a pressed button's spinner at once; best effort, never throws. */
  acknowledge?(callbackId: string): Promise<void>;
}

/** Sends every part of a message in order (tests, tools); the dispatcher records parts one by one instead. */
export async function sendWhole(
  channel: Channel,
  chatId: string,
  message: OutgoingMessage,
): Promise<SendResult> {
  let last: SendResult = {};
  for (const part of channel.parts(message)) last = await channel.sendPart(chatId, part);
  return last;
}
