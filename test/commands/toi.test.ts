import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatIdentities } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
});
afterEach(() => h.close());

describe('toi: where reminders go', () => {
  it('names only the platform actually linked, whatever the preference says', async () => {
    await h.person('z1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP3' }], 'zalo');
    const [me] = await h.say('z1', 'toi', { platform: 'zalo' });
    expect(me!.text).toContain('Nhận nhắc việc qua: Zalo');
    expect(me!.text).not.toContain('Telegram');
  });

  it('names both when both are linked', async () => {
    const id = await h.person('z2', 'Lò Thị Bình', [{ role: 'secretary', unit: 'KP3' }], 'zalo');
    await h.commit([
      h.db.insert(chatIdentities).values({
        id: 'tg',
        platform: 'telegram',
        externalId: '77',
        chatId: '77',
        personId: id,
        linkedAt: 0,
      }),
    ]);
    const [me] = await h.say('z2', 'toi', { platform: 'zalo' });
    expect(me!.text).toContain('Nhận nhắc việc qua: Zalo và Telegram');
  });
});
