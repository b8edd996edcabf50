import { Bot, GrammyError, InputFile } from 'grammy';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../../src/channels/telegram/channel';
import { telegramFailure } from '../../../src/channels/telegram/errors';
import { applyTelegramMenus, telegramCommandMenus } from '../../../src/channels/telegram/menu';
import { SendError, sendWhole } from '../../../src/channels/types';
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
    const result = await sendWhole(channel(), '-1001234567890', { text: '<b>không phải</b> markup & *sao*' });
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
    const result = await sendWhole(channel(), '42', {
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
    await sendWhole(channel(), '42', { text: '', buttons: [[{ label: 'Có', data: 'y' }]] });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toMatchObject({
      text: vi.chooseOne,
      reply_markup: { inline_keyboard: [[{ text: 'Có' }]] },
    });
  });

  it('uploads a base64 photo as an InputFile with its caption', async () => {
    await sendWhole(channel(), '42', { text: '', photo: { base64: btoa('\x89PNG'), caption: 'Biểu đồ' } });
    expect(calls.map((c) => c.method)).toEqual(['sendPhoto']);
    const { photo, caption } = calls[0]!.payload;
    expect(photo).toBeInstanceOf(InputFile);
    expect((photo as InputFile).filename).toBe('photo.png');
    expect(caption).toBe('Biểu đồ');
  });

  it('sends a media-id photo by URL and an over-long caption as text after it', async () => {
    const caption = 'x'.repeat(1500);
    await sendWhole(channel('https://bot.example.vn'), '42', { text: '', photo: { mediaId: 'm1', caption } });
    expect(calls.map((c) => [c.method, c.payload.photo ?? c.payload.text])).toEqual([
      ['sendPhoto', 'https://bot.example.vn/media/m1'],
      ['sendMessage', caption],
    ]);
    expect(calls[0]!.payload).not.toHaveProperty('caption');
  });

  it('uploads a document with its filename after the text', async () => {
    await sendWhole(channel(), '42', {
      text: 'Danh sách',
      document: { base64: btoa('a,b\n1,2\n'), filename: 'danh-sach.csv', caption: 'Tháng 11' },
    });
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument']);
    const doc = calls[1]!.payload;
    expect(doc.document).toBeInstanceOf(InputFile);
    expect((doc.document as InputFile).filename).toBe('danh-sach.csv');
    expect(doc.caption).toBe('Tháng 11');
  });

  it('answers a pressed button at once on its own, and a failed answer is swallowed', async () => {
    scripts.push({ ok: false, error_code: 400, description: 'Bad Request: query is too old' });
    await channel().acknowledge!('q1');
    await channel().acknowledge!('q2');
    expect(calls.map((c) => [c.method, c.payload])).toEqual([
      ['answerCallbackQuery', { callback_query_id: 'q1' }],
      ['answerCallbackQuery', { callback_query_id: 'q2' }],
    ]);
  });

  it('makes one part per platform call: text with its buttons, then the picture', () => {
    const parts = channel('https://bot.example.vn').parts({
      text: 'Chọn:',
      buttons: [[{ label: 'Có', data: 'y' }]],
      photo: { mediaId: 'm1', caption: 'Biểu đồ' },
    });
    expect(parts).toEqual([
      { kind: 'text', text: 'Chọn:', buttons: [[{ label: 'Có', data: 'y' }]] },
      {
        kind: 'photo',
        photo: { mediaId: 'm1' },
        caption: 'Biểu đồ',
        fallbackText: `Biểu đồ\n\n${vi.photoNotAvailable}`,
      },
    ]);
  });

  it('says the caption in words when Telegram cannot take the picture', async () => {
    scripts.push({ ok: false, error_code: 400, description: 'Bad Request: failed to get HTTP URL content' });
    await sendWhole(channel('https://bot.example.vn'), '42', {
      text: '',
      photo: { mediaId: 'm1', caption: 'Biểu đồ' },
    });
    expect(calls.map((c) => [c.method, c.payload.text ?? c.payload.photo])).toEqual([
      ['sendPhoto', 'https://bot.example.vn/media/m1'],
      ['sendMessage', `Biểu đồ\n\n${vi.photoNotAvailable}`],
    ]);
  });

  it('maps 429 to rate_limited using retry_after in ms', async () => {
    scripts.push({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    expect(await failureOf(sendWhole(channel(), '42', { text: 'x' }))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it('maps a failed HTTP call to network', async () => {
    // Nothing listens on port 1: grammY's own fetch fails and raises HttpError.
    const offline = new Bot('123:abc', { botInfo: bot.botInfo, client: { apiRoot: 'http://127.0.0.1:1' } });
    const failure = await failureOf(sendWhole(createTelegramChannel(offline.api), '42', { text: 'x' }));
    expect(failure).toMatchObject({ kind: 'network' });
    expect(failure.message).not.toContain('123:abc');
  });
});

describe('telegramFailure: what each Telegram answer means', () => {
  const grammyError = (error_code: number, description: string, parameters: Record<string, number> = {}) =>
    new GrammyError(
      `Call to 'sendMessage' failed! (${error_code}: ${description})`,
      { ok: false, error_code, description, parameters },
      'sendMessage',
      {},
    );

  it.each([
    [403, 'Forbidden: bot was blocked by the user', 'refused'],
    [403, 'Forbidden: user is deactivated', 'refused'],
    [403, 'Forbidden: bot was kicked from the group chat', 'refused'],
    [403, 'Forbidden: bot was kicked from the supergroup chat', 'refused'],
    [403, "Forbidden: bot can't initiate conversation with a user", 'refused'],
    [403, 'Forbidden: bot is not a member of the supergroup chat', 'refused'],
    [400, 'Bad Request: chat not found', 'refused'],
    [400, 'Bad Request: not enough rights to send text messages to the chat', 'refused'],
    [400, 'Bad Request: have no rights to send a message', 'refused'],
    [400, 'Bad Request: CHAT_WRITE_FORBIDDEN', 'refused'],
    [400, 'Bad Request: PEER_ID_INVALID', 'refused'],
    [403, 'Forbidden: bot is not a member of the channel chat', 'refused'],
    // A group that forbids only pictures or files still takes text: never a reason to unlink it.
    [400, 'Bad Request: not enough rights to send photos to the chat', 'bad_request'],
    [400, 'Bad Request: not enough rights to send documents to the chat', 'bad_request'],
    [400, 'Bad Request: CHAT_SEND_PHOTOS_FORBIDDEN', 'bad_request'],
    [400, 'Bad Request: TOPIC_CLOSED', 'bad_request'],
    [400, 'Bad Request: can\'t parse entities: Unsupported start tag "b" at byte offset 0', 'bad_request'],
    [400, 'Bad Request: query is too old and response timeout expired or query ID is invalid', 'bad_request'],
    [400, 'Bad Request: message is too long', 'bad_request'],
    [400, 'Bad Request: message text is empty', 'bad_request'],
    [400, 'Bad Request: wrong file identifier/HTTP URL specified', 'bad_request'],
    [400, 'Bad Request: failed to get HTTP URL content', 'bad_request'],
    [400, 'Bad Request: BUTTON_DATA_INVALID', 'bad_request'],
    [401, 'Unauthorized', 'setup'],
    [404, 'Not Found', 'setup'],
    [413, 'Request Entity Too Large', 'bad_request'],
    [409, 'Conflict: terminated by other getUpdates request', 'server'],
    [500, 'Internal Server Error', 'server'],
    [502, 'Bad Gateway', 'server'],
    [504, 'Gateway Timeout', 'server'],
  ] as const)('%i %s → %s', (code, description, kind) => {
    expect(telegramFailure(grammyError(code, description))).toMatchObject({ kind });
  });

  it('reads a supergroup migration as a move to the new id', () => {
    const err = grammyError(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
      migrate_to_chat_id: -1001234567890,
    });
    expect(telegramFailure(err)).toMatchObject({ kind: 'moved', toChatId: '-1001234567890' });
  });

  it('leaves errors that are not grammY errors alone', () => {
    expect(telegramFailure(new TypeError('bug'))).toBeUndefined();
  });
});

describe('telegramCommandMenus', () => {
  const list = [
    { name: 'batdau', summary: 'Bắt đầu', inGroup: 'group' as const },
    { name: 'tro_giup', summary: 'Hướng dẫn', inGroup: 'group' as const },
    { name: 'baocao', summary: 'Báo cáo', inGroup: 'private' as const },
  ];

  it('sets every command for private chats and only the group ones for groups, with and without vi', async () => {
    const menus = telegramCommandMenus(list);
    expect(menus.map((m) => [m.scope.type, m.language_code ?? '', m.commands.map((c) => c.command)])).toEqual(
      [
        ['all_private_chats', '', ['batdau', 'tro_giup', 'baocao']],
        ['all_private_chats', 'vi', ['batdau', 'tro_giup', 'baocao']],
        ['all_group_chats', '', ['batdau', 'tro_giup']],
        ['all_group_chats', 'vi', ['batdau', 'tro_giup']],
      ],
    );
    await applyTelegramMenus(bot.api, menus);
    expect(calls.map((c) => c.payload)).toEqual([
      { commands: menus[0]!.commands, scope: { type: 'all_private_chats' } },
      { commands: menus[1]!.commands, scope: { type: 'all_private_chats' }, language_code: 'vi' },
      { commands: menus[2]!.commands, scope: { type: 'all_group_chats' } },
      { commands: menus[3]!.commands, scope: { type: 'all_group_chats' }, language_code: 'vi' },
    ]);
  });

  it.each(['', 'Start', 'bắt_đầu', 'has-dash', '/start', 'a'.repeat(33)])(
    'refuses the command name %j',
    (name) => {
      expect(() => telegramCommandMenus([{ name, summary: 'x' }])).toThrow(RangeError);
    },
  );

  it('refuses empty and over-long descriptions', () => {
    expect(() => telegramCommandMenus([{ name: 'a', summary: ' ' }])).toThrow(RangeError);
    expect(() => telegramCommandMenus([{ name: 'a', summary: 'x'.repeat(257) }])).toThrow(RangeError);
  });
});
