import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SendError, sendWhole } from '../../../src/channels/types';
import { createZaloChannel } from '../../../src/channels/zalo/channel';
import { createZaloApi } from '../../../src/channels/zalo/client';
import { zaloFailureWithoutCheck } from '../../../src/channels/zalo/errors';
import { channels as vi } from '../../../src/messages/vi/channels';
import { type FakeZalo, startFakeZalo } from '../../support/fake-zalo';
import { startPictureServer } from '../../support/picture-server';

let zalo: FakeZalo;
beforeEach(async () => {
  zalo = await startFakeZalo();
});
afterEach(async () => {
  await zalo.close();
});

const channel = (publicUrl?: string) =>
  createZaloChannel(createZaloApi({ token: zalo.token, apiRoot: zalo.url, timeoutMs: 200 }), { publicUrl });

const sentTexts = () => zalo.callsTo('sendMessage').map((c) => (c.body as { text: string }).text);

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SendError);
    return (err as SendError).failure;
  }
  throw new Error('expected a SendError');
}

describe('createZaloChannel', () => {
  it('describes Zalo: 2000 characters, no buttons', () => {
    expect(channel()).toMatchObject({ platform: 'zalo', maxText: 2000, hasButtons: false });
  });

  it('sends a short text as one message and returns its id', async () => {
    const result = await sendWhole(channel(), 'chat1', { text: 'Xin chào đồng chí' });
    expect(zalo.calls.map((c) => c.body)).toEqual([{ chat_id: 'chat1', text: 'Xin chào đồng chí' }]);
    expect(result.messageId).toMatch(/^m\d+$/);
  });

  it('splits long text into parts of at most 2000 characters and returns the last id', async () => {
    const line = 'Nghị quyết chi bộ tháng này. '.repeat(20).trim();
    const text = Array.from({ length: 12 }, () => line).join('\n');
    expect(text.length).toBeGreaterThan(4000);
    const result = await sendWhole(channel(), 'chat1', { text });
    const parts = sentTexts();
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join('\n')).toBe(text);
    // The fake numbers its messages m0…01, m0…02, …
    expect(result.messageId).toBe(`m${String(parts.length).padStart(19, '0')}`);
  });

  it('renders buttons as a numbered menu with a line saying how to answer', async () => {
    await sendWhole(channel(), 'chat1', {
      text: 'Đồng chí muốn làm gì?',
      buttons: [
        [{ label: 'Báo cáo', data: 'r' }],
        [
          { label: 'Lịch họp', data: 'm' },
          { label: 'Hủy', data: 'x' },
        ],
      ],
    });
    expect(sentTexts()).toEqual([
      `Đồng chí muốn làm gì?\n\n1. Báo cáo\n2. Lịch họp\n3. Hủy\n${vi.replyWithNumber(3)}`,
    ]);
    expect(vi.replyWithNumber(3)).toBe('Trả lời bằng số (1, 2, 3).');
  });

  it('keeps the menu in the message limit when text and menu together are long', async () => {
    const text = 'a'.repeat(1990);
    await sendWhole(channel(), 'chat1', { text, buttons: [[{ label: 'Có', data: 'y' }]] });
    expect(sentTexts()).toEqual([text, `1. Có\n${vi.replyWithNumber(1)}`]);
  });

  it('sends a photo with a media id as a URL under the public address, with its caption', async () => {
    const pictures = await startPictureServer();
    try {
      const result = await sendWhole(channel(`${pictures.url}/`), 'chat1', {
        text: '',
        photo: { mediaId: 'chart 7', caption: 'Tỷ lệ nộp báo cáo' },
      });
      expect(zalo.calls.map((c) => [c.method, c.body])).toEqual([
        [
          'sendPhoto',
          { chat_id: 'chat1', photo: `${pictures.url}/media/chart%207`, caption: 'Tỷ lệ nộp báo cáo' },
        ],
      ]);
      expect(result.messageId).toBeDefined();
    } finally {
      await pictures.close();
    }
  });

  it('says so in text when a photo cannot be served by URL', async () => {
    await sendWhole(channel(), 'chat1', { text: '', photo: { base64: 'iVBORw0KGgo=', caption: 'Biểu đồ' } });
    expect(zalo.callsTo('sendPhoto')).toHaveLength(0);
    expect(sentTexts()).toEqual([`Biểu đồ\n\n${vi.photoNotAvailable}`]);
  });

  it('replaces a document by its caption and a note, since Zalo cannot send files', async () => {
    await sendWhole(channel(), 'chat1', {
      text: 'Danh sách đảng viên',
      document: { base64: 'AAAA', filename: 'danh-sach.csv', caption: 'Tháng 11' },
    });
    expect(sentTexts()).toEqual([
      'Danh sách đảng viên',
      `Tháng 11\n\n${vi.documentNotSupported('danh-sach.csv')}`,
    ]);
  });

  it('sends nothing for an empty message', async () => {
    expect(await sendWhole(channel(), 'chat1', { text: '' })).toEqual({});
    expect(zalo.calls).toHaveLength(0);
  });

  it('makes each platform call one part: the text with its menu, then the picture', () => {
    const parts = channel('https://bot.example.vn').parts({
      text: 'Chọn:',
      buttons: [[{ label: 'Có', data: 'y' }]],
      photo: { mediaId: 'm1', caption: 'Biểu đồ' },
    });
    expect(parts).toEqual([
      { kind: 'text', text: `Chọn:\n\n1. Có\n${vi.replyWithNumber(1)}` },
      {
        kind: 'photo',
        photo: { mediaId: 'm1' },
        caption: 'Biểu đồ',
        fallbackText: `Biểu đồ\n\n${vi.photoNotAvailable}`,
      },
    ]);
  });

  it('says the caption in words when Zalo cannot take the picture', async () => {
    // Nothing serves bot.example.vn here: Zalo cannot fetch the picture and refuses the send.
    await sendWhole(channel('https://bot.example.vn'), 'chat1', {
      text: '',
      photo: { mediaId: 'm1', caption: 'Biểu đồ' },
    });
    expect(sentTexts()).toEqual([`Biểu đồ\n\n${vi.photoNotAvailable}`]);
  });

  it('maps 429 to rate_limited with the hint, or without one (the dispatcher backs off)', async () => {
    zalo.failNext(
      'sendMessage',
      { kind: 'api', errorCode: 429, description: 'Quota exceeded', parameters: { retry_after: 30 } },
      { kind: 'api', errorCode: 429, description: 'Quota exceeded' },
    );
    expect(await failureOf(sendWhole(channel(), 'c', { text: 'x' }))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 30_000,
    });
    const without = await failureOf(sendWhole(channel(), 'c', { text: 'x' }));
    expect(without).toMatchObject({ kind: 'rate_limited' });
    expect(without).not.toHaveProperty('retryAfterMs');
  });

  it.each([
    [500, 'server'],
    [503, 'server'],
    [403, 'server'],
    [408, 'server'],
    [401, 'setup'],
  ] as const)('maps Zalo error %i to %s', async (errorCode, kind) => {
    zalo.failNext('sendMessage', { kind: 'api', errorCode, description: 'nope' });
    expect(await failureOf(sendWhole(channel(), 'c', { text: 'x' }))).toMatchObject({ kind });
  });

  it('reads 400 and 404 with a getMe: the chat or the message when the token works, the setup when not', async () => {
    zalo.failNext('sendMessage', { kind: 'api', errorCode: 404, description: 'Not Found' });
    expect(await failureOf(sendWhole(channel(), 'c', { text: 'x' }))).toMatchObject({ kind: 'refused' });
    zalo.failNext('sendMessage', { kind: 'api', errorCode: 400, description: 'Bad Request' });
    expect(await failureOf(sendWhole(channel(), 'c', { text: 'x' }))).toMatchObject({ kind: 'bad_request' });
    zalo.failNext('sendMessage', { kind: 'api', errorCode: 404, description: 'Not Found' });
    zalo.failNext('getMe', { kind: 'api', errorCode: 404, description: 'Not Found' });
    expect(await failureOf(sendWhole(channel(), 'c', { text: 'x' }))).toMatchObject({ kind: 'setup' });
    expect(zalo.callsTo('getMe')).toHaveLength(3);
  });

  it('maps resets and timeouts to network, an HTML error page to server, an HTML 404 to setup', async () => {
    zalo.failNext(
      'sendMessage',
      { kind: 'reset' },
      { kind: 'hang' },
      { kind: 'raw', status: 502, body: 'Bad Gateway' },
      { kind: 'raw', status: 404, body: '<html>Not Found</html>' },
    );
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const failure = await failureOf(sendWhole(channel(), 'c', { text: 'x' }));
      kinds.push(failure.kind);
      expect(failure.message).not.toContain(zalo.token);
    }
    expect(kinds).toEqual(['network', 'network', 'server', 'setup']);
  });

  it('stops at the first failing part', async () => {
    zalo.failNext(
      'sendMessage',
      { kind: 'ok', result: { message_id: 'p1', date: 1 } },
      {
        kind: 'api',
        errorCode: 500,
        description: 'boom',
      },
    );
    const text = `${'a'.repeat(2000)}\n${'b'.repeat(2000)}\n${'c'.repeat(10)}`;
    expect(await failureOf(sendWhole(channel(), 'c', { text }))).toMatchObject({ kind: 'server' });
    expect(zalo.callsTo('sendMessage')).toHaveLength(2);
  });

  it('leaves errors that are not Zalo errors alone', () => {
    expect(zaloFailureWithoutCheck(new TypeError('bug'))).toBeUndefined();
  });
});
