/** Login links and browser sessions of the web dashboard (only hashes of their secrets are stored). */
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import { webLogins, webSessions } from '../schema';
import type { Db, Write } from '../types';

export type WebLogin = typeof webLogins.$inferSelect;
export type WebSession = typeof webSessions.$inferSelect;

export function issueLogin(
  db: Db,
  l: { id: string; personId: string; tokenHash: string; expiresAt: Date },
  now: Date,
): Write {
  return db.insert(webLogins).values({
    id: l.id,
    personId: l.personId,
    tokenHash: l.tokenHash,
    createdAt: now.getTime(),
    expiresAt: l.expiresAt.getTime(),
  });
}

/** A link that can still be used: known, unused, not expired. */
export async function usableLogin(db: Db, tokenHash: string, now: Date): Promise<WebLogin | undefined> {
  return db
    .select()
    .from(webLogins)
    .where(
      and(
        eq(webLogins.tokenHash, tokenHash),
        isNull(webLogins.usedAt),
        gt(webLogins.expiresAt, now.getTime()),
      ),
    )
    .get();
}

/**
 * The link is used up and a session opened, in one write set. The session's login id is unique, so
 * two requests racing with the same link cannot both open one: the second write set fails whole.
 */
export function openSession(
  db: Db,
  s: { id: string; login: WebLogin; tokenHash: string; csrfToken: string; expiresAt: Date },
  now: Date,
): Write[] {
  return [
    db
      .update(webLogins)
      .set({ usedAt: now.getTime() })
      .where(and(eq(webLogins.id, s.login.id), isNull(webLogins.usedAt))),
    db.insert(webSessions).values({
      id: s.id,
      tokenHash: s.tokenHash,
      loginId: s.login.id,
      personId: s.login.personId,
      csrfToken: s.csrfToken,
      createdAt: now.getTime(),
      expiresAt: s.expiresAt.getTime(),
    }),
  ];
}

/** Not revoked and not expired at `now`. */
const inForce = (now: Date) => and(isNull(webSessions.revokedAt), gt(webSessions.expiresAt, now.getTime()));

/** A session in force, by the hash of its cookie. */
export async function liveSession(db: Db, tokenHash: string, now: Date): Promise<WebSession | undefined> {
  return db
    .select()
    .from(webSessions)
    .where(and(eq(webSessions.tokenHash, tokenHash), inForce(now)))
    .get();
}

export function revokeSession(db: Db, id: string, now: Date): Write {
  return db
    .update(webSessions)
    .set({ revokedAt: now.getTime() })
    .where(and(eq(webSessions.id, id), isNull(webSessions.revokedAt)));
}

/** Sessions of a person still in force, for `web thoat` to count. */
export async function liveSessionsOf(db: Db, personId: string, now: Date): Promise<WebSession[]> {
  return db
    .select()
    .from(webSessions)
    .where(and(eq(webSessions.personId, personId), inForce(now)))
    .all();
}

/** Every session of the person ends, and every link not yet used stops working. */
export function revokeAllOf(db: Db, personId: string, now: Date): Write[] {
  const t = now.getTime();
  return [
    db
      .update(webSessions)
      .set({ revokedAt: t })
      .where(and(eq(webSessions.personId, personId), isNull(webSessions.revokedAt))),
    db
      .update(webLogins)
      .set({ usedAt: t })
      .where(and(eq(webLogins.personId, personId), isNull(webLogins.usedAt))),
  ];
}

/** Links and sessions that can no longer open anything, kept a day for the operator to look at. */
export function pruneWeb(db: Db, now: Date): Write[] {
  const dayAgo = now.getTime() - 86_400_000;
  return [
    db.delete(webLogins).where(lt(webLogins.expiresAt, dayAgo)),
    db.delete(webSessions).where(or(lt(webSessions.expiresAt, dayAgo), lt(webSessions.revokedAt, dayAgo))),
  ];
}
