/**
 * `moi` creates the invite at once (there is no read-back), so a name longer than the 100 characters
 * kept was cut mid-word and saved on the invite with nobody told. It is refused with the limit, as
 * import-people refuses such a row, and no invite is created.
 */
import { expect, it } from 'vitest';
import { invites } from '../../db/schema';
import { createHarness } from '../support/harness';

it('moi with a name over 100 characters: refused with the limit, no invite', async () => {
  const h = await createHarness();
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 30 });
  await h.person('coord', 'Điều Phối', [{ role: 'coordinator', unit: 'XA1' }]);
  const [reply] = await h.say('coord', `moi bithu CB1 ${'Nguyễn Văn '.repeat(12)}An`);
  expect(reply!.text).toContain('tối đa 100');
  expect(await h.db.select().from(invites).all()).toEqual([]);
  const [ok] = await h.say('coord', 'moi bithu CB1 Nguyễn Văn An');
  expect(ok!.text).toContain('Cho: Nguyễn Văn An');
  expect(await h.db.select().from(invites).all()).toHaveLength(1);
});
