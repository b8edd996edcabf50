/**
 * Opening a session with a link from chat, and closing it. The link's page only shows a button: chat
 * apps fetch links to draw previews, and a GET that used the link up would spend it before the
 * person taps. The button's POST uses the link once, within its 10 minutes, and sets the cookie.
 * Failed attempts count against the client's address (src/domain/web-login/attempts).
 */
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { recentFailures, recordFailure } from '../../../db/repo/invite-failures';
import { openSession, revokeSession, usableLogin } from '../../../db/repo/web-sessions';
import type { Deps } from '../../deps';
import { lockedUntil } from '../../domain/invites/attempts';
import { formatTimeVi } from '../../domain/time/zone';
import { LOGIN_LIMIT, loginScope } from '../../domain/web-login/attempts';
import { DASHBOARD_PATH } from '../../domain/web-login/base';
import { hashSecret, newSecret, SECRET_SHAPE, SESSION_TTL_MS } from '../../domain/web-login/secrets';
import { dashboard as t } from '../../messages/vi/dashboard';
import { clientAddress } from './client-address';
import { checkedForm } from './csrf';
import { frame, messagePage } from './layout';
import { clearSessionCookie, type DashboardEnv, requireViewer, setSessionCookie } from './session';

export function loginRoutes(app: Hono<DashboardEnv>, deps: Deps): void {
  app.get('/vao/:token', (c) =>
    c.html(
      frame({
        title: t.loginTitle,
        body: html`<h1>${t.loginTitle}</h1><p>${t.loginLead}</p>
<form method="post"><button type="submit">${t.loginButton}</button></form>`,
      }),
    ),
  );

  app.post('/vao/:token', async (c) => {
    const db = deps.store.db;
    const now = deps.clock();
    const scope = loginScope(clientAddress(c));
    const recent = await recentFailures(db, scope, now.getTime() - LOGIN_LIMIT.windowMs, LOGIN_LIMIT.max);
    const until = lockedUntil(recent, LOGIN_LIMIT, now);
    if (until) {
      deps.log.warn('dashboard login limit reached', { scope: 'client' });
      return c.html(messagePage(t.loginTitle, t.loginLocked(formatTimeVi(until, deps.config.TIMEZONE))), 429);
    }
    const token = c.req.param('token');
    const login = SECRET_SHAPE.test(token) ? await usableLogin(db, await hashSecret(token), now) : undefined;
    const refuse = async () => {
      await deps.store.commit(recordFailure(db, deps.newId, [scope], now));
      return c.html(messagePage(t.loginTitle, t.loginBad), 400);
    };
    if (!login) return refuse();
    const secret = newSecret();
    try {
      await deps.store.commit(
        openSession(
          db,
          {
            id: deps.newId(),
            login,
            tokenHash: await hashSecret(secret),
            csrfToken: newSecret(),
            expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
          },
          now,
        ),
      );
    } catch {
      // The same link used a moment ago by another request: the session's unique login id said no.
      return refuse();
    }
    deps.log.info('dashboard session opened', { personId: login.personId });
    setSessionCookie(c, secret);
    return c.redirect(DASHBOARD_PATH, 303);
  });

  app.post('/thoat', requireViewer(deps), async (c: Context<DashboardEnv>) => {
    const viewer = c.get('viewer');
    const form = await checkedForm(c, viewer);
    if (!form) return c.html(messagePage(t.loginTitle, t.formExpired, viewer), 403);
    await deps.store.commit([revokeSession(deps.store.db, viewer.sessionId, deps.clock())]);
    clearSessionCookie(c);
    return c.html(messagePage(t.logout, t.loggedOutPage));
  });
}
