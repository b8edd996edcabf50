import { eq, inArray, like, sql } from 'drizzle-orm';
import { preparedFor } from '../prepared';
import { units } from '../schema';
import type { Db, Write } from '../types';
import { chunks } from './meetings';

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

/**
 * Units by code, for a line whose every word may be one: distinct codes, asked IN_CHUNK at a time.
 * One OR per word failed past SQLite's expression depth (1,000 terms, a 4,096-character message of
 * short words) and past D1's 100 bound parameters.
 */
export async function unitsByCodes(db: Db, codes: string[]): Promise<Unit[]> {
  const distinct = [...new Set(codes.map((c) => c.normalize('NFKC').trim().toUpperCase()))].filter(Boolean);
  const found: Unit[] = [];
  for (const some of chunks(distinct))
    found.push(...(await db.select().from(units).where(inArray(units.code, some)).all()));
  return found;
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
