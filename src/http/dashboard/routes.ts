/**
 * The web dashboard, mounted at /web: a read-only view of the same figures as chat, for coordinators
 * and committee members at a desk. Off (404 everywhere) unless PUBLIC_URL is set, read at each request.
 * Every page is server-rendered HTML that works without JavaScript; only column sorting uses a script.
 * The Content-Security-Policy admits our own stylesheet and script and nothing else, forms post only
 * to us, and a POST from another origin is refused before it reaches a handler.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { html } from 'hono/html';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Deps } from '../../deps';
import { DASHBOARD_PATH, dashboardOrigin } from '../../domain/web-login/base';
import { dashboard as t } from '../../messages/vi/dashboard';
import { SORT_JS, STYLE_CSS } from './assets';
import { cellPage } from './cell-page';
import { excelRoute } from './excel';
import { laggardsPage } from './laggards-page';
import { frame, href, messagePage } from './layout';
import { loginRoutes } from './login';
import { remindRoute } from './remind';
import { type DashboardEnv, requireViewer } from './session';
import { unitPage } from './unit-page';

export function dashboardRoutes(deps: Deps) {
  const app = new Hono<DashboardEnv>();
  app.use('*', async (c, next) => {
    if (!dashboardOrigin(deps.config)) return c.notFound();
    await next();
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
      // Without includeSubDomains: other sites under the office's domain are not ours to decide for.
      strictTransportSecurity: 'max-age=15552000',
      crossOriginResourcePolicy: 'same-origin',
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
  app.use('*', csrf({ origin: (origin) => origin === dashboardOrigin(deps.config) }));
  app.post(
    '*',
    bodyLimit({ maxSize: 8 * 1024, onError: (c) => c.html(messagePage(t.errorTitle, t.tooLarge), 413) }),
  );

  const asset = (body: string, type: string) =>
    new Response(body, { headers: { 'content-type': type, 'cache-control': 'public, max-age=3600' } });
  app.get('/tai/style.css', () => asset(STYLE_CSS, 'text/css; charset=utf-8'));
  app.get('/tai/sort.js', () => asset(SORT_JS, 'text/javascript; charset=utf-8'));

  loginRoutes(app, deps);

  const viewer = requireViewer(deps);
  app.get('/', viewer, (c) => {
    const v = c.get('viewer');
    if (v.tops.length === 1) return c.redirect(href(`/don-vi/${v.tops[0]!.unitId}`), 302);
    return c.html(
      frame({
        title: t.home,
        viewer: v,
        body: html`<h1>${t.pickUnit}</h1><ul>${v.tops.map(
          (r) =>
            html`<li><a href="${href(`/don-vi/${r.unitId}`)}">${r.unitName}</a> <span class="code">${r.unitCode}</span></li>`,
        )}</ul>`,
      }),
    );
  });
  app.get('/don-vi/:id', viewer, unitPage(deps));
  app.get('/don-vi/:id/cham', viewer, laggardsPage(deps));
  app.get('/don-vi/:id/excel', viewer, excelRoute(deps));
  app.get('/chi-bo/:id', viewer, cellPage(deps));
  app.post('/nhac', viewer, remindRoute(deps));

  // The Origin check refuses with an HTTPException; it and any other failure get a page, not JSON.
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500)
      return c.html(messagePage(t.loginTitle, t.formExpired), err.status);
    deps.log.error('dashboard error', { path: c.req.path, error: err.message });
    return c.html(messagePage(t.errorTitle, t.error), 500);
  });
  return app;
}

export { DASHBOARD_PATH };
