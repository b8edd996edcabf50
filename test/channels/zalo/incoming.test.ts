import { describe, expect, it } from 'vitest';
import { zaloToIncoming } from '../../../src/channels/zalo/incoming';

const message = (extra: Record<string, unknown> = {}) => ({
  message_id: '2d758cb5e222177a4e35',
  date: 1750316131602,
  chat: { id: '6ede9afa66b88fe6d6a9', chat_type: 'PRIVATE' },
  from: { id: '6ede9afa66b88fe6d6a9', display_name: 'Ted', is_bot: false },
  text: 'Xin chào',
  ...extra,
});
const wrapped = (event_name: string, m: unknown = message()) => ({
  ok: true,
  result: { event_name, message: m },
});
const flat = (event_name: string, m: unknown = message()) => ({ event_name, message: m });

const textIncoming = {
  platform: 'zalo',
  updateKey: 'zalo:2d758cb5e222177a4e35',
  chatId: '6ede9afa66b88fe6d6a9',
  chatType: 'private',
  userId: '6ede9afa66b88fe6d6a9',
  displayName: 'Ted',
  kind: 'text',
  text: 'Xin chào',
  sentAt: 1750316131602,
};

describe('zaloToIncoming', () => {
  it.each([
    ['wrapped', wrapped],
    ['flat', flat],
  ])('reads a text message in the %s form', (_, shape) => {
    expect(zaloToIncoming(shape('message.text.received'))).toEqual(textIncoming);
  });

  it.each([
    'message.image.received',
    'message.sticker.received',
    'message.voice.received',
    'message.video.received',
  ])('marks %s as unsupported', (eventName) => {
    const got = zaloToIncoming(flat(eventName, message({ text: undefined, photo_url: 'https://x/y.jpg' })));
    expect(got).toMatchObject({
      kind: 'unsupported',
      updateKey: 'zalo:2d758cb5e222177a4e35',
      chatId: textIncoming.chatId,
    });
    expect(got).not.toHaveProperty('text');
  });

  it('marks message.unsupported.received (a protected user, content withheld) as unreadable', () => {
    const got = zaloToIncoming(wrapped('message.unsupported.received', message({ text: undefined })));
    expect(got).toMatchObject({
      kind: 'unreadable',
      chatId: textIncoming.chatId,
      userId: textIncoming.userId,
    });
    expect(got).not.toHaveProperty('text');
  });

  it('strips the leading @mention of a group message up to the command', () => {
    const isCommand = (t: string) => /^(batdau|lich)\b/.test(t);
    const group = (text: string) =>
      zaloToIncoming(
        flat(
          'message.text.received',
          message({ chat: { id: 'g1', chat_type: 'GROUP' }, from: { id: 'u1' }, text }),
        ),
        { isCommand },
      );
    expect(group('@Bot Chi Bộ batdau K7M2QX')).toMatchObject({ kind: 'text', text: 'batdau K7M2QX' });
    expect(group('@Bot chibo   lich 5/12 19h30')).toMatchObject({ text: 'lich 5/12 19h30' });
    expect(group('@Bot chibo cảm ơn')).toMatchObject({ text: '@Bot chibo cảm ơn' });
    expect(group('batdau K7M2QX')).toMatchObject({ text: 'batdau K7M2QX' });
  });

  it('reads a getUpdates result without event_name from its content', () => {
    expect(zaloToIncoming({ ok: true, result: { message: message({}) } })).toMatchObject({
      kind: 'text',
      text: textIncoming.text,
    });
  });

  it('treats a text event without text as unsupported', () => {
    expect(zaloToIncoming(wrapped('message.text.received', message({ text: '   ' })))).toMatchObject({
      kind: 'unsupported',
    });
  });

  it('marks GROUP chats as groups and keeps the sender apart from the chat', () => {
    const got = zaloToIncoming(
      flat(
        'message.text.received',
        message({ chat: { id: 'g1', chat_type: 'GROUP' }, from: { id: 'u1', name: 'An' } }),
      ),
    );
    expect(got).toMatchObject({ chatType: 'group', chatId: 'g1', userId: 'u1', displayName: 'An' });
  });

  it('falls back to name and first_name for the display name', () => {
    const got = zaloToIncoming(
      flat('message.text.received', message({ from: { id: 'u1', first_name: 'Bình' } })),
    );
    expect(got).toMatchObject({ displayName: 'Bình' });
  });

  it('reads dates in seconds as milliseconds', () => {
    expect(zaloToIncoming(flat('message.text.received', message({ date: 1750316131 })))).toMatchObject({
      sentAt: 1750316131000,
    });
  });

  it('keeps numeric ids as text and tolerates extra and malformed cosmetic fields', () => {
    const got = zaloToIncoming({
      event_name: 'message.text.received',
      extra: { anything: [1, 2] },
      message: message({
        message_id: 99,
        chat: { id: 123, chat_type: 'PRIVATE', extra: true },
        from: { id: 123, display_name: 42, is_bot: 'no' },
        date: 'yesterday',
        sticker: { weird: true },
      }),
    });
    expect(got).toMatchObject({ updateKey: 'zalo:99', chatId: '123', userId: '123', kind: 'text' });
    expect(got).not.toHaveProperty('displayName');
    expect(got).not.toHaveProperty('sentAt');
  });

  it('uses the chat as the sender of a private message without from', () => {
    expect(zaloToIncoming(flat('message.text.received', message({ from: undefined })))).toMatchObject({
      userId: '6ede9afa66b88fe6d6a9',
    });
    expect(
      zaloToIncoming(
        flat('message.text.received', message({ from: undefined, chat: { id: 'g', chat_type: 'GROUP' } })),
      ),
    ).toBeNull();
  });

  it.each([
    ['a follow event', flat('user.follow', { user: 'x' })],
    ['an event with no message', { event_name: 'user.unfollow' }],
    ['a message from a bot', flat('message.text.received', message({ from: { id: 'b', is_bot: true } }))],
  ])('ignores %s', (_, body) => {
    expect(zaloToIncoming(body)).toBeNull();
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'message.text.received'],
    ['a number', 42],
    ['an array', [flat('message.text.received')]],
    ['an empty object', {}],
    ['ok without result', { ok: true }],
    ['a result that is not an event', { ok: true, result: [] }],
    ['an empty event name', { event_name: '', message: message() }],
    ['a message event without message', { event_name: 'message.text.received' }],
    ['a message without chat', flat('message.text.received', message({ chat: undefined }))],
    ['a message without id', flat('message.text.received', message({ message_id: '' }))],
    ['a message that is a string', flat('message.text.received', 'hello')],
  ])('calls %s invalid', (_, body) => {
    expect(zaloToIncoming(body)).toBe('invalid');
  });

  it('never throws on deeply nested or odd input', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) deep = { result: deep, message: deep, event_name: i % 2 ? 'x' : deep };
    const odd = [
      deep,
      Object.create(null),
      new Date(0),
      () => 1,
      Symbol('s'),
      10n,
      Number.NaN,
      { result: { message: null } },
    ];
    for (const body of odd) expect(() => zaloToIncoming(body)).not.toThrow();
  });
});
