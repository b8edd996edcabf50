/**
 * `import-people FILE.csv`: columns name,phone,unit_code,role. Each person gets their role and a
 * personal invite code (printed), so they link their own chat account to the imported record.
 */
import { audit } from '../../db/repo/audit';
import { allUnits } from '../../db/repo/units';
import { invites, people, ROLES, type Role, roleAssignments } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { takeRole } from '../bot/roles';
import { newInviteCode } from '../domain/invites/code';
import type { NewId } from '../util/ids';
import { type CsvSource, readCsvTable } from './csv';
import { type ImportOptions, writeBuffer } from './write-buffer';

export interface PeopleImport {
  errors: string[];
  writes: Write[];
  invites: { name: string; unit: string; role: Role; code: string }[];
}

export async function planPeopleImport(
  db: Db,
  csv: string | CsvSource,
  now: Date,
  newId: NewId,
  inviteTtlDays: number,
  opts: ImportOptions = {},
): Promise<PeopleImport> {
  const { header, rows } = await readCsvTable(csv);
  const errors: string[] = [];
  for (const col of ['name', 'unit_code', 'role']) {
    if (!header.includes(col))
      errors.push(`line 1: missing column "${col}" (expected name,phone,unit_code,role)`);
  }
  if (errors.length) return { errors, writes: [], invites: [] };
  const unitsByCode = new Map((await allUnits(db)).map((u) => [u.code, u]));
  const out = writeBuffer(opts.sink);
  const codes: PeopleImport['invites'] = [];
  const t = now.getTime();
  // Row by row as the file streams: each person's writes go out (to the CLI's open transaction)
  // before the next row is read.
  for await (const { line, values } of rows) {
    const name = values.name ?? '';
    const unit = unitsByCode.get((values.unit_code ?? '').toUpperCase());
    const roleWord = values.role ?? '';
    const role = (ROLES as readonly string[]).includes(roleWord)
      ? (roleWord as Role)
      : takeRole(roleWord)?.role;
    const phone = (values.phone ?? '').replace(/[\s.-]/g, '');
    if (!name || name.length > 100) errors.push(`line ${line}: name is empty or longer than 100 characters`);
    if (!unit) errors.push(`line ${line}: unit_code "${values.unit_code}" is not a known unit`);
    if (!role || role === 'group')
      errors.push(`line ${line}: role "${roleWord}" is not one of ${ROLES.join(', ')}`);
    if (phone && !/^\+?\d{9,12}$/.test(phone))
      errors.push(`line ${line}: phone "${values.phone}" is not a phone number`);
    if (errors.length || !unit || !role || role === 'group') continue;
    const personId = newId();
    const code = newInviteCode();
    await out.push(
      db.insert(people).values({ id: personId, name, phone: phone || null, createdAt: t }),
      db.insert(roleAssignments).values({ id: newId(), personId, unitId: unit.id, role, validFrom: t }),
      db.insert(invites).values({
        id: newId(),
        code,
        unitId: unit.id,
        role,
        personId,
        personName: name,
        createdAt: t,
        expiresAt: t + inviteTtlDays * 86_400_000,
      }),
    );
    codes.push({ name, unit: unit.code, role, code });
  }
  if (errors.length) return { errors, writes: [], invites: [] };
  await out.push(
    audit(
      db,
      newId(),
      { via: 'cli', action: 'import_people', entity: 'person', detail: { count: codes.length } },
      now,
    ),
  );
  return { errors: [], writes: await out.done(), invites: codes };
}
