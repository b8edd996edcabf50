/**
 * Small helpers for step-by-step flows: a question with choices becomes one message with buttons
 * (numbered by the channel on Zalo and the simulator) and the flow state remembers the button data,
 * so that a typed "2" and a pressed second button mean the same thing.
 */
import type { CommandResult } from '../../commands/define';
import type { FlowState } from '../../db/repo/flows';
import type { Button, OutgoingMessage } from '../channels/types';

/** One button a row: easiest to read and to press on a phone. */
export function column(buttons: Button[]): Button[][] {
  return buttons.map((b) => [b]);
}

/** Asks `text` (with optional buttons), saving the flow at `step` with `data`. */
export function ask(
  kind: string,
  step: string,
  data: Record<string, unknown>,
  text: string,
  buttons: Button[][] = [],
  before: string[] = [],
): CommandResult {
  const message: OutgoingMessage = buttons.length > 0 ? { text, buttons } : { text };
  const flow: FlowState = { kind, step, data };
  const choices = buttons.flat().map((b) => b.data);
  if (choices.length > 0) flow.choices = choices;
  const lead = before.filter(Boolean);
  // Context lines go in the same message as the question: one message is easier to follow.
  if (lead.length > 0) message.text = `${lead.join('\n')}\n\n${text}`;
  return { replies: [message], flow };
}
