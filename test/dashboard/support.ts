/**
 * The dashboard over the real app (`app.request`), a real SQLite database and the real chat pipeline:
 * a link comes from a `web` message, exactly as a person gets it.
 */
import { createApp } from '../../src/http/app';
import { createHarness, type Harness } from '../support/harness';

export const BASE = 'https://chibo.test';
const LINK = /https:\/\/chibo\.test\/web\/vao\/([A-Za-z0-9_-]{43})/;

export interface Web {
  h: Harness;
  /** The link's secret from the bot's answer to `web` in this chat. */
  link(chatId: string): Promise<string>;
  /** Opens a session with a fresh link; returns the cookie to send. */
  login(chatId: string): Promise<string>;
  get(path: string, cookie?: string): Promise<Response>;
  post(
    path: string,
    form: Record<string, string>,
    cookie?: string,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** The session's form token, read from a page as the browser would. */
  csrf(cookie: string): Promise<string>;
}

export async function webWorld(
  start = '2026-12-02T03:00:00Z',
  env: Record<string, string> = {},
): Promise<Web> {
  const h = await createHarness(start, { PUBLIC_URL: BASE, ...env });
  const app = createApp(h.deps);
  const get = async (path: string, cookie?: string) =>
    app.request(`${BASE}${path}`, { headers: cookie ? { cookie } : {} });
  const post = async (
    path: string,
    form: Record<string, string>,
    cookie?: string,
    headers: Record<string, string> = { origin: BASE },
  ) =>
    app.request(`${BASE}${path}`, {
      method: 'POST',
      body: new URLSearchParams(form),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
        ...headers,
      },
    });
  const link = async (chatId: string) => {
    const text = (await h.say(chatId, 'web')).map((r) => r.text).join('\n');
    const m = LINK.exec(text);
    if (!m) throw new Error(`no link in: ${text}`);
    return m[1]!;
  };
  return {
    h,
    link,
    get,
    post,
    async login(chatId) {
      const res = await post(`/web/vao/${await link(chatId)}`, {});
      const cookie = res.headers.get('set-cookie');
      if (res.status !== 303 || !cookie) throw new Error(`login failed: ${res.status}`);
      return cookie.split(';')[0]!;
    },
    async csrf(cookie) {
      const home = await get('/web', cookie);
      const location = home.headers.get('location');
      const page = await (location ? await get(location, cookie) : home).text();
      const m = /name="csrf" value="([^"]+)"/.exec(page);
      if (!m) throw new Error('no csrf token on the page');
      return m[1]!;
    },
  };
}
