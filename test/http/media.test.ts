/**
 * A chart asked for on Zalo goes out as a URL to /media/:id, and Zalo may show it from there rather
 * than from a copy: it stays there for months, not days.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installNodeSummaryRenderers } from '../../src/entry/node-summary-renderers';
import { createApp } from '../../src/http/app';
import { createHarness, type Harness } from '../support/harness';
import { seedQuanSon } from '../support/summary-fixture';

let h: Harness;
beforeEach(async () => {
  installNodeSummaryRenderers();
  h = await createHarness('2026-12-02T03:00:00Z', { PUBLIC_URL: 'https://bot.example.gov.vn' });
  await seedQuanSon(h);
  await h.person('coord-zalo', 'Lê Thị Điều Phối', [{ role: 'coordinator', unit: 'XQS' }], 'zalo');
});
afterEach(() => h.close());

describe('/media pictures', () => {
  it('keep a Zalo chart at its address for a year, and then no longer', async () => {
    const [r] = await h.say('coord-zalo', 'bieudo 11/2026', { platform: 'zalo' });
    const id = r!.photo!.mediaId!;
    const app = createApp(h.deps);
    const fetchPicture = () => app.request(`/media/${id}`);

    const now = await fetchPicture();
    expect(now.status).toBe(200);
    expect(now.headers.get('content-type')).toBe('image/png');
    h.advance(365 * 86_400_000);
    expect((await fetchPicture()).status).toBe(200);
    h.advance(40 * 86_400_000);
    expect((await fetchPicture()).status).toBe(404);
  });
});
