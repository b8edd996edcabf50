/** Fakes for the outbox tests: a hand-driven clock and a channel whose answers are scripted. */
import { eq } from 'drizzle-orm';
import { outbox } from '../../db/schema';
import { type NodeDatabase, openDatabase } from '../../db/sqlite';
import type {
  Channel,
  OutgoingMessage,
  OutgoingPart,
  Platform,
  SendFailure,
  SendResult,
} from '../../src/channels/types';
import { SendError } from '../../src/channels/types';
import { type EnqueueOptions, enqueue } from '../../src/outbox/enqueue';

export const T0 = Date.UTC(2026, 2, 2, 3, 0, 0);

export interface FakeClock {
  now: () => Date;
  ms(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function fakeClock(start = T0): FakeClock {
  let t = start;
  return {
    now: () => new Date(t),
    ms: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** What one send does: succeed, fail with a SendFailure, or throw something that is not a SendError. */
export type Action = 'ok' | SendFailure | { throws: unknown };
/** An action now, or one a hanging send does once the promise resolves. */
export type Step = Action | Promise<Action>;

export interface Call {
  chatId: string;
  text: string;
  at: number;
}

export class ScriptedChannel implements Channel {
  readonly maxText = 4096;
  readonly hasButtons = false;
  /** Every call to send, in the order they started. */
  readonly calls: Call[] = [];
  /** The sends that succeeded, in the order they finished. */
  readonly delivered: Call[] = [];
  private readonly steps = new Map<string, Step[]>();
  private readonly probes: Action[] = [];
  /** How many times the dispatcher checked the platform (getMe). */
  probeCount = 0;
  private nextId = 1;

  constructor(
    readonly platform: Platform,
    private readonly clock: FakeClock,
    /** Awaited inside every send, e.g. to let other work interleave. */
    private readonly latency: () => Promise<void> = async () => {},
  ) {}

  /** The next checks (getMe) do these, then succeed. */
  scriptProbe(...actions: Action[]): void {
    this.probes.push(...actions);
  }

  async probe(): Promise<void> {
    this.probeCount++;
    const action = this.probes.shift() ?? 'ok';
    if (action === 'ok') return;
    if ('throws' in action) throw action.throws;
    throw new SendError(action);
  }

  /** The next sends of the message with this text do these steps, then succeed. */
  script(text: string, ...steps: Step[]): void {
    this.steps.set(text, [...(this.steps.get(text) ?? []), ...steps]);
  }

  /** One part per message by default; a message with `buttons` gets one more part, "menu:<text>". */
  parts(message: OutgoingMessage): OutgoingPart[] {
    const parts: OutgoingPart[] = [{ kind: 'text', text: message.text }];
    if (message.buttons?.length) parts.push({ kind: 'text', text: `menu:${message.text}` });
    return parts;
  }

  async sendPart(chatId: string, part: OutgoingPart): Promise<SendResult> {
    const text = part.kind === 'text' ? part.text : (part.caption ?? '');
    const call = { chatId, text, at: this.clock.ms() };
    this.calls.push(call);
    await this.latency();
    const step = await (this.steps.get(text)?.shift() ?? 'ok');
    if (step === 'ok') {
      this.delivered.push(call);
      return { messageId: String(this.nextId++) };
    }
    if ('throws' in step) throw step.throws;
    throw new SendError(step);
  }

  sentTexts(chatId?: string): string[] {
    return this.delivered.filter((c) => chatId === undefined || c.chatId === chatId).map((c) => c.text);
  }
}

/** A promise plus the function that settles it, for sends that hang until the test lets them go. */
export function gate<T = Action>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export function memoryDb(): NodeDatabase {
  return openDatabase(':memory:');
}

export async function put(
  db: NodeDatabase,
  clock: FakeClock,
  platform: Platform,
  chatId: string,
  message: OutgoingMessage | string,
  opts: EnqueueOptions = {},
): Promise<void> {
  const msg = typeof message === 'string' ? { text: message } : message;
  await db.store.commit(enqueue(db.store.db, { platform, chatId }, msg, clock.now(), opts));
}

export async function rowByText(db: NodeDatabase, text: string) {
  const rows = await db.store.db.select().from(outbox);
  const found = rows.filter((r) => (JSON.parse(r.payload) as OutgoingMessage).text === text);
  if (found.length !== 1) throw new Error(`expected one row with text ${text}, found ${found.length}`);
  return found[0]!;
}

export async function pendingCount(db: NodeDatabase): Promise<number> {
  return (await db.store.db.select().from(outbox).where(eq(outbox.status, 'pending'))).length;
}

/** Lets queued callbacks and group commits (setImmediate) run; no clock involved. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function until(condition: () => boolean | Promise<boolean>, maxTurns = 500): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (await condition()) return;
    await turn();
  }
  throw new Error('condition not reached');
}
