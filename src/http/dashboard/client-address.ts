/**
 * The address a request came from, for the login limit. On Node it is the socket's peer; when that is
 * this machine (a reverse proxy in front, as most deployments have), the last X-Forwarded-For entry,
 * the one our proxy added (earlier entries are whatever the client sent). On Workers there is no
 * socket: Cloudflare sets CF-Connecting-IP and a client cannot override it. Never a header first on
 * Node, where any client could send one.
 */
import type { Context } from 'hono';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export function clientAddress(c: Context): string {
  const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
    ?.socket?.remoteAddress;
  if (socket) {
    if (!LOOPBACK.test(socket)) return socket;
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    return (forwarded || socket).slice(0, 64);
  }
  return (c.req.header('cf-connecting-ip') ?? 'unknown').slice(0, 64);
}
