/**
 * The dashboard's forms that change something (remind now, log out) carry the session's own token,
 * compared in constant time; a cross-site form cannot know it. The Origin check in routes.ts stops
 * such a form even earlier; this holds where a browser sends no Origin.
 */
import type { Context } from 'hono';
import { safeEqual } from '../../util/safe-equal';
import type { DashboardEnv, Viewer } from './session';

/** The posted fields when the token matches, or null. */
export async function checkedForm(
  c: Context<DashboardEnv>,
  viewer: Viewer,
): Promise<Record<string, string> | null> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    return null;
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') fields[k] = v;
  return safeEqual(fields.csrf ?? '', viewer.csrfToken) ? fields : null;
}
