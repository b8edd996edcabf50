/**
 * `import-people FILE.csv`: columns name,phone,unit_code,role. Each person gets their role and a
 * personal invite code (printed), so they link their own chat account to the imported record.
 *
 * A row is keyed by the person (name and phone), the unit and the role: a row already imported is
 * not imported twice. Its person keeps the code still waiting to be used (printed again), or gets a
 * new one when theirs expired unused; a person who has linked a chat account needs none. So the same
 * file imported again, or an import resumed after a stop, completes the list without duplicates.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { allUnits } from '../../db/repo/units';
import { chatIdentities, invites, people, ROLES, type Role, roleAssignments } from '../../db/schema';
import type { Db, Write } from '../../db/types';
import { takeRole } from '../bot/roles';
import type { CsvSource } from '../csv/source';
import { type ColumnNames, readCsvTable } from '../csv/table';
import { newInviteCode } from '../domain/invites/code';
import { normalizePhone } from '../domain/supervision/candidates';
import { ROLE_NAMES } from '../messages/vi/common';
import { fold } from '../text/normalize';
import type { NewId } from '../util/ids';
import { type AuditOf, chunks, type ImportOptions, rowsPerInsert, stepCollector } from './steps';

export interface PersonInvite {
  name: string;
  unit: string;
  role: Role;
  /** The code to hand over; null when the person has already linked a chat account. */
  code: string | null;
}

export interface PeopleImport {
  errors: string[];
  /** The statements, when planned without a sink. */
  writes: Write[];
  /** Every row of the file, in order. */
  invites: PersonInvite[];
  created: number;
  /** Rows already imported: their person keeps the waiting code or has linked. */
  existing: number;
  /** Rows already imported whose code had expired unused: a new one was made. */
  renewed: number;
  rows: number;
}

/** The columns as a Vietnamese sheet names them (header keys: no diacritics, `_` for spaces). */
export const PEOPLE_COLUMNS: ColumnNames = {
  name: ['ho_ten', 'ho_va_ten', 'ten', 'full_name'],
  phone: ['so_dien_thoai', 'dien_thoai', 'sdt', 'so_dt', 'dt', 'phone_number'],
  unit_code: ['ma_don_vi', 'ma_dv', 'ma_chi_bo', 'don_vi', 'unit'],
  role: ['vai_tro', 'chuc_vu', 'chuc_danh'],
};

export const PEOPLE_AUDIT: AuditOf = { action: 'import_people', entity: 'person' };

/** The widest of the three INSERTs per person, the invite (at most twelve values), sets the group size. */
const PEOPLE_PER_STEP = rowsPerInsert(12);

/**
 * The role a cell of the role column names, the whole cell: a stored role, a chat word (`bithu`),
 * or the name chibo gives it ("Cấp ủy viên phụ trách chi bộ"). A word at the start is not enough:
 * "Cấp ủy viên phụ trách chi bộ" starts like "cấp ủy" (committee) but is a supervisor.
 */
function roleOfCell(text: string): Role | null {
  if ((ROLES as readonly string[]).includes(text)) return text as Role;
  const folded = fold(text);
  for (const [role, name] of Object.entries(ROLE_NAMES) as [Role, string][])
    if (fold(name) === folded || fold(name.replace(/\s*\(.*\)$/, '')) === folded) return role;
  const taken = takeRole(text);
  return taken && taken.rest === '' && taken.role !== 'group' ? taken.role : null;
}

const nameKey = (name: string) => name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
/** `0912…` and `+84 912…` are one phone. */
const rowKey = (name: string, phone: string, unitId: string, role: Role) =>
  `${unitId}\u0000${role}\u0000${phone ? normalizePhone(phone) : ''}\u0000${nameKey(name)}`;

interface Known {
  personId: string;
  /** An invite of this person for this unit and role, unused and still valid. */
  code: string | null;
  linked: boolean;
}

/** The rows already imported, by key. */
async function knownRows(db: Db, now: number): Promise<Map<string, Known>> {
  const everyone = new Map(
    (await db.select({ id: people.id, name: people.name, phone: people.phone }).from(people).all()).map(
      (p) => [p.id, p],
    ),
  );
  const roles = await db
    .select({
      personId: roleAssignments.personId,
      unitId: roleAssignments.unitId,
      role: roleAssignments.role,
    })
    .from(roleAssignments)
    .where(isNull(roleAssignments.validTo))
    .all();
  const waiting = await db
    .select({
      personId: invites.personId,
      unitId: invites.unitId,
      role: invites.role,
      code: invites.code,
      expiresAt: invites.expiresAt,
    })
    .from(invites)
    .where(and(isNull(invites.usedAt), eq(invites.kind, 'person')))
    .all();
  const linked = new Set(
    (await db.selectDistinct({ personId: chatIdentities.personId }).from(chatIdentities).all()).map(
      (i) => i.personId,
    ),
  );
  const codes = new Map<string, string>();
  for (const i of waiting)
    if (i.personId && i.expiresAt > now) codes.set(`${i.personId}\u0000${i.unitId}\u0000${i.role}`, i.code);
  const known = new Map<string, Known>();
  for (const r of roles) {
    const p = everyone.get(r.personId);
    if (!p) continue;
    const key = rowKey(p.name, p.phone ?? '', r.unitId, r.role);
    if (known.has(key)) continue;
    known.set(key, {
      personId: p.id,
      code: codes.get(`${p.id}\u0000${r.unitId}\u0000${r.role}`) ?? null,
      linked: linked.has(p.id),
    });
  }
  return known;
}

