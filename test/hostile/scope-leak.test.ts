/**
 * Probing for units outside one's scope: every command that looks a unit up by what was typed must
 * answer a neighbouring unit's code (or name) exactly as it answers a code that does not exist, and
 * never show the neighbour's name. Otherwise refusals are a directory of the whole province.
 *
 *   TINH ─┬─ XA1 (the prober's) ── CB1
 *         └─ XA2 "Đảng bộ xã Hai" ── CB2 "Chi bộ thôn Hai"       XA7, CB7: do not exist
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

const SECRET_NAMES = ['xã Hai', 'thôn Hai', 'tỉnh Thử'];

async function world(role: Role, unit: string): Promise<Harness> {
  const h = await createHarness();
  await h.unit('TINH', 'Đảng bộ tỉnh Thử', 'province');
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune', 'TINH');
  await h.unit('XA2', 'Đảng bộ xã Hai', 'commune', 'TINH');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 25 });
  await h.unit('CB2', 'Chi bộ thôn Hai', 'cell', 'XA2', { memberCount: 20 });
  await h.person('other', 'Nguyễn Văn An', [{ role: 'supervisor', unit: 'XA1' }]);
  await h.person('sec2', 'Bí thư Hai', [{ role: 'secretary', unit: 'CB2' }]);
  await h.person('me', 'Người dò', [{ role, unit }]);
  return h;
}

/** [role, where the role is held, text with {U} for the probed unit, neighbour, unknown]. */
const PROBES: [Role, string, string, string, string][] = [
  ['coordinator', 'XA1', 'moi bithu {U} Nguyễn Văn Thử', 'CB2', 'CB7'],
  ['coordinator', 'XA1', 'moi nhom {U}', 'XA2', 'XA7'],
  ['coordinator', 'XA1', 'phancong Nguyễn Văn An {U}', 'CB2', 'CB7'],
  ['coordinator', 'XA1', 'phancong xem {U}', 'CB2', 'CB7'],
  ['coordinator', 'XA1', 'giamsat phamvi {U}', 'XA2', 'XA7'],
  ['coordinator', 'XA1', 'baocao xem {U} 11/2026', 'CB2', 'CB7'],
  ['coordinator', 'XA1', 'baocao tralai {U} 11/2026 thiếu số liệu', 'CB2', 'CB7'],
  ['coordinator', 'XA1', 'tonghop {U} quy 4', 'XA2', 'XA7'],
  ['coordinator', 'XA1', 'tonghop xa {U} quy 4', 'Hai', 'Bay'],
  ['coordinator', 'XA1', 'chuahop {U} thang 11', 'XA2', 'XA7'],
  ['coordinator', 'XA1', 'chuabaocao {U} 11/2026', 'XA2', 'XA7'],
  ['committee', 'XA1', 'tonghop {U}', 'XA2', 'XA7'],
  ['committee', 'XA1', 'giamsat phamvi {U}', 'XA2', 'XA7'],
  ['committee', 'XA1', 'baocao xem {U} 11/2026', 'CB2', 'CB7'],
  ['committee', 'XA1', 'baocao tralai {U} 11/2026 thiếu', 'CB2', 'CB7'],
  ['supervisor', 'XA1', 'giamsat {U} 25/11 xep loai kha', 'CB2', 'CB7'],
  ['secretary', 'CB1', 'baocao {U} thang 11: anninh tot; sanxuat tot; kiennghi 0', 'CB2', 'CB7'],
  ['secretary', 'CB1', 'baocao xem {U} 11/2026', 'CB2', 'CB7'],
];

async function answer(role: Role, unit: string, text: string): Promise<string> {
  const h = await world(role, unit);
  try {
    return (await h.say('me', text)).map((r) => r.text).join('\n');
  } finally {
    h.close();
  }
}

describe('a unit outside the scope is answered exactly as one that does not exist', () => {
  it.each(PROBES)('%s at %s: %s', async (role, unit, template, neighbour, unknown) => {
    const probed = await answer(role, unit, template.replace('{U}', neighbour));
    const missing = await answer(role, unit, template.replace('{U}', unknown));
    expect(probed.length).toBeGreaterThan(0);
    for (const name of SECRET_NAMES) expect(probed, `"${name}" leaked`).not.toContain(name);
    // The only difference allowed is the code as typed, echoed back.
    expect(probed.replaceAll(neighbour, '{U}').replaceAll(neighbour.toLowerCase(), '{u}')).toBe(
      missing.replaceAll(unknown, '{U}').replaceAll(unknown.toLowerCase(), '{u}'),
    );
  });

  it('a notice addressed to a neighbouring commune reaches none of its secretaries', async () => {
    const h = await world('coordinator', 'XA1');
    try {
      const out = (await h.say('me', 'thongbao XA2 Họp triển khai nghị quyết')).map((r) => r.text).join('\n');
      for (const name of SECRET_NAMES) expect(out).not.toContain(name);
      expect(await h.sent('sec2')).toHaveLength(0);
    } finally {
      h.close();
    }
  });
});
