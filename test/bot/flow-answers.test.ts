import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meetings as t } from '../../src/messages/vi/meetings';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-10T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', { memberCount: 27 });
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
});
afterEach(() => h.close());

describe('answers inside a step-by-step flow', () => {
  it('an answer that starts with a command word stays an answer; the command itself needs its slash or to stand alone', async () => {
    expect((await h.say('bt1', 'hop'))[0]!.text).toBe(t.askDate('Chi bộ bản Chanh'));
    // "toi 5/12" is not the /toi command here: it is read as the answer to "which day?"
    const answer = await h.say('bt1', 'toi 5/12');
    expect(answer[0]!.text).not.toContain('Vai trò:');
    const me = await h.say('bt1', '/toi');
    expect(me[0]!.text).toContain('Vai trò:');
    const [cancelled] = await h.say('bt1', 'huy');
    expect(cancelled!.text).toBe('Đã hủy, không có gì được lưu.');
  });

  it('"đúng giờ" is never taken for a cancel', async () => {
    await h.say('bt1', 'hop');
    const [r] = await h.say('bt1', 'Đúng giờ');
    expect(r!.text).not.toBe('Đã hủy, không có gì được lưu.');
  });
});