export async function planPeopleImport(
  db: Db,
  csv: string | CsvSource,
  now: Date,
  newId: NewId,
  inviteTtlDays: number,
  opts: ImportOptions = {},
): Promise<PeopleImport> {
  const { header, rows } = await readCsvTable(csv, PEOPLE_COLUMNS);
  const errors: string[] = [];
  const refused = () => ({ errors, writes: [], invites: [], created: 0, existing: 0, renewed: 0, rows: 0 });
  for (const col of ['name', 'unit_code', 'role']) {
    if (!header.includes(col))
      errors.push(`line 1: missing column "${col}" (expected name,phone,unit_code,role)`);
  }
  if (errors.length) return refused();
  const unitsByCode = new Map((await allUnits(db)).map((u) => [u.code, u]));
  const t = now.getTime();
  const known = await knownRows(db, t);
  const out = stepCollector(opts.sink);
  const listed: PersonInvite[] = [];
  const lineOf = new Map<string, number>();
  let count = 0;
  let created = 0;
  let existing = 0;
  let renewed = 0;
  const invite = (personId: string, unitId: string, role: Role, name: string, code: string) => ({
    id: newId(),
    code,
    unitId,
    role,
    personId,
    personName: name,
    createdAt: t,
    expiresAt: t + inviteTtlDays * 86_400_000,
  });
  // New people and renewed codes are grouped, a few per step (three INSERTs for new people, one for
  // renewals); each group goes out (to the CLI's open transaction) before more rows are read.
  let fresh: {
    person: typeof people.$inferInsert;
    role: typeof roleAssignments.$inferInsert;
    invite: typeof invites.$inferInsert;
  }[] = [];
  let renewals: (typeof invites.$inferInsert)[] = [];
  const flushFresh = async () => {
    for (const group of chunks(fresh, PEOPLE_PER_STEP))
      await out.push({
        writes: [
          db.insert(people).values(group.map((g) => g.person)),
          db.insert(roleAssignments).values(group.map((g) => g.role)),
          db.insert(invites).values(group.map((g) => g.invite)),
        ],
        rows: group.length,
        tally: { created: group.length },
      });
    fresh = [];
  };
  const flushRenewals = async () => {
    for (const group of chunks(renewals, PEOPLE_PER_STEP))
      await out.push({
        writes: [db.insert(invites).values(group)],
        rows: group.length,
        tally: { renewed: group.length },
      });
    renewals = [];
  };
  for await (const { line, values } of rows) {
    count++;
    const name = values.name ?? '';
    const unit = unitsByCode.get((values.unit_code ?? '').toUpperCase());
    const roleWord = values.role ?? '';
    const role = roleOfCell(roleWord);
    const phone = (values.phone ?? '').replace(/[\s.-]/g, '');
    if (!name || name.length > 100) errors.push(`line ${line}: name is empty or longer than 100 characters`);
    if (!unit) errors.push(`line ${line}: unit_code "${values.unit_code}" is not a known unit`);
    if (!role)
      errors.push(
        `line ${line}: role "${roleWord}" is not one of ${ROLES.join(', ')} (or bithu, phobithu, giamsat, capuy, tochuc, or the role's name as chibo writes it)`,
      );
    if (phone && !/^\+?\d{9,12}$/.test(phone))
      errors.push(`line ${line}: phone "${values.phone}" is not a phone number`);
    if (!unit || !role || !name) continue;
    const key = rowKey(name, phone, unit.id, role);
    const twice = lineOf.get(key);
    if (twice !== undefined) {
      errors.push(`line ${line}: the same person, unit and role as line ${twice}`);
      continue;
    }
    lineOf.set(key, line);
    if (errors.length) continue;
    const before = known.get(key);
    if (before && (before.code || before.linked)) {
      existing++;
      listed.push({ name, unit: unit.code, role, code: before.code });
      continue;
    }
    const code = newInviteCode();
    if (before) {
      renewed++;
      renewals.push(invite(before.personId, unit.id, role, name, code));
      if (renewals.length >= PEOPLE_PER_STEP) await flushRenewals();
    } else {
      created++;
      const personId = newId();
      fresh.push({
        person: { id: personId, name, phone: phone ? normalizePhone(phone) : null, createdAt: t },
        role: { id: newId(), personId, unitId: unit.id, role, validFrom: t },
        invite: invite(personId, unit.id, role, name, code),
      });
      if (fresh.length >= PEOPLE_PER_STEP) await flushFresh();
    }
    listed.push({ name, unit: unit.code, role, code });
  }
  if (errors.length) return refused();
  await flushFresh();
  await flushRenewals();
  return { errors: [], writes: out.writes(), invites: listed, created, existing, renewed, rows: count };
}
