import { Bot, InputFile } from 'grammy';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createTelegramChannel,
  telegramCommandMenu,
  telegramFailure,
} from '../../../src/channels/telegram/channel';
import { SendError } from '../../../src/channels/types';
import { channels as vi } from '../../../src/messages/vi/channels';

type Call = { method: string; payload: Record<string, any> };
type Script = { ok: false; error_code: number; description: string; parameters?: Record<string, number> };

let calls: Call[];
let scripts: Script[];
let bot: Bot;

beforeEach(() => {
  calls = [];
  scripts = [];
  bot = new Bot('123:abc', {
    botInfo: {
      id: 1,
      is_bot: true,
      first_name: 'chibo',
      username: 'chibo_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    },
  });
  // Stands in for api.telegram.org: records each call and answers it, or fails as scripted.
  bot.api.config.use(async (_prev, method, payload) => {
    calls.push({ method, payload: payload as Record<string, any> });
    const script = scripts.shift();
    if (script) return script as any;
    if (method === 'answerCallbackQuery') return { ok: true, result: true } as any;
    const p = payload as Record<string, any>;
    return {
      ok: true,
      result: { message_id: calls.length, date: 0, chat: { id: p.chat_id, type: 'private' } },
    } as any;
  });
});

const channel = (publicUrl?: string) => createTelegramChannel(bot.api, { publicUrl });

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SendError);
    return (err as SendError).failure;
  }
  throw new Error('expected a SendError');
}

