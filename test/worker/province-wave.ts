/**
 * A province as the 07:00 wave sees it, written straight into D1 (fast enough for workerd): a
 * province unit, communes of 40 cells, each cell with a monthly rule, a secretary on Telegram and
 * December's meeting on Saturday 5/12 at 19:30 whose 3-day reminder is due at 07:00 on 2/12; each
 * commune has a committee member and a coordinator on Telegram. `rules: false` leaves the cells
 * without a monthly rule (their secretaries are nudged on the 20th).
 */
import { env } from 'cloudflare:workers';

const local = (s: string) => new Date(`${s}+07:00`).getTime();
/** 07:00 in Hà Nội on Wednesday 2 December 2026: every cell's 3-day reminder is due. */
export const WAVE_AT = local('2026-12-02T07:00:00');
export const MEETING_AT = local('2026-12-05T19:30:00');
/** A Telegram chat per secretary: 100000 + the cell's number. */
export const secretaryChat = (i: number) => String(100_000 + i);
const CELLS_PER_COMMUNE = 40;

/** Multi-row INSERTs within D1's 100 bound parameters, run in batches. */
async function insertAll(table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor(100 / columns.length);
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const values = chunk.map(() => `(${columns.map(() => '?').join(',')})`).join(',');
    statements.push(
      env.DB.prepare(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values}`).bind(...chunk.flat()),
    );
  }
  for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));
}

export async function seedProvinceWave(cells: number, opts: { rules?: boolean } = {}): Promise<void> {
  const created = local('2026-11-01T00:00:00');
  const rule =
    opts.rules === false
      ? null
      : JSON.stringify({ type: 'day', day: 5, time: '19:30', place: 'Nhà văn hóa' });
  const nextPlan = local('2027-01-01T00:00:00');
  const units: unknown[][] = [['P', 'P', 'Tỉnh Mẫu', 'province', null, '/P/', 0, null, null, null, created]];
  const people: unknown[][] = [];
  const identities: unknown[][] = [];
  const roles: unknown[][] = [];
  const meetings: unknown[][] = [];
  let commune = '';
  for (let i = 0; i < cells; i++) {
    if (i % CELLS_PER_COMMUNE === 0) {
      commune = `X${i / CELLS_PER_COMMUNE}`;
      units.push([
        commune,
        commune,
        `Xã ${commune}`,
        'commune',
        'P',
        `/P/${commune}/`,
        1,
        null,
        null,
        null,
        created,
      ]);
      const member = `K${commune}`;
      people.push([member, `Cấp ủy ${commune}`, 'both', created]);
      identities.push([`IK${commune}`, 'telegram', `k${commune}`, String(900_000 + i), member, created]);
      roles.push([`RK${commune}`, member, commune, 'committee', created]);
      const coordinator = `C${commune}`;
      people.push([coordinator, `Tổ chức ${commune}`, 'both', created]);
      identities.push([`IC${commune}`, 'telegram', `c${commune}`, String(800_000 + i), coordinator, created]);
      roles.push([`RC${commune}`, coordinator, commune, 'coordinator', created]);
    }
    const id = `U${i}`;
    units.push([
      id,
      id,
      `Chi bộ ${i}`,
      'cell',
      commune,
      `/P/${commune}/${id}/`,
      2,
      rule,
      30,
      nextPlan,
      created,
    ]);
    people.push([`S${i}`, `Bí thư ${i}`, 'both', created]);
    identities.push([`I${i}`, 'telegram', secretaryChat(i), secretaryChat(i), `S${i}`, created]);
    roles.push([`R${i}`, `S${i}`, id, 'secretary', created]);
    meetings.push([
      `M${i}`,
      id,
      '2026-12',
      MEETING_AT,
      'Nhà văn hóa',
      'regular',
      'rule',
      'scheduled',
      local('2026-12-02T07:00:00'),
      created,
      created,
    ]);
  }
  await insertAll(
    'units',
    [
      'id',
      'code',
      'name',
      'kind',
      'parent_id',
      'path',
      'depth',
      'meeting_rule',
      'member_count',
      'next_plan_at',
      'created_at',
    ],
    units,
  );
  await insertAll('people', ['id', 'name', 'reminder_channel', 'created_at'], people);
  await insertAll(
    'chat_identities',
    ['id', 'platform', 'external_id', 'chat_id', 'person_id', 'linked_at'],
    identities,
  );
  await insertAll('role_assignments', ['id', 'person_id', 'unit_id', 'role', 'valid_from'], roles);
  await insertAll(
    'meetings',
    [
      'id',
      'unit_id',
      'slot',
      'scheduled_at',
      'place',
      'kind',
      'source',
      'status',
      'next_reminder_at',
      'created_at',
      'updated_at',
    ],
    meetings,
  );
}
