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
   * unsupported: a sticker, photo, edit… we do not read; left_group: the bot was removed from a group.
   */
  kind: 'text' | 'choice' | 'location' | 'unsupported' | 'left_group' | 'joined_group';
  text?: string;
  choice?: string;
  callbackId?: string;
  location?: { latitude: number; longitude: number };
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
  /** Answers a pressed button (stops Telegram's spinner): the callback query id, optional short text. */
  answerCallback?: { id: string; text?: string };
}

export type SendFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'server'; message: string }
  | { kind: 'network'; message: string }
  /** The platform refused for good: blocked, unknown chat, bad request. Retrying will not help. */
  | { kind: 'rejected'; message: string };

export class SendError extends Error {
  override name = 'SendError';
  constructor(readonly failure: SendFailure) {
    super(failure.message);
  }
}

/** Runs a platform call; a failure `classify` recognises becomes a SendError, anything else (our bug) goes up as is. */
export async function withSendErrors<T>(
  classify: (err: unknown) => SendFailure | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const failure = classify(err);
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
  /** Throws SendError. */
  send(chatId: string, message: OutgoingMessage): Promise<SendResult>;
}
