/**
 * `status`: what a deployment holds, for the operator bootstrapping or checking it: units by kind,
 * people and how many have linked a chat account, roles in force, invites still waiting, supervisor
 * assignments in force, linked group chats, and the outbox. About ten small queries.
 */
import { and, count, countDistinct, gt, gte, isNull, lte, or, sql } from 'drizzle-orm';
import {
  chatIdentities,
  groupLinks,
  invites,
  outbox,
  people,
  roleAssignments,
  supervisorAssignments,
  units,
} from '../../db/schema';
import type { Db } from '../../db/types';
import { localParts } from '../domain/time/zone';

export interface Status {
  version: string;
  units: Record<string, number>;
  people: number;
  linkedPeople: number;
  roles: Record<string, number>;
  invitesWaiting: number;
  assignmentsInForce: number;
  groupsLinked: number;
  outbox: Record<string, number>;
}

const tally = (rows: { key: string | null; n: number }[]) =>
  Object.fromEntries(
    rows.map((r) => [r.key ?? '', r.n]).sort(([a], [b]) => String(a).localeCompare(String(b))),
  );

export async function statusOf(db: Db, now: Date, tz: string, version: string): Promise<Status> {
  const t = now.getTime();
  const today = localParts(now, tz).isoDate;
  const one = async (q: unknown) => ((await q) as { n: number } | undefined)?.n ?? 0;
  return {
    version,
    units: tally(await db.select({ key: units.kind, n: count() }).from(units).groupBy(units.kind).all()),
    people: await one(db.select({ n: count() }).from(people).get()),
    linkedPeople: await one(
      db
        .select({ n: countDistinct(chatIdentities.personId) })
        .from(chatIdentities)
        .get(),
    ),
    roles: tally(
      await db
        .select({ key: roleAssignments.role, n: count() })
        .from(roleAssignments)
        .where(or(isNull(roleAssignments.validTo), gt(roleAssignments.validTo, t)))
        .groupBy(roleAssignments.role)
        .all(),
    ),
    invitesWaiting: await one(
      db
        .select({ n: count() })
        .from(invites)
        .where(and(isNull(invites.usedAt), gt(invites.expiresAt, t)))
        .get(),
    ),
    assignmentsInForce: await one(
      db
        .select({ n: count() })
        .from(supervisorAssignments)
        .where(
          and(
            lte(supervisorAssignments.validFrom, today),
            or(isNull(supervisorAssignments.validTo), gte(supervisorAssignments.validTo, today)),
            // Superseded on their first day: history, never in force.
            or(
              isNull(supervisorAssignments.validTo),
              sql`${supervisorAssignments.validTo} >= ${supervisorAssignments.validFrom}`,
            ),
          ),
        )
        .get(),
    ),
    groupsLinked: await one(
      db.select({ n: count() }).from(groupLinks).where(isNull(groupLinks.unlinkedAt)).get(),
    ),
    outbox: tally(
      await db.select({ key: outbox.status, n: count() }).from(outbox).groupBy(outbox.status).all(),
    ),
  };
}
