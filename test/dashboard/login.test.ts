/**
 * Logging in to the dashboard with a link from chat, and everything that must not log anyone in: a
 * used or expired link, a guessed one, a forged cookie, a form from another site, a person whose role
 * ended. Links and sessions are stored only as hashes.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, roleAssignments, webLogins, webSessions } from '../../db/schema';
import { createApp } from '../../src/http/app';
import { tick } from '../../src/scheduler/tick';
import { createHarness } from '../support/harness';
import { BASE, type Web, webWorld } from './support';

let w: Web;
beforeEach(async () => {
  w = await webWorld();
  await w.h.unit('XQS', 'Xã Quan Sơn', 'commune');
  await w.h.unit('QS1', 'Chi bộ thôn Đồng', 'cell', 'XQS');
  await w.h.person('coord', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
  await w.h.person('sec', 'Hoàng Văn Năm', [{ role: 'secretary', unit: 'QS1' }]);
});
afterEach(() => w.h.close());

const MINUTE = 60_000;

describe('web in chat', () => {
  it('answers a coordinator with a one-time link to PUBLIC_URL/web, valid 10 minutes', async () => {
    const [r] = await w.h.say('coord', 'web');
    expect(r!.text).toMatch(
      /^Liên kết vào trang tổng hợp \(dùng một lần, trong 10 phút\):\nhttps:\/\/chibo\.test\/web\/vao\/[A-Za-z0-9_-]{43}\n/,
    );
    expect(r!.text).toContain('web thoat');
  });

  it('is understood as dangnhap and dashboard too', async () => {
    for (const word of ['dangnhap', 'Đăng nhập', '/dashboard'])
      expect((await w.h.say('coord', word))[0]!.text).toContain('/web/vao/');
  });

  it('stores only the hash of the link, bound to the person', async () => {
    const secret = await w.link('coord');
    const rows = await w.h.db.select().from(webLogins).all();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.expiresAt - rows[0]!.createdAt).toBe(10 * MINUTE);
  });

  it('blanks the stored copy of a sent link once it has expired', async () => {
    const secret = await w.link('coord');
    const rows = async () => JSON.stringify(await w.h.db.select().from(outbox).all());
    expect(await rows()).toContain(secret);
    await w.h.db.update(outbox).set({ status: 'sent', sentAt: w.h.now().getTime() });
    // Still worth something for ten minutes: kept, so a retry could still deliver it.
    await tick(w.h.deps, new Date(w.h.now().getTime() + 9 * MINUTE));
    expect(await rows()).toContain(secret);
    await tick(w.h.deps, new Date(w.h.now().getTime() + 11 * MINUTE));
    expect(await rows()).not.toContain(secret);
    expect(await rows()).not.toContain('/web/vao/');
  });

  it('never posts a link in a group: typed there, it is answered in the private chat', async () => {
    const inGroup = await w.h.say('grp1', 'web', { chatType: 'group', userId: 'coord' });
    expect(inGroup.map((r) => r.text).join('\n')).not.toContain('/web/vao/');
    const privately = (await w.h.sent('coord')).map((r) => r.text).join('\n');
    expect(privately).toContain('/web/vao/');
  });

  it('refuses a secretary (the dashboard is for coordinators and committees)', async () => {
    const [r] = await w.h.say('sec', 'web');
    expect(r!.text).not.toContain('/web/vao/');
  });

  it('says the dashboard is off when PUBLIC_URL is not set, and the routes do not exist', async () => {
    const h = await createHarness('2026-12-02T03:00:00Z');
    try {
      await h.unit('XQS', 'Xã Quan Sơn', 'commune');
      await h.person('coord', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
      const [r] = await h.say('coord', 'web');
      expect(r!.text).toContain('chưa được bật');
      const app = createApp(h.deps);
      expect((await app.request(`${BASE}/web`)).status).toBe(404);
      expect((await app.request(`${BASE}/web/vao/${'a'.repeat(43)}`)).status).toBe(404);
    } finally {
      h.close();
    }
  });

  it('says the dashboard is off for a PUBLIC_URL without https (the cookie would never come back)', async () => {
    const h = await createHarness('2026-12-02T03:00:00Z', { PUBLIC_URL: 'http://chibo.example.vn' });
    try {
      await h.unit('XQS', 'Xã Quan Sơn', 'commune');
      await h.person('coord', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }]);
      expect((await h.say('coord', 'web'))[0]!.text).toContain('chưa được bật');
    } finally {
      h.close();
    }
  });
});

describe('opening a session', () => {
  it('shows a button on GET without using the link (chat previews fetch links), and opens the session on POST', async () => {
    const secret = await w.link('coord');
    const page = await w.get(`/web/vao/${secret}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Vào trang tổng hợp');
    await w.get(`/web/vao/${secret}`);

    const res = await w.post(`/web/vao/${secret}`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/web');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-chibo_web=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${30 * 86_400}`);
    expect(cookie).not.toContain('Domain');

    const session = cookie.split(';')[0]!;
    const home = await w.get('/web', session);
    expect(home.status).toBe(302);
    const commune = await w.get(home.headers.get('location')!, session);
    expect(commune.status).toBe(200);
    expect(await commune.text()).toContain('Xã Quan Sơn');
    const stored = await w.h.db.select().from(webSessions).all();
    expect(JSON.stringify(stored)).not.toContain(session.split('=')[1]);
  });

  it('refuses a link used once already', async () => {
    const secret = await w.link('coord');
    expect((await w.post(`/web/vao/${secret}`, {})).status).toBe(303);
    const again = await w.post(`/web/vao/${secret}`, {});
    expect(again.status).toBe(400);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('không dùng được nữa');
  });

  it('refuses a link after its 10 minutes', async () => {
    const secret = await w.link('coord');
    w.h.advance(10 * MINUTE + 1);
    const late = await w.post(`/web/vao/${secret}`, {});
    expect(late.status).toBe(400);
    expect(late.headers.get('set-cookie')).toBeNull();
  });

  it('opens one session when the same link is posted twice at once', async () => {
    const secret = await w.link('coord');
    const results = await Promise.all([w.post(`/web/vao/${secret}`, {}), w.post(`/web/vao/${secret}`, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 400]);
    expect(await w.h.db.select().from(webSessions).all()).toHaveLength(1);
  });

  it('refuses a login form posted from another site', async () => {
    const secret = await w.link('coord');
    const res = await w.post(`/web/vao/${secret}`, {}, undefined, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const none = await w.post(`/web/vao/${secret}`, {}, undefined, {});
    expect(none.status).toBe(403);
    // The link was not spent by the refused posts.
    expect((await w.post(`/web/vao/${secret}`, {})).status).toBe(303);
  });

  it('answers an oversized form with a Vietnamese page, not English text', async () => {
    const secret = await w.link('coord');
    const res = await w.post(`/web/vao/${secret}`, { pad: 'x'.repeat(9 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('quá lớn');
    // The link was not spent by the refused post.
    expect((await w.post(`/web/vao/${secret}`, {})).status).toBe(303);
  });

  it('stops an address after 10 failed links in an hour, even with a good link, and lets it in an hour later', async () => {
    for (let i = 0; i < 10; i++) {
      const bad = await w.post(`/web/vao/${'x'.repeat(42)}${i}`, {});
      expect(bad.status).toBe(400);
    }
    const secret = await w.link('coord');
    const locked = await w.post(`/web/vao/${secret}`, {});
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Xin thử lại sau');
    w.h.advance(61 * MINUTE);
    expect((await w.post(`/web/vao/${await w.link('coord')}`, {})).status).toBe(303);
  });
});

describe('a session', () => {
  it('is refused with a forged or unknown cookie', async () => {
    for (const cookie of [
      `__Host-chibo_web=${'A'.repeat(43)}`,
      '__Host-chibo_web=not-a-secret',
      'chibo_web=whatever',
      '',
    ]) {
      const res = await w.get('/web', cookie || undefined);
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(text).toContain('để nhận liên kết vào trang tổng hợp');
      expect(text).not.toContain('Xã Quan Sơn');
    }
  });

  it('ends for every browser with "web thoat" in chat, and unused links stop working', async () => {
    const a = await w.login('coord');
    const b = await w.login('coord');
    const unused = await w.link('coord');
    const [r] = await w.h.say('coord', 'web thoat');
    expect(r!.text).toContain('Đã thoát trang tổng hợp trên 2 trình duyệt');
    expect((await w.get('/web', a)).status).toBe(401);
    expect((await w.get('/web', b)).status).toBe(401);
    expect((await w.post(`/web/vao/${unused}`, {})).status).toBe(400);
  });

  it('ends with the logout button, which needs the session token of the page', async () => {
    const cookie = await w.login('coord');
    const token = await w.csrf(cookie);
    const forged = await w.post('/web/thoat', { csrf: 'A'.repeat(43) }, cookie);
    expect(forged.status).toBe(403);
    const missing = await w.post('/web/thoat', {}, cookie);
    expect(missing.status).toBe(403);
    expect((await w.get('/web', cookie)).status).toBe(302);
    const out = await w.post('/web/thoat', { csrf: token }, cookie);
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await w.get('/web', cookie)).status).toBe(401);
  });

  it('expires after 30 days', async () => {
    const cookie = await w.login('coord');
    w.h.advance(30 * 86_400_000 + 1);
    expect((await w.get('/web', cookie)).status).toBe(401);
  });

  it('shows nothing once the person no longer holds a coordinator or committee role', async () => {
    const cookie = await w.login('coord');
    await w.h.commit([w.h.db.update(roleAssignments).set({ validTo: w.h.now().getTime() })]);
    w.h.advance(1000);
    const res = await w.get('/web', cookie);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('Xã Quan Sơn');
  });

  it('sends a strict Content-Security-Policy and no caching on its pages', async () => {
    const cookie = await w.login('coord');
    const home = await w.get('/web', cookie);
    const page = await w.get(home.headers.get('location')!, cookie);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*src="\/web\/tai\/sort\.js")/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('does not log the link or the cookie', async () => {
    const lines: string[] = [];
    w.h.deps.log = {
      debug: (m, d) => lines.push(JSON.stringify({ m, d })),
      info: (m, d) => lines.push(JSON.stringify({ m, d })),
      warn: (m, d) => lines.push(JSON.stringify({ m, d })),
      error: (m, d) => lines.push(JSON.stringify({ m, d })),
    };
    const secret = await w.link('coord');
    const res = await w.post(`/web/vao/${secret}`, {});
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!;
    expect(lines.some((l) => l.includes('dashboard session opened'))).toBe(true);
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(cookie);
  });
});

describe('the link belongs to its person', () => {
  it('opens the session of the person who asked, whoever uses it', async () => {
    await w.h.person('coord2', 'Trần Văn Khác', [{ role: 'committee', unit: 'XQS' }]);
    const cookie = await w.login('coord2');
    const home = await w.get('/web', cookie);
    const page = await (await w.get(home.headers.get('location')!, cookie)).text();
    expect(page).toContain('Đồng chí Trần Văn Khác');
    const [session] = await w.h.db.select().from(webSessions).all();
    const [login] = await w.h.db.select().from(webLogins).where(eq(webLogins.id, session!.loginId)).all();
    expect(session!.personId).toBe(login!.personId);
  });
});
