/**
 * `npm run cli -- --server URL <verb> ...`: the same verbs against a remote Node server or a Worker,
 * through /admin/*, with ADMIN_TOKEN from the environment. The server plans with the same code and
 * returns the same results, which are printed with the same words as a local run.
 *
 * What an import guarantees here (D1 has no transaction spanning requests): every request checks
 * the whole file against the database, and writes nothing if any row is wrong; the writes then go
 * in batches that each land whole (one D1 batch); rows already in the database are recognised by
 * their key and not written again. So an import that stops half-way (network, a limit, a crash)
 * leaves whole rows, and running the same command again finishes it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { CsvFileError } from '../csv/source';
import type { ImportResponse } from '../http/admin/imports';
import { IMPORT_NAMES, type ImportName, type ImportSummary, importVerbs } from '../operator/imports';
import {
  exported,
  failed,
  inviteCreated,
  kindsMapped,
  noImportFile,
  type Output,
  readAs,
  refusedFile,
  statusReport,
} from '../operator/report';
import type { Status } from '../operator/status';
import { readCsvFileBytes } from './csv-file';
import { exportOptions, inviteOptions } from './verb-args';

export interface RemoteOptions {
  server: string;
  token: string | undefined;
  usage: string;
  /** A progress line for long imports (stderr). */
  progress(line: string): void;
  fetch?: typeof fetch;
}

/** A request that went wrong, told without the token. */
class RemoteError extends Error {}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

export function serverProblem(server: string): string | null {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return `--server ${server}: expected a URL such as https://chibo.example.workers.dev`;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return null;
  return `--server ${server}: the token would travel unencrypted; use https:// (plain http only to this machine)`;
}

function client(opts: RemoteOptions, token: string) {
  const base = opts.server.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  return async function call(path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(`${base}/admin${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(5 * 60_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new RemoteError(
        `cannot reach ${base}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
      );
    }
    if (res.ok) return res;
    const body = (await res.json().catch(() => null)) as { message?: string; error?: string } | null;
    const said = body?.message ?? body?.error;
    if (res.status === 401)
      throw new RemoteError(`${base} refused ADMIN_TOKEN (401): it is not the token the server was given`);
    if (res.status === 404 && !said)
      throw new RemoteError(
        `${base} has no operator API (404): set ADMIN_TOKEN on the server (wrangler secret put ADMIN_TOKEN, or its environment) and restart or redeploy it`,
      );
    if (said && res.status < 500) throw new RemoteError(said);
    throw new RemoteError(`${base} failed (HTTP ${res.status})${said ? `: ${said}` : ''}`);
  };
}

type Call = ReturnType<typeof client>;

async function importRemote(
  call: Call,
  name: ImportName,
  file: string | undefined,
  opts: RemoteOptions,
): Promise<Output> {
  if (!file || !existsSync(file)) return noImportFile(name, file);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = readCsvFileBytes(file);
  } catch (err) {
    if (err instanceof CsvFileError) return failed(refusedFile(err.message));
    throw err;
  }
  const path = `/${name}?file=${encodeURIComponent(file)}`;
  let first: ImportResponse | undefined;
  let written = 0;
  for (;;) {
    let r: ImportResponse;
    try {
      const res = await call(path, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: bytes,
      });
      r = (await res.json()) as ImportResponse;
    } catch (err) {
      if (!(err instanceof RemoteError)) throw err;
      if (written === 0) return failed(err.message);
      // Earlier batches are in: "nothing imported" is true of this request only.
      const why = err.message.replace(/^Nothing imported/, 'Nothing more imported');
      return failed(
        `${why}\nImport stopped with at least ${written} of ${first!.rows} rows written (each batch whole). Run the same command again to finish: rows already written are recognised and not written twice.`,
      );
    }
    const later = first !== undefined;
    first ??= r;
    written += r.writtenRows;
    // A line per batch when it takes several requests; one request says nothing a local run does not.
    if (!r.done || later)
      opts.progress(`${name}: ${first.rows - r.pendingRows} of ${first.rows} rows written`);
    if (r.done) {
      const summary: ImportSummary = { ...first.summary, invites: r.summary.invites };
      return importVerbs[name].report(summary, readAs(file, r.encoding));
    }
    if (r.writtenRows === 0)
      return failed(`${name}: the server wrote nothing and has ${r.pendingRows} rows left`);
  }
}

export async function runRemote(verb: string, args: string[], opts: RemoteOptions): Promise<Output> {
  const bad = serverProblem(opts.server);
  if (bad) return failed(bad);
  if (!opts.token)
    return failed(
      '--server needs ADMIN_TOKEN in the environment (or .env): the same value the server was given',
    );
  const call = client(opts, opts.token);
  try {
    if ((IMPORT_NAMES as readonly string[]).includes(verb))
      return await importRemote(call, verb as ImportName, args[0], opts);
    switch (verb) {
      case 'invite': {
        const o = inviteOptions(args);
        if ('error' in o) return failed(o.error);
        const res = await call('/invite', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(o),
        });
        return inviteCreated((await res.json()) as { code: string; validUntil: string });
      }
      case 'status':
        return statusReport((await (await call('/status')).json()) as Status, `server ${opts.server}`);
      case 'unit-kinds': {
        const res = await call('/unit-kinds', { method: 'POST' });
        return kindsMapped((await res.json()) as Parameters<typeof kindsMapped>[0]);
      }
      case 'export': {
        const o = exportOptions(args);
        if ('error' in o) return failed(o.error, 2);
        const q = new URLSearchParams({ unit: o.unit, period: o.period.key });
        const res = await call(`/export?${q}`);
        writeFileSync(o.out, new Uint8Array(await res.arrayBuffer()));
        return exported(
          o.out,
          o.unit.toUpperCase(),
          o.period.key,
          Number(res.headers.get('x-chibo-cells') ?? 0),
        );
      }
      case 'backup':
        return failed(
          'backup copies the server’s own database: on a Node server run `npm run cli -- backup FILE` there; on Workers use `npx wrangler d1 export DB --remote --output FILE.sql` (and D1 Time Travel)',
        );
      case 'set-webhook':
        return failed(
          'set-webhook talks to Telegram and Zalo, not to the server: run it without --server, with the bot tokens and secrets in the environment',
        );
      default:
        return failed(`Unknown verb "${verb}".\n${opts.usage}`);
    }
  } catch (err) {
    if (err instanceof RemoteError) return failed(err.message);
    throw err;
  }
}
