import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeGroupLink } from '../../db/repo/groups';
import { groupLinks, people } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
});
afterEach(() => h.close());
const codeIn = (text: string) => /Mã mời: ([0-9 ]+[0-9])/.exec(text)?.[1];

describe('group chats', () => {
  it('a group code links the group where it is sent, and removal unlinks it', async () => {
    const code = codeIn((await h.say('coord', 'moi nhom XQS'))[0]!.text)!;
    const [privateTry] = await h.say('coord', `batdau ${code}`);
    expect(privateTry!.text).toContain('liên kết một nhóm');

    const [linked] = await h.say('-1001', `/batdau@chibo_bot ${code}`, {
      platform: 'telegram',
      chatType: 'group',
      userId: '77',
    });
    expect(linked!.text).toContain('Nhóm này đã được liên kết với Đảng bộ xã Quan Sơn');
    expect(await activeGroupLink(h.db, 'telegram', '-1001')).toBeDefined();

    await h.say('-1001', '', { platform: 'telegram', chatType: 'group', userId: '77', kind: 'left_group' });
    expect(await activeGroupLink(h.db, 'telegram', '-1001')).toBeUndefined();
    expect((await h.db.select().from(groupLinks).all())[0]!.unlinkedAt).not.toBeNull();
  });

  it('ignores chatter and unlinked people in groups, but greets when added', async () => {
    expect(await h.say('-5', 'chào cả nhà', { chatType: 'group', userId: 'x1' })).toEqual([]);
    expect(await h.say('-5', 'toi', { chatType: 'group', userId: 'x1' })).toEqual([]);
    const [hello] = await h.say('-5', '', { chatType: 'group', userId: 'x1', kind: 'joined_group' });
    expect(hello!.text).toContain('batdau MÃ');
  });

  it('a personal command typed in a group is answered privately with a pointer in the group', async () => {
    const inGroup = await h.say('-5', 'toi', { chatType: 'group', userId: 'coord' });
    expect(inGroup[0]!.text).toContain('tin nhắn riêng');
    const privately = await h.sent('coord');
    expect(privately.at(-1)!.text).toContain('Phạm Thị Dung');
  });
});

describe('where reminders go', () => {
  it('nhacnho stores the choice and refuses a platform the person has not linked', async () => {
    const [notLinked] = await h.say('coord', 'nhắc nhở zalo');
    expect(notLinked!.text).toContain('chưa liên kết tài khoản Zalo');
    const [usage] = await h.say('coord', 'nhacnho');
    expect(usage!.text).toContain('nhacnho zalo');
    const [ok] = await h.say('coord', 'nhacnho ca hai');
    expect(ok!.text).toContain('Zalo và Telegram');
    expect((await h.db.select().from(people).all())[0]!.reminderChannel).toBe('both');
  });
});
