/**
 * Table-driven conversations: for a step of a flow (reached by a few messages), each row is what a
 * person answers there (typed text or a pressed button), the step the chat is at afterwards
 * (`kind/step`, or null when no flow is in progress) and what the reply says.
 */
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { flows } from '../../db/schema';
import type { Harness } from './harness';

export interface Row {
  /** Typed text; `!data` presses the button with that data. */
  say: string;
  /** The active flow afterwards: `kind/step`, or null. */
  next: string | null;
  /** Every pattern must be in the reply (a string is a plain substring). */
  reply: (RegExp | string)[];
  /** Patterns the reply must not contain. */
  not?: (RegExp | string)[];
}

export interface StepTable {
  /** Messages (same syntax as `say`) that lead to the step. */
  reach: string[];
  rows: Row[];
}

export async function activeFlow(h: Harness, chat: string, platform = 'sim'): Promise<string | null> {
  const row = await h.db
    .select()
    .from(flows)
    .where(eq(flows.key, `${platform}:${chat}`))
    .get();
  return row ? `${row.kind}/${row.step}` : null;
}

export async function send(h: Harness, chat: string, text: string, platform: 'sim' | 'telegram' = 'sim') {
  const opts = { platform } as const;
  return text.startsWith('!') ? h.choose(chat, text.slice(1), opts) : h.say(chat, text, opts);
}

/** Reaches the step, checks where it stands, answers the row and checks what came back. */
export async function playRow(
  h: Harness,
  chat: string,
  table: StepTable,
  row: Row,
  platform: 'sim' | 'telegram' = 'sim',
): Promise<string> {
  for (const text of table.reach) await send(h, chat, text, platform);
  const replies = await send(h, chat, row.say, platform);
  const text = replies
    .map((r) => [r.text, ...(r.buttons?.flat().map((b) => `[${b.label}]`) ?? [])].join('\n'))
    .join('\n');
  expect(replies.length, `"${row.say}" gets an answer`).toBeGreaterThan(0);
  expect(replies.length, `"${row.say}" gets one message back`).toBeLessThanOrEqual(2);
  for (const p of row.reply) {
    if (typeof p === 'string') expect(text).toContain(p);
    else expect(text).toMatch(p);
  }
  for (const p of row.not ?? []) {
    if (typeof p === 'string') expect(text).not.toContain(p);
    else expect(text).not.toMatch(p);
  }
  expect(await activeFlow(h, chat, platform), `after "${row.say}"`).toBe(row.next);
  return text;
}

/** `[step, say, row]` cases for `it.each` over a command's table. */
export function cases(tables: Record<string, StepTable>): [string, string, string, Row][] {
  return Object.entries(tables).flatMap(([step, t]) =>
    t.rows.map((r) => [step, r.say, r.next ?? '(none)', r] as [string, string, string, Row]),
  );
}
