/**
 * The operator API's gate: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. A
 * missing and a wrong token get the same 401; the token is never logged or echoed.
 */
import type { MiddlewareHandler } from 'hono';
import { safeEqual } from '../../util/safe-equal';

export function requireAdminToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!presented || !safeEqual(presented, token))
      return c.json({ ok: false, message: 'unauthorized: send Authorization: Bearer <ADMIN_TOKEN>' }, 401, {
        'WWW-Authenticate': 'Bearer realm="chibo admin"',
      });
    await next();
  };
}
