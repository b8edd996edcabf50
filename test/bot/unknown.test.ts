import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { common } from '../../src/messages/vi';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-10T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', { memberCount: 27 });
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
});
afterEach(() => h.close());

describe('a message nobody understood', () => {
  it('gets one or two lines, never the whole help nor its heading twice', async () => {
    const [r] = await h.say('bt1', 'xin chao dong chi');
    expect(r!.text.split('\n').length).toBeLessThanOrEqual(2);
    expect(r!.text.length).toBeLessThan(200);
    expect(r!.text).not.toContain('Các lệnh của đồng chí');
    expect(r!.text).toContain('trogiup');
  });

  it('names the closest command for a slip in a command word', async () => {
    expect((await h.say('bt1', 'lichh'))[0]!.text).toBe(common.unknownClosest('lichh', 'lich'));
    expect((await h.say('coord', 'tonggopp xa'))[0]!.text).toBe(common.unknownClosest('tonggopp', 'tonghop'));
    // One slip in a long name is taken for the command itself.
    expect((await h.say('coord', 'tongjop'))[0]!.text).toContain('TỔNG HỢP');
  });

  it('names the commands the person uses most', async () => {
    for (const text of ['lich', 'baocao xem', 'baocao xem', 'baocao xem', 'lich', 'toi'])
      await h.say('bt1', text);
    expect((await h.say('bt1', 'xin chao'))[0]!.text).toBe(common.unknownUsual(['baocao', 'lich']));
  });

  it('names the first commands of the help list to someone with no history yet', async () => {
    expect((await h.say('bt1', 'xin chao'))[0]!.text).toBe(common.unknownUsual(['lich', 'hop', 'baocao']));
  });

  it('says "xem tiếp" has nothing left when there is nothing to page', async () => {
    expect((await h.say('bt1', 'xem tiep'))[0]!.text).toBe(common.noMorePages);
  });

  it('inside a summary being paged, a stray message gets the short answer too', async () => {
    await h.say('coord', 'tonghop');
    const [r] = await h.say('coord', 'hello');
    expect(r!.text.split('\n').length).toBeLessThanOrEqual(2);
  });
});
