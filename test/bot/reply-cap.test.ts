import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CommandDef, defineCommand } from '../../commands/define';
import { commands } from '../../commands/index';
import { outbox } from '../../db/schema';
import { handleIncoming } from '../../src/bot/handle';
import { capReplies, MAX_REPLY_PARTS } from '../../src/bot/reply-cap';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-10T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', { memberCount: 27 });
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
});
afterEach(() => h.close());

/** A command that asks for far too much: 300 replies of 900 characters, the last with buttons. */
const noisy: CommandDef = defineCommand({
  name: 'ồnào'.normalize('NFD').replace(/\p{M}/gu, ''),
  aliases: ['onao'],
  access: 'linked',
  summary: 'x',
  example: 'onao',
  async run() {
    const replies = Array.from({ length: 300 }, (_, i) => ({ text: `${i} ${'chữ '.repeat(220)}` }));
    replies.push({ text: 'Chọn?', buttons: [[{ label: 'A', data: 'a' }]] } as never);
    return { replies };
  },
});

describe('replies to one message', () => {
  it('never become more than a few platform messages, whatever a command asked for', async () => {
    await handleIncoming(
      h.deps,
      {
        platform: 'sim',
        updateKey: 'sim:noisy',
        chatId: 'bt1',
        chatType: 'private',
        userId: 'bt1',
        kind: 'text',
        text: 'onao',
      },
      [...commands, noisy],
    );
    const rows = await h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.chatId, 'bt1'), eq(outbox.platform, 'sim')))
      .all();
    expect(rows.length).toBeLessThanOrEqual(MAX_REPLY_PARTS);
    const last = JSON.parse(rows.at(-1)!.payload);
    expect(last.buttons).toEqual([[{ label: 'A', data: 'a' }]]);
    expect(last.text).toContain('rút gọn');
  });

  it('are left alone when they fit', () => {
    const replies = [{ text: 'một' }, { text: 'hai', buttons: [[{ label: 'x', data: 'x' }]] }];
    expect(capReplies(replies, 2000)).toEqual(replies);
  });

  it('keep pictures, merge the texts and cut them to fit', () => {
    const out = capReplies(
      [
        { text: '', photo: { base64: 'AA' } },
        ...Array.from({ length: 9 }, () => ({ text: 'x'.repeat(1500) })),
      ],
      2000,
    );
    expect(out[0]!.photo).toEqual({ base64: 'AA' });
    expect(out).toHaveLength(2);
    expect(out[1]!.text.length).toBeLessThanOrEqual(3 * 2000);
  });
});
