import { describe, expect, it } from 'vitest';
import { telegramToIncoming } from '../../../src/channels/telegram/incoming';

const an = { id: 123456789, is_bot: false, first_name: 'An', last_name: 'Nguyễn' };
const privateChat = { id: 123456789, type: 'private', first_name: 'An' };
const group = { id: -1001234567890, type: 'supergroup', title: 'Chi bộ 3' };
const msg = (extra: Record<string, unknown> = {}) => ({
  message_id: 77,
  date: 1700000000,
  chat: privateChat,
  from: an,
  ...extra,
});
const bot = { id: 1, is_bot: true, first_name: 'chibo', username: 'chibo_bot' };
const membership = (oldStatus: string, newStatus: string, chat: unknown = group) => ({
  update_id: 5,
  my_chat_member: {
    chat,
    from: an,
    date: 1700000100,
    old_chat_member: { status: oldStatus, user: bot },
    new_chat_member: { status: newStatus, user: bot },
  },
});

const base = {
  platform: 'telegram',
  updateKey: 'telegram:900001',
  chatId: '123456789',
  chatType: 'private',
  userId: '123456789',
  displayName: 'An Nguyễn',
};

describe('telegramToIncoming', () => {
  it('reads a private text message with string ids and the time in ms', () => {
    expect(telegramToIncoming({ update_id: 900001, message: msg({ text: '/start' }) })).toEqual({
      ...base,
      kind: 'text',
      text: '/start',
      sentAt: 1700000000000,
    });
  });

  it.each(['group', 'supergroup'])('marks %s chats as groups', (type) => {
    const got = telegramToIncoming({ update_id: 1, message: msg({ chat: { id: -42, type }, text: 'hi' }) });
    expect(got).toMatchObject({ chatType: 'group', chatId: '-42', userId: '123456789', kind: 'text' });
  });

  it('reads a pressed button as a choice with its callback id', () => {
    const update = {
      update_id: 900001,
      callback_query: {
        id: '4382bfdwdsb323b2d9',
        from: an,
        message: { message_id: 77, chat: privateChat, date: 1700000000, text: 'Chọn thủ tục:' },
        chat_instance: '-1234567890',
        data: 'proc:cccd',
      },
    };
    expect(telegramToIncoming(update)).toEqual({
      ...base,
      kind: 'choice',
      choice: 'proc:cccd',
      callbackId: '4382bfdwdsb323b2d9',
    });
  });

  it('uses the group of the pressed button as the chat', () => {
    const update = {
      update_id: 2,
      callback_query: { id: 'q', from: an, message: { message_id: 1, chat: group }, data: 'x' },
    };
    expect(telegramToIncoming(update)).toMatchObject({
      chatType: 'group',
      chatId: '-1001234567890',
      userId: '123456789',
    });
  });

  it('reads a shared location', () => {
    const got = telegramToIncoming({
      update_id: 3,
      message: msg({ location: { latitude: 21.03, longitude: 105.85 } }),
    });
    expect(got).toMatchObject({ kind: 'location', location: { latitude: 21.03, longitude: 105.85 } });
  });

  it.each([
    ['left', 'left_group'],
    ['kicked', 'left_group'],
  ])('reads the bot becoming %s in a group as %s', (status, kind) => {
    expect(telegramToIncoming(membership('member', status))).toEqual({
      platform: 'telegram',
      updateKey: 'telegram:5',
      chatId: '-1001234567890',
      chatType: 'group',
      userId: '123456789',
      displayName: 'An Nguyễn',
      kind,
      sentAt: 1700000100000,
    });
  });

  it.each(['member', 'administrator'])('reads the bot added to a group as %s as joined_group', (status) => {
    expect(telegramToIncoming(membership('left', status))).toMatchObject({
      kind: 'joined_group',
      chatType: 'group',
    });
    expect(telegramToIncoming(membership('kicked', status, { id: -5, type: 'group' }))).toMatchObject({
      kind: 'joined_group',
      chatId: '-5',
    });
  });

  it('ignores a promotion inside a group the bot is already in', () => {
    expect(telegramToIncoming(membership('member', 'administrator'))).toBeNull();
  });

  it('reads a private kicked as blocked and member as unblocked; ignores channels', () => {
    expect(telegramToIncoming(membership('member', 'kicked', privateChat))).toMatchObject({
      kind: 'blocked',
      chatType: 'private',
      chatId: '123456789',
      userId: '123456789',
      sentAt: 1700000100_000,
    });
    expect(telegramToIncoming(membership('kicked', 'member', privateChat))).toMatchObject({
      kind: 'unblocked',
    });
    expect(telegramToIncoming(membership('left', 'administrator', { id: -100, type: 'channel' }))).toBeNull();
  });

  it('reads a supergroup migration, from the old chat and from the new one, as a move', () => {
    const old = { id: -4001, type: 'group', title: 'Chi bộ 3' };
    expect(
      telegramToIncoming({ update_id: 8, message: msg({ chat: old, migrate_to_chat_id: -1009001 }) }),
    ).toMatchObject({
      kind: 'moved',
      chatId: '-4001',
      movedTo: '-1009001',
    });
    expect(
      telegramToIncoming({ update_id: 9, message: msg({ chat: group, migrate_from_chat_id: -4001 }) }),
    ).toMatchObject({
      kind: 'moved',
      chatId: '-4001',
      movedTo: String(group.id),
    });
  });

  it('leaves out commands and mentions addressed to another bot, and takes off a mention of ours', () => {
    const say = (text: string, username?: string) =>
      telegramToIncoming({ update_id: 10, message: msg({ chat: group, text }) }, { username });
    expect(say('/lich@otherbot', 'chibo_bot')).toBeNull();
    expect(say('/lich@Chibo_Bot 5/12', 'chibo_bot')).toMatchObject({
      kind: 'text',
      text: '/lich@Chibo_Bot 5/12',
    });
    expect(say('@chibo_bot batdau K7M2QX', 'chibo_bot')).toMatchObject({ text: 'batdau K7M2QX' });
    expect(say('@weatherbot hôm nay', 'chibo_bot')).toBeNull();
    expect(say('@nguyenvanan xem lịch nhé', 'chibo_bot')).toMatchObject({
      text: '@nguyenvanan xem lịch nhé',
    });
    // Without our username, any bot's mention is taken as ours (bot usernames end in "bot").
    expect(say('/lich@somebot')).toMatchObject({ text: '/lich@somebot' });
  });

  it.each([
    ['sticker', { sticker: { file_id: 's' } }],
    ['photo', { photo: [{ file_id: 'p' }], caption: 'ảnh' }],
    ['voice', { voice: { file_id: 'v' } }],
    ['document', { document: { file_id: 'd' } }],
  ])('marks a %s message as unsupported', (_, content) => {
    expect(telegramToIncoming({ update_id: 4, message: msg(content) })).toMatchObject({
      ...base,
      updateKey: 'telegram:4',
      kind: 'unsupported',
    });
  });

  it('reads an edited message as edited (answered, never acted on); in a group only an edited command', () => {
    const got = telegramToIncoming({
      update_id: 6,
      edited_message: msg({ text: '/hop 5/12 co mat 20/25', edit_date: 1700000200 }),
    });
    expect(got).toMatchObject({ kind: 'edited', updateKey: 'telegram:6', text: '/hop 5/12 co mat 20/25' });
    const inGroup = (text: string) =>
      telegramToIncoming({ update_id: 7, edited_message: msg({ chat: group, text, edit_date: 1 }) });
    expect(inGroup('/tonghop quy 4')).toMatchObject({ kind: 'edited', chatType: 'group' });
    expect(inGroup('sửa chính tả')).toBeNull();
  });

  it.each([
    [
      'a channel post',
      { update_id: 7, channel_post: msg({ chat: { id: -100, type: 'channel' }, text: 'tin' }) },
    ],
    [
      'a message in a channel',
      { update_id: 7, message: msg({ chat: { id: -100, type: 'channel' }, text: 'x' }) },
    ],
    ['a service message', { update_id: 7, message: msg({ new_chat_members: [an] }) }],
    ['a message from a bot', { update_id: 7, message: msg({ from: bot, text: 'x' }) }],
    ['a message without sender', { update_id: 7, message: msg({ from: undefined, text: 'x' }) }],
    [
      'a callback without data',
      { update_id: 7, callback_query: { id: 'q', from: an, game_short_name: 'g' } },
    ],
    ['an inline query', { update_id: 7, inline_query: { id: 'i', from: an, query: 'x', offset: '' } }],
    ['a malformed message', { update_id: 7, message: { text: 'no chat' } }],
    ['an update with nothing else', { update_id: 7 }],
  ])('ignores %s', (_, update) => {
    expect(telegramToIncoming(update)).toBeNull();
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', '{"update_id":1}'],
    ['an array', [{ update_id: 1, message: msg({ text: 'x' }) }]],
    ['a string update_id', { update_id: '1', message: msg({ text: 'x' }) }],
    ['a fractional update_id', { update_id: 1.5 }],
    ['no update_id', { message: msg({ text: 'x' }) }],
  ])('calls %s invalid', (_, update) => {
    expect(telegramToIncoming(update)).toBe('invalid');
  });

  it('never throws on deeply nested or odd input', () => {
    let deep: Record<string, unknown> = { update_id: 1 };
    for (let i = 0; i < 10_000; i++)
      deep = { update_id: 1, message: deep, chat: deep, from: deep, callback_query: deep };
    const odd = [
      deep,
      Object.create(null),
      new Date(0),
      () => 1,
      Symbol('s'),
      10n,
      { update_id: 1, message: null },
    ];
    for (const update of odd) expect(() => telegramToIncoming(update)).not.toThrow();
  });
});
