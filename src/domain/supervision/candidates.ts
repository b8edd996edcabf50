/** Who may be assigned to supervise cells: people with an upper-level role in the coordinator's scope. */
import { and, eq, inArray, like, or } from 'drizzle-orm';
import { roleInForce } from '../../../db/repo/people';
import { people, type Role, roleAssignments, units } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { fold } from '../../text/normalize';

export const SUPERVISING_ROLES: readonly Role[] = ['supervisor', 'committee', 'coordinator'];

export interface Candidate {
  personId: string;
  name: string;
  phone: string | null;
  role: Role;
  unitName: string;
}

/** People holding a supervising role now at a unit under one of `scopePaths`. */
export async function candidatesIn(db: Db, scopePaths: string[], now: Date): Promise<Candidate[]> {
  if (scopePaths.length === 0) return [];
  const t = now.getTime();
  return db
    .select({
      personId: people.id,
      name: people.name,
      phone: people.phone,
      role: roleAssignments.role,
      unitName: units.name,
    })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .innerJoin(units, eq(units.id, roleAssignments.unitId))
    .where(
      and(
        inArray(roleAssignments.role, [...SUPERVISING_ROLES]),
        roleInForce(t),
        or(...scopePaths.map((p) => like(units.path, `${p}%`))),
      ),
    )
    .all();
}

const words = (s: string) =>
  fold(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Loose name match without diacritics: the whole name when someone has exactly it, otherwise every
 * typed word as a word of the name ("An" finds "Nguyễn Văn An"). One entry per person.
 */
export function matchCandidates(candidates: Candidate[], typed: string): Candidate[] {
  const q = words(typed);
  if (!q) return [];
  const unique = [...new Map(candidates.map((c) => [c.personId, c])).values()];
  const exact = unique.filter((c) => words(c.name) === q);
  if (exact.length > 0) return exact;
  const qs = q.split(' ');
  return unique.filter((c) => {
    const name = words(c.name).split(' ');
    return qs.every((w) => name.includes(w));
  });
}

/**
 * A phone number as typed in a CSV (spaces, dots, +84) reduced to digits starting with 0. A number
 * a spreadsheet kept as a number has lost its 0 (912345678): a Vietnamese mobile is 0 and nine
 * digits from 3, 5, 7, 8 or 9, a landline 0, 2 and nine more, so those get their 0 back.
 */
export function normalizePhone(input: string): string {
  const digits = input.replace(/[^\d+]/g, '');
  if (/^[35789]\d{8}$/.test(digits) || /^2\d{9}$/.test(digits)) return `0${digits}`;
  return digits.startsWith('+84')
    ? `0${digits.slice(3)}`
    : digits.startsWith('84') && digits.length >= 11
      ? `0${digits.slice(2)}`
      : digits;
}
