/**
 * Who is looking: the session cookie is looked up by its hash on every request, and the person's
 * roles are read again each time, so the dashboard's scope is the person's scope in chat right now
 * (a role ended in chat ends it here at the next click). No session, or no role to look with: the
 * request gets a page saying how to log in, and nothing else.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type PersonContext, personContext, type RoleAt } from '../../../db/repo/people';
import { liveSession } from '../../../db/repo/web-sessions';
import { topUnits } from '../../bot/scope';
import type { Deps } from '../../deps';
import { SUMMARY_ROLES } from '../../domain/summaries/target';
import { hashSecret, SECRET_SHAPE, SESSION_TTL_MS } from '../../domain/web-login/secrets';
import { dashboard as t } from '../../messages/vi/dashboard';
import { messagePage } from './layout';

/** Sent as `__Host-chibo_web`: Secure, path /, no domain, so no other site or path can set it. */
const COOKIE = 'chibo_web';

export interface Viewer {
  sessionId: string;
  csrfToken: string;
  person: PersonContext;
  /** The highest units the person sees (coordinator or committee roles), never overlapping. */
  tops: RoleAt[];
}

export type DashboardEnv = { Variables: { viewer: Viewer } };

export function setSessionCookie(c: Context, secret: string): void {
  setCookie(c, COOKIE, secret, {
    prefix: 'host',
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, COOKIE, { prefix: 'host', secure: true, path: '/' });
}

export function requireViewer(deps: Deps): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const secret = getCookie(c, COOKIE, 'host');
    const now = deps.clock();
    const db = deps.store.db;
    const session =
      secret && SECRET_SHAPE.test(secret) ? await liveSession(db, await hashSecret(secret), now) : undefined;
    if (!session) return c.html(messagePage(t.needLoginTitle, t.needLogin), 401);
    const person = await personContext(db, session.personId, now);
    const tops = person ? topUnits(person.roles, SUMMARY_ROLES) : [];
    if (!person || tops.length === 0) return c.html(messagePage(t.needLoginTitle, t.noScope), 403);
    c.set('viewer', { sessionId: session.id, csrfToken: session.csrfToken, person, tops });
    await next();
  };
}
