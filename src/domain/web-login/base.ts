/**
 * Where the dashboard lives, or null when it is off. It needs PUBLIC_URL, and https: the session
 * cookie is Secure, so a browser would drop it over plain http (except on this machine, where
 * browsers treat http://localhost and 127.0.0.1 as secure, which the tests and a local try rely on).
 */
import type { Config } from '../../config';

/** Mounted at this path of the app (src/http/app.ts). */
export const DASHBOARD_PATH = '/web';

const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]']);

export function dashboardOrigin(config: Pick<Config, 'PUBLIC_URL'>): string | null {
  if (!config.PUBLIC_URL) return null;
  const url = new URL(config.PUBLIC_URL);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL.has(url.hostname))) return null;
  return url.origin;
}

/**
 * The dashboard's address: /web at PUBLIC_URL's host. Its pages link to each other by absolute paths
 * and its cookie is `__Host-` (path /), so it lives at the host's root whatever path PUBLIC_URL has.
 */
export function dashboardUrl(config: Pick<Config, 'PUBLIC_URL'>): string | null {
  const origin = dashboardOrigin(config);
  return origin ? `${origin}${DASHBOARD_PATH}` : null;
}
