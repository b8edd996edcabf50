/**
 * The operator API, `/admin/*`: what the CLI does to a local database, over HTTP, so that a Worker's
 * D1 (or a remote Node server) can be bootstrapped and run without a hand-made SQL file. Off (404)
 * unless ADMIN_TOKEN is set; every request carries it as a bearer token (401 otherwise); bodies are
 * bounded (413); every change writes an audit row with via 'admin'. Shared code: the same routes on
 * Node and Workers.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { unitByCode } from '../../../db/repo/units';
import { MAX_CSV_BYTES } from '../../csv/source';
import type { Deps } from '../../deps';
import { computeSummary } from '../../domain/summaries/compute';
import { periodFromKey } from '../../domain/summaries/period';
import { summaryRenderers, summaryXlsx } from '../../domain/summaries/renderers';
import { workbookFilename } from '../../domain/summaries/workbook';
import { localParts } from '../../domain/time/zone';
import { IMPORT_NAMES, importVerbs } from '../../operator/imports';
import { planInvite } from '../../operator/invite';
import { refusedFile } from '../../operator/report';
import { statusOf } from '../../operator/status';
import { planKindFixes } from '../../operator/unit-kinds';
import { VERSION } from '../app';
import { requireAdminToken } from './auth';
import { importHandler } from './imports';

const MAX_JSON_BODY = 16 * 1024;

const inviteBody = z.object({
  unit: z.string().min(1).max(64),
  role: z.string().max(64).optional(),
  name: z.string().max(100).optional(),
  group: z.boolean().optional(),
});

export function adminRoutes(deps: Deps): Hono {
  const admin = new Hono();
  const token = deps.config.ADMIN_TOKEN;
  if (!token) return admin; // nothing matches: the app's 404
  admin.use('*', requireAdminToken(token));
  const bounded = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        c.json({ ok: false, message: refusedFile(`${what} is over the limit of ${maxSize} bytes`) }, 413),
    });

  admin.get('/status', async (c) =>
    c.json(await statusOf(deps.store.db, deps.clock(), deps.config.TIMEZONE, VERSION)),
  );

  // The body is the file, so the CLI's file limit is the body's.
  for (const name of IMPORT_NAMES)
    admin.post(`/${name}`, bounded(MAX_CSV_BYTES, 'the file'), importHandler(deps, importVerbs[name]));

  admin.post('/invite', bounded(MAX_JSON_BODY, 'the request'), async (c) => {
    const body = inviteBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success || (!body.data.role && !body.data.group))
      return c.json(
        { ok: false, message: 'expected JSON {"unit": CODE, "role": ROLE, "name"?: NAME, "group"?: true}' },
        400,
      );
    const { unit, role, name, group } = body.data;
    const now = deps.clock();
    const r = await planInvite(
      deps.store.db,
      { unit, role: role ?? 'group', name, group },
      now,
      deps.newId,
      deps.config.INVITE_TTL_DAYS,
      'admin',
    );
    if ('error' in r) return c.json({ ok: false, message: r.error }, 422);
    await deps.store.commit(r.writes);
    // The last whole day it is valid: it expires during the day shown.
    return c.json({
      ok: true,
      code: r.code,
      validUntil: localParts(r.expiresAt, deps.config.TIMEZONE).isoDate,
    });
  });

  admin.post('/unit-kinds', async (c) => {
    const plan = await planKindFixes(deps.store.db, deps.clock(), deps.newId, 'admin');
    if (plan.writes.length > 0) await deps.store.commit(plan.writes);
    return c.json({ ok: true, mapped: plan.mapped, unknown: plan.unknown });
  });

  admin.get('/export', async (c) => {
    const code = c.req.query('unit') ?? '';
    const key = c.req.query('period') ?? '';
    const period = periodFromKey(key);
    if (!period)
      return c.json({ ok: false, message: `bad period "${key}": expected 2026-11, 2026-Q4 or 2026` }, 400);
    const unit = code ? await unitByCode(deps.store.db, code) : undefined;
    if (!unit) return c.json({ ok: false, message: `no unit with code ${code}` }, 404);
    if (!summaryRenderers().xlsx)
      return c.json(
        { ok: false, message: 'this server has no Excel renderer; run the Node CLI export on a copy' },
        501,
      );
    const at = { now: deps.clock(), tz: deps.config.TIMEZONE };
    const summary = await computeSummary(deps.store.db, unit, period, at);
    const bytes = await summaryXlsx(deps.store.db, summary, at);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${workbookFilename(summary)}"`,
      'x-chibo-cells': String(summary.totals.cells),
    });
  });

  return admin;
}
