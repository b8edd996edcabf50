/** A tiny public-looking picture host on 127.0.0.1: what Zalo and Telegram fetch a sendPhoto URL from. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

/** The 8-byte PNG signature and an IHDR start: enough for a fake that checks the content type. */
export const TINY_PNG = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]);

export async function startPictureServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.get('/media/:id', (c) => c.body(TINY_PNG, 200, { 'content-type': 'image/png' }));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
