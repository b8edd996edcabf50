/**
 * A text longer than any platform lets through (Telegram: 4,096 characters) can only come by a
 * forged or replayed webhook; some readers take time growing faster than the length (a 900,000-
 * character report held handling for minutes, every chat waiting behind it). It is answered with
 * the limit, read by no command, and leaves a flow in progress as it was.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createApp } from '../../src/http/app';
import { activeFlow } from '../support/conversation';
import { telegramMessage } from '../support/fake-telegram';
import { createHarness } from '../support/harness';

async function world() {
  const h = await createHarness('2026-12-06T03:00:00Z');
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 30 });
  await h.person('sec', 'Bí Thư', [{ role: 'secretary', unit: 'CB1' }]);
  return h;
}

describe('a text over 4,096 characters', () => {
  it('is answered with the limit and read by no command', async () => {
    const h = await world();
    const replies = await h.say('sec', `hop ${'5/12 co mat 23/27 '.repeat(1_000)}`);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('Tin nhắn dài quá (tối đa 4.096 ký tự)');
    expect(await activeFlow(h, 'sec')).toBeNull();
  });

  it('in the middle of a report, keeps the report where it was', async () => {
    const h = await world();
    await h.say('sec', 'baocao thang 11');
    const before = await activeFlow(h, 'sec');
    expect(before).not.toBeNull();
    const [reply] = await h.say('sec', 'an ninh '.repeat(600));
    expect(reply!.text).toContain('dài quá');
    expect(await activeFlow(h, 'sec')).toBe(before);
  });

  it('exactly 4,096 characters is still read', async () => {
    const h = await world();
    const said = `toi${' '.repeat(4_093)}`;
    expect(said.length).toBe(4096);
    expect((await h.say('sec', said))[0]!.text).toContain('Đồng chí Bí Thư');
  });

  it('through the Telegram webhook: 200 and one short answer, the text never read', async () => {
    const h = await world();
    h.deps.config = loadConfig({
      DEMO_DATA: '0',
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_SECRET: 'long_text_secret_1',
    });
    const app = createApp(h.deps);
    const res = await app.request('/webhook/telegram', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': 'long_text_secret_1',
      },
      body: JSON.stringify(
        telegramMessage({
          updateId: 77,
          userId: 4242,
          text: `baocao ${'kien nghi 3/2 an ninh: '.repeat(40_000)}`,
        }),
      ),
    });
    expect(res.status).toBe(200);
    const sent = await h.sent('4242', 'telegram');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('dài quá');
  });
});
