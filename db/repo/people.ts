import { and, eq, gt, isNull, or, type Placeholder, sql } from 'drizzle-orm';
import { preparedFor } from '../prepared';
import { chatIdentities, type Platform, people, type Role, roleAssignments, units } from '../schema';
import type { Db } from '../types';

export type Person = typeof people.$inferSelect;
export type Identity = typeof chatIdentities.$inferSelect;

export interface RoleAt {
  assignmentId: string;
  role: Role;
  unitId: string;
  unitCode: string;
  unitName: string;
  unitKind: string;
  unitPath: string;
}

/** A linked person with the roles in force now. */
export interface PersonContext {
  id: string;
  name: string;
  reminderChannel: string;
  roles: RoleAt[];
}

/** A role assignment still in force at `t` (ms, or a placeholder for it in a prepared query). */
export function roleInForce(t: number | Placeholder) {
  return or(isNull(roleAssignments.validTo), gt(roleAssignments.validTo, t));
}

const identityByAccount = preparedFor((db) =>
  db
    .select()
    .from(chatIdentities)
    .where(
      and(
        eq(chatIdentities.platform, sql.placeholder('platform')),
        eq(chatIdentities.externalId, sql.placeholder('externalId')),
      ),
    )
    .prepare(),
);

export async function identityOf(
  db: Db,
  platform: Platform,
  externalId: string,
): Promise<Identity | undefined> {
  return identityByAccount(db).get({ platform, externalId });
}

const identitiesByPerson = preparedFor((db) =>
  db
    .select()
    .from(chatIdentities)
    .where(eq(chatIdentities.personId, sql.placeholder('personId')))
    .prepare(),
);

export async function identitiesOfPerson(db: Db, personId: string): Promise<Identity[]> {
  return identitiesByPerson(db).all({ personId });
}

const rolesInForce = preparedFor((db) =>
  db
    .select({
      assignmentId: roleAssignments.id,
      role: roleAssignments.role,
      unitId: units.id,
      unitCode: units.code,
      unitName: units.name,
      unitKind: units.kind,
      unitPath: units.path,
    })
    .from(roleAssignments)
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(and(eq(roleAssignments.personId, sql.placeholder('personId')), roleInForce(sql.placeholder('t'))))
    .prepare(),
);
const personById = preparedFor((db) =>
  db
    .select()
    .from(people)
    .where(eq(people.id, sql.placeholder('id')))
    .prepare(),
);

export async function rolesOf(db: Db, personId: string, now: Date): Promise<RoleAt[]> {
  return rolesInForce(db).all({ personId, t: now.getTime() });
}

export async function personContext(db: Db, personId: string, now: Date): Promise<PersonContext | null> {
  const person = await personById(db).get({ id: personId });
  if (!person) return null;
  return {
    id: person.id,
    name: person.name,
    reminderChannel: person.reminderChannel,
    roles: await rolesOf(db, personId, now),
  };
}

/** People holding a role at a unit now (e.g. the secretaries of a cell). */
export async function holdersOf(db: Db, unitId: string, roles: Role[], now: Date): Promise<Person[]> {
  const t = now.getTime();
  const rows = await db
    .select({ person: people, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(eq(roleAssignments.unitId, unitId), roleInForce(t)))
    .all();
  const seen = new Set<string>();
  return rows
    .filter((r) => roles.includes(r.role) && !seen.has(r.person.id) && seen.add(r.person.id))
    .map((r) => r.person);
}