describe('createTelegramChannel', () => {
  it('describes Telegram: 4096 characters, real buttons', () => {
    expect(channel()).toMatchObject({ platform: 'telegram', maxText: 4096, hasButtons: true });
  });

  it('sends plain text without parse_mode to a numeric chat id', async () => {
    const result = await channel().send('-1001234567890', { text: '<b>không phải</b> markup & *sao*' });
    expect(calls).toEqual([
      {
        method: 'sendMessage',
        payload: { chat_id: -1001234567890, text: '<b>không phải</b> markup & *sao*' },
      },
    ]);
    expect(calls[0]!.payload).not.toHaveProperty('parse_mode');
    expect(result).toEqual({ messageId: '1' });
  });

  it('splits long text at 4096 and puts the buttons on the last part only', async () => {
    const text = `${'a'.repeat(4000)}\n${'b'.repeat(4000)}\n${'c'.repeat(100)}`;
    const result = await channel().send('42', {
      text,
      buttons: [
        [{ label: 'Có', data: 'yes' }],
        [
          { label: 'Không', data: 'no' },
          { label: 'Hủy', data: 'cancel' },
        ],
      ],
    });
    expect(calls.map((c) => c.payload.text.length)).toEqual([4000, 4000, 100]);
    expect(calls[0]!.payload).not.toHaveProperty('reply_markup');
    expect(calls[1]!.payload).not.toHaveProperty('reply_markup');
    expect(calls[2]!.payload.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: 'Có', callback_data: 'yes' }],
        [
          { text: 'Không', callback_data: 'no' },
          { text: 'Hủy', callback_data: 'cancel' },
        ],
      ],
    });
    expect(result.messageId).toBe('3');
  });

  it('adds a short text above buttons when the message has none', async () => {
    await channel().send('42', { text: '', buttons: [[{ label: 'Có', data: 'y' }]] });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toMatchObject({
      text: vi.chooseOne,
      reply_markup: { inline_keyboard: [[{ text: 'Có' }]] },
    });
  });

  it('uploads a base64 photo as an InputFile with its caption', async () => {
    await channel().send('42', { text: '', photo: { base64: btoa('\x89PNG'), caption: 'Biểu đồ' } });
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto']);
    const { photo, caption } = calls[0]!.payload;
    expect(photo).toBeInstanceOf(InputFile);
    expect((photo as InputFile).filename).toBe('photo.png');
    expect(caption).toBe('Biểu đồ');
  });

  it('sends a media-id photo by URL and an over-long caption as text after it', async () => {
    const caption = 'x'.repeat(1500);
    await channel('https://bot.example.vn').send('42', { text: '', photo: { mediaId: 'm1', caption } });
    expect(calls.map((c) => [c.method, c.payload.photo ?? c.payload.text])).toEqual([
      ['sendPhoto', 'https://bot.example.vn/media/m1'],
      ['sendMessage', caption],
    ]);
    expect(calls[0]!.payload).not.toHaveProperty('caption');
  });

  it('uploads a document with its filename after the text', async () => {
    await channel().send('42', {
      text: 'Danh sách',
      document: { base64: btoa('a,b\n1,2\n'), filename: 'danh-sach.csv', caption: 'Tháng 11' },
    });
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument']);
    const doc = calls[1]!.payload;
    expect(doc.document).toBeInstanceOf(InputFile);
    expect((doc.document as InputFile).filename).toBe('danh-sach.csv');
    expect(doc.caption).toBe('Tháng 11');
  });

  it('answers the pressed button before replying, and a failed answer does not stop the reply', async () => {
    scripts.push({ ok: false, error_code: 400, description: 'Bad Request: query is too old' });
    const result = await channel().send('42', { text: 'Đã lưu.', answerCallback: { id: 'q1', text: 'OK' } });
    expect(calls.map((c) => [c.method, c.payload])).toEqual([
      ['answerCallbackQuery', { callback_query_id: 'q1', text: 'OK' }],
      ['sendMessage', { chat_id: 42, text: 'Đã lưu.' }],
    ]);
    expect(result.messageId).toBe('2');
  });

  it('maps 429 to rate_limited using retry_after in ms', async () => {
    scripts.push({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    expect(await failureOf(channel().send('42', { text: 'x' }))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it.each([
    [500, 'server'],
    [502, 'server'],
    [400, 'rejected'],
    [403, 'rejected'],
    [401, 'server'],
  ] as const)('maps Telegram error %i to %s', async (error_code, kind) => {
    scripts.push({ ok: false, error_code, description: 'nope' });
    expect(await failureOf(channel().send('42', { text: 'x' }))).toMatchObject({ kind });
  });

  it('maps a failed HTTP call to network', async () => {
    // Nothing listens on port 1: grammY's own fetch fails and raises HttpError.
    const offline = new Bot('123:abc', { botInfo: bot.botInfo, client: { apiRoot: 'http://127.0.0.1:1' } });
    const failure = await failureOf(createTelegramChannel(offline.api).send('42', { text: 'x' }));
    expect(failure).toMatchObject({ kind: 'network' });
    expect(failure.message).not.toContain('123:abc');
  });

  it('leaves errors that are not grammY errors alone', () => {
    expect(telegramFailure(new TypeError('bug'))).toBeUndefined();
  });
});

describe('telegramCommandMenu', () => {
  it('builds the setMyCommands payload in Vietnamese', async () => {
    const menu = telegramCommandMenu([
      { name: 'batdau', description: 'Bắt đầu' },
      { name: 'tro_giup', description: 'Hướng dẫn' },
    ]);
    expect(menu).toEqual({
      commands: [
        { command: 'batdau', description: 'Bắt đầu' },
        { command: 'tro_giup', description: 'Hướng dẫn' },
      ],
      language_code: 'vi',
    });
    await bot.api.setMyCommands(menu.commands, { language_code: menu.language_code });
    expect(calls[0]).toEqual({ method: 'setMyCommands', payload: menu });
  });

  it.each(['', 'Start', 'bắt_đầu', 'has-dash', '/start', 'a'.repeat(33)])(
    'refuses the command name %j',
    (name) => {
      expect(() => telegramCommandMenu([{ name, description: 'x' }])).toThrow(RangeError);
    },
  );

  it('refuses empty and over-long descriptions', () => {
    expect(() => telegramCommandMenu([{ name: 'a', description: ' ' }])).toThrow(RangeError);
    expect(() => telegramCommandMenu([{ name: 'a', description: 'x'.repeat(257) }])).toThrow(RangeError);
  });
});
