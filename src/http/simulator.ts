/** Routes of the local simulator: the page, the people one can act as, sending, and reading replies. */
import { eq } from 'drizzle-orm';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { rolesOf } from '../../db/repo/people';
import { chatIdentities, people } from '../../db/schema';
import { handleIncoming } from '../bot/handle';
import type { SimulatorChannel } from '../channels/simulator/channel';
import type { Deps } from '../deps';
import { ROLE_NAMES } from '../messages/vi';
import { FAVICON_SVG, simulatorPage } from './simulator-page';

const sendBody = z.object({
  chatId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().max(100).optional(),
  text: z.string().max(4000).optional(),
  choice: z.string().max(64).optional(),
});

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const hostName = (host: string) => host.replace(/:\d+$/, '').toLowerCase();

/**
 * The simulator acts as anyone, so a web page the operator happens to open must not drive it: on a
 * loopback HOST the Host header must be a loopback name (a DNS-rebinding page sends its own), a
 * request from another origin is refused, and sending takes JSON only (a cross-site form cannot).
 */
function sameMachineOnly(listenHost: string): MiddlewareHandler {
  const loopback = listenHost === '127.0.0.1' || listenHost === '::1' || listenHost === 'localhost';
  return async (c, next) => {
    // On Node the URL is built from the Host header.
    const host = new URL(c.req.url).host.toLowerCase();
    if (loopback && !LOOPBACK_NAMES.has(hostName(host))) return c.json({ error: 'forbidden host' }, 403);
    const origin = c.req.header('origin');
    if (origin !== undefined && origin.toLowerCase() !== `${new URL(c.req.url).protocol}//${host}`)
      return c.json({ error: 'cross-origin request' }, 403);
    if (c.req.method === 'POST' && !(c.req.header('content-type') ?? '').startsWith('application/json'))
      return c.json({ error: 'JSON only' }, 415);
    await next();
  };
}

export function simulatorRoutes(deps: Deps, sim: SimulatorChannel) {
  const app = new Hono();
  app.use('/', sameMachineOnly(deps.config.HOST));
  app.use('/sim/*', sameMachineOnly(deps.config.HOST));
  const page = simulatorPage.replaceAll('__EPOCH__', deps.newId());
  app.get('/', (c) => c.html(page));
  const icon = (c: Context) =>
    c.body(FAVICON_SVG, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' });
  app.get('/favicon.svg', icon);
  app.get('/favicon.ico', icon);
  app.get('/sim/people', async (c) => {
    const db = deps.store.db;
    const rows = await db
      .select({ chatId: chatIdentities.chatId, personId: people.id, name: people.name })
      .from(chatIdentities)
      .innerJoin(people, eq(people.id, chatIdentities.personId))
      .where(eq(chatIdentities.platform, 'sim'))
      .all();
    const now = deps.clock();
    const out = [];
    for (const r of rows) {
      const roles = await rolesOf(db, r.personId, now);
      out.push({
        chatId: r.chatId,
        name: r.name,
        roles: roles.map((x) => `${ROLE_NAMES[x.role]} — ${x.unitName}`),
      });
    }
    return c.json(out);
  });
  app.post('/sim/send', async (c) => {
    const parsed = sendBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success || (!parsed.data.text && !parsed.data.choice))
      return c.json({ error: 'bad request' }, 400);
    const { chatId, text, choice, name } = parsed.data;
    const outcome = await handleIncoming(deps, {
      platform: 'sim',
      updateKey: `sim:${deps.newId()}`,
      chatId,
      chatType: 'private',
      userId: chatId,
      displayName: name,
      kind: choice ? 'choice' : 'text',
      text,
      choice,
      sentAt: deps.clock().getTime(),
    });
    return c.json({ outcome });
  });
  app.get('/sim/messages', (c) => {
    const chatId = c.req.query('chat') ?? '';
    const after = Number(c.req.query('after') ?? '0') || 0;
    return c.json(sim.since(chatId, after));
  });
  return app;
}
