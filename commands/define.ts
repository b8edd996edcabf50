/**
 * The shape of a command. A command is channel-neutral: it gets plain data and `now`, reads what it
 * needs, and returns the replies and the writes to commit together. It never sees grammY or Hono.
 */

import type { FlowState } from '../db/repo/flows';
import type { PersonContext } from '../db/repo/people';
import type { Role } from '../db/schema';
import type { Db, Write } from '../db/types';
import type { IncomingMessage, OutgoingMessage } from '../src/channels/types';
import type { Config } from '../src/config';
import type { Logger } from '../src/deps';
import type { NewId } from '../src/util/ids';

export interface CommandContext {
  msg: IncomingMessage;
  /** What follows the command word, cleaned (NFC, single spaces) but with diacritics kept. */
  args: string;
  /** The same with the line breaks the person typed (a report on several lines, a notice). */
  lines: string;
  now: Date;
  /** The linked person, or null for an unlinked chat account. */
  person: PersonContext | null;
  db: Db;
  config: Config;
  newId: NewId;
  /** The step-by-step flow in progress in this chat, if any. */
  flow: FlowState | null;
  /** This command's own flow put aside earlier by another command (a half-entered record), if any. */
  draft: FlowState | null;
  /** Key of this chat's flow (platform + chat). */
  flowKey: string;
  /** The help list for this person (commands they may use, one example each), built from the registry. */
  helpText: string;
  /** The short answer to a message nobody understood (one or two lines, never the whole help). */
  unknown(): Promise<string>;
  /** In a group chat linked to a unit: that unit (group commands default to it). */
  groupUnitId?: string;
  /** For the operator: events such as a guessing flood; never message texts or codes. */
  log: Logger;
}

export interface ExtraMessage {
  /** A person (delivered to their linked chats) or a raw chat. */
  personId?: string;
  platform?: IncomingMessage['platform'];
  chatId?: string;
  message: OutgoingMessage;
}

export interface CommandResult {
  /** Sent back to the chat the message came from, in order. */
  replies: OutgoingMessage[];
  writes?: Write[];
  /** undefined: leave the flow as it is; null: end it; a state: save it. */
  flow?: FlowState | null;
  /** Messages to other people (a coordinator told of a re-sent report…). */
  notify?: ExtraMessage[];
}

export interface CommandDef {
  /** Canonical name, also the Telegram menu entry: 1–32 of [a-z0-9_]. */
  name: string;
  /** Other spellings, folded (no diacritics, lower case); may contain spaces ("bat dau"). */
  aliases: string[];
  /** Who may use it: 'anyone' (even unlinked), 'linked', or the roles listed. */
  access: 'anyone' | 'linked' | Role[];
  /** One line in Vietnamese for the help list and the Telegram menu. */
  summary: string;
  /** One example the person can copy. */
  example: string;
  /** In a group chat: 'group' answers there; 'private' moves the conversation to the private chat. */
  inGroup?: 'group' | 'private';
  run(ctx: CommandContext): Promise<CommandResult>;
  /**
   * Continues a flow this command started (flow.kind === name). `unanswered`: the input is no answer
   * to the step at all; the pipeline may then run it as a command, or sends that refusal.
   */
  resume?(ctx: CommandContext, input: FlowInput): Promise<CommandResult | Unanswered>;
  /** What the current step of the flow takes; a typed command interrupts all but free text. Default choice. */
  expects?(flow: FlowState): StepInput;
  /** The one line telling that the flow was put aside as a draft, or null when nothing worth keeping was entered. */
  parked?(flow: FlowState): string | null;
  /** The current step asked again, after `lead` (a pressed button that is no longer offered). */
  reprompt?(ctx: CommandContext, lead: string[]): Promise<CommandResult>;
  /** At a free-text step of its own flow: whether these arguments are a whole new entry, not an answer. */
  isEntry?(ctx: CommandContext, args: string): boolean;
  /** Manages the flow in progress itself (huy): the pipeline does not put the flow aside before it runs. */
  ownsFlow?: boolean;
  /**
   * What follows the command words is a message for other people (thongbao): its end is kept as typed —
   * "nhé", "ạ", an emoji, a question mark — where other commands drop them as decoration.
   */
  keepsTail?: boolean;
}

/** What a step takes: free text (notes), a typed value (a date, counts) or one of the offered choices. */
export type StepInput = 'text' | 'value' | 'choice';

export interface Unanswered {
  unanswered: CommandResult;
}

/** What the person answered inside a flow: typed text, or a choice (button or its number). */
export type FlowInput =
  | { kind: 'text'; text: string }
  | { kind: 'choice'; value: string }
  | { kind: 'location'; latitude: number; longitude: number };

export function defineCommand(def: CommandDef): CommandDef {
  return def;
}

export const reply = (...texts: string[]): CommandResult => ({ replies: texts.map((text) => ({ text })) });
