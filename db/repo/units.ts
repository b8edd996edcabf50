import { eq, like, or, sql } from 'drizzle-orm';
import { preparedFor } from '../prepared';
import { units } from '../schema';
import type { Db, Write } from '../types';

export type Unit = typeof units.$inferSelect;

const byId = preparedFor((db) =>
  db
    .select()
    .from(units)
    .where(eq(units.id, sql.placeholder('id')))
    .prepare(),
);
const byCode = preparedFor((db) =>
  db
    .select()
    .from(units)
    .where(eq(units.code, sql.placeholder('code')))
    .prepare(),
);

export async function unitById(db: Db, id: string): Promise<Unit | undefined> {
  return byId(db).get({ id });
}

/** NFKC: a code typed on a full-width keyboard ("ＣＢ１") is the code; look-alike letters are not. */
export async function unitByCode(db: Db, code: string): Promise<Unit | undefined> {
  return byCode(db).get({ code: code.normalize('NFKC').trim().toUpperCase() });
}

export async function allUnits(db: Db): Promise<Unit[]> {
  return db.select().from(units).all();
}

/** The unit and everything below it. */
export async function subtree(db: Db, unit: Pick<Unit, 'path'>): Promise<Unit[]> {
  return db
    .select()
    .from(units)
    .where(like(units.path, `${unit.path}%`))
    .all();
}

export async function childrenOf(db: Db, unitId: string): Promise<Unit[]> {
  return db.select().from(units).where(eq(units.parentId, unitId)).all();
}

export async function unitsByCodes(db: Db, codes: string[]): Promise<Unit[]> {
  if (codes.length === 0) return [];
  return db
    .select()
    .from(units)
    .where(or(...codes.map((c) => eq(units.code, c.toUpperCase()))))
    .all();
}

export interface NewUnit {
  id: string;
  code: string;
  name: string;
  kind: string;
  parent: Pick<Unit, 'id' | 'path' | 'depth'> | null;
  meetingRule?: string | null;
  memberCount?: number | null;
}

export function unitPath(id: string, parent: Pick<Unit, 'path'> | null): string {
  return `${parent ? parent.path : '/'}${id}/`;
}

/** The row of a new unit; several go into one INSERT when a whole tree is imported. */
export function unitRow(u: NewUnit, now: Date): typeof units.$inferInsert {
  return {
    id: u.id,
    code: u.code.toUpperCase(),
    name: u.name,
    kind: u.kind,
    parentId: u.parent?.id ?? null,
    path: unitPath(u.id, u.parent),
    depth: u.parent ? u.parent.depth + 1 : 0,
    meetingRule: u.meetingRule ?? null,
    memberCount: u.memberCount ?? null,
    nextPlanAt: u.meetingRule ? now.getTime() : null,
    createdAt: now.getTime(),
  };
}

export function insertUnit(db: Db, u: NewUnit, now: Date): Write {
  return db.insert(units).values(unitRow(u, now));
}

export function isInSubtree(unit: Pick<Unit, 'path'>, ancestor: Pick<Unit, 'path'>): boolean {
  return unit.path.startsWith(ancestor.path);
}

export async function hasAnyUnit(db: Db): Promise<boolean> {
  return (await db.select({ id: units.id }).from(units).limit(1).get()) !== undefined;
}
