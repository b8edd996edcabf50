/**
 * The simulator acts as anyone. A web page the operator opens while it runs must not drive it:
 * not by a cross-site form or fetch, not by DNS rebinding (its own Host header). Real server, real
 * HTTP on 127.0.0.1.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/deps';
import { createRuntime, type Runtime } from '../../src/entry/node-runtime';

let rt: Runtime;
let port: number;
beforeAll(async () => {
  rt = await createRuntime(loadConfig({ DATABASE_PATH: ':memory:', DEMO_DATA: '1' }), {
    cron: false,
    log: silentLogger,
  });
  ({ port } = await rt.listen(0));
});
afterAll(() => rt.stop());

function call(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const send = JSON.stringify({ chatId: 'demo-bithu-kp1', text: 'toi' });

describe('the simulator on a loopback address', () => {
  it('serves its own page and people to this machine', async () => {
    expect((await call('GET', '/', { host: `127.0.0.1:${port}` })).status).toBe(200);
    expect((await call('GET', '/sim/people', { host: `localhost:${port}` })).status).toBe(200);
    const ok = await call(
      'POST',
      '/sim/send',
      { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' },
      send,
    );
    expect(ok.status).toBe(200);
  });

  it('refuses a page that rebinds its own name to 127.0.0.1', async () => {
    const r = await call('GET', '/sim/people', { host: `evil.example:${port}` });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('chatId');
    expect((await call('GET', '/', { host: 'evil.example' })).status).toBe(403);
  });

  it('refuses a cross-site fetch or form, whatever its content type', async () => {
    const host = `127.0.0.1:${port}`;
    const cross = await call(
      'POST',
      '/sim/send',
      { host, origin: 'http://evil.example', 'content-type': 'application/json' },
      send,
    );
    expect(cross.status).toBe(403);
    const form = await call('POST', '/sim/send', { host, 'content-type': 'text/plain' }, send);
    expect(form.status).toBe(415);
    const sandboxed = await call(
      'POST',
      '/sim/send',
      { host, origin: 'null', 'content-type': 'application/json' },
      send,
    );
    expect(sandboxed.status).toBe(403);
  });

  it('leaves the webhooks and /healthz alone (platforms call them from anywhere)', async () => {
    expect((await call('GET', '/healthz', { host: 'bot.example.gov.vn' })).status).toBe(200);
  });
});
