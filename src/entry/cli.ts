/**
 * Operator CLI: `npm run cli -- [--server URL] <verb> ...`. Node-only. Without --server the verbs
 * work on the SQLite file of DATABASE_PATH; with it, on a remote Node server or Worker through
 * /admin/* (src/cli/remote.ts), with the same results and messages.
 */
import { chmodSync, closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { unitByCode } from '../../db/repo/units';
import { importFile } from '../cli/import-file';
import { runRemote } from '../cli/remote';
import { setWebhooks } from '../cli/set-webhook';
import { exportOptions, inviteOptions } from '../cli/verb-args';
import { loadConfig } from '../config';
import { computeSummary } from '../domain/summaries/compute';
import { buildWorkbook } from '../domain/summaries/workbook';
import { localParts } from '../domain/time/zone';
import { VERSION } from '../http/app';
import { type ImportName, importVerbs } from '../operator/imports';
import { planInvite } from '../operator/invite';
import { exported, failed, inviteCreated, kindsMapped, type Output, statusReport } from '../operator/report';
import { statusOf } from '../operator/status';
import { planKindFixes } from '../operator/unit-kinds';
import { createPlatforms } from '../platforms';
import { randomId } from '../util/ids';
import { cliExtensions } from './cli-extensions';
import { nodeSummaryRenderers } from './node-summary-renderers';
import { oneLine, openConfiguredDatabase } from './startup-error';

const USAGE = `Usage: npm run cli -- [--server URL] <verb> [options]
  import-units FILE.csv          columns code,name,kind,parent_code[,meeting_rule,member_count]
                                 (meeting_rule e.g. "hang thang ngay 5 19:30 tai nha van hoa")
  import-people FILE.csv         columns name,phone,unit_code,role; prints each person's invite code
  import-assignments FILE.csv    columns person_phone_or_name,unit_code,from,until (supervisors to cells)
  invite --unit CODE --role ROLE [--name NAME] [--group]
  export --unit CODE --period 2026-11|2026-Q4|2026 --out FILE.xlsx   Excel summary of a unit
  status                         what the database holds: units, people, roles, invites, outbox
  unit-kinds                     maps old free-text unit kinds to the vocabulary; lists what it cannot
  backup FILE                    consistent copy of the database, safe while the bot runs
  set-webhook URL                registers URL/webhook/telegram and URL/webhook/zalo${cliExtensions.map((e) => `\n  ${e.usage}`).join('')}
--server URL: run the verb against a chibo server or Worker (its /admin API), with ADMIN_TOKEN set
Roles: secretary, deputy, supervisor, committee, coordinator`;

/** `--server URL` (or `--server=URL`) anywhere before or after the verb. */
function takeServer(argv: string[]): { server?: string; args: string[] } {
  const args = [...argv];
  const i = args.findIndex((a) => a === '--server' || a.startsWith('--server='));
  if (i < 0) return { args };
  const [flag] = args.splice(i, 1);
  const server = flag!.includes('=') ? flag!.slice('--server='.length) : (args.splice(i, 1)[0] ?? '');
  return { server, args };
}

function print(out: Output): number {
  for (const line of out.stdout) console.log(line);
  for (const line of out.stderr) console.error(line);
  return out.exit;
}

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const { server, args } = takeServer(argv);
  const [verb, ...rest] = args;
  const now = new Date();
  const fail = (msg: string) => {
    console.error(msg);
    return 1;
  };
  if (!verb || verb === 'help' || verb === '--help') {
    console.log(USAGE);
    return verb ? 0 : 1;
  }
  if (server !== undefined)
    return print(
      await runRemote(verb, rest, {
        server,
        token: config.ADMIN_TOKEN,
        usage: USAGE,
        progress: (line) => console.error(line),
      }),
    );
  const database = openConfiguredDatabase(config.DATABASE_PATH);
  const { store } = database;
  try {
    switch (verb) {
      case 'import-units':
      case 'import-people':
      case 'import-assignments': {
        const ctx = { db: store.db, now, newId: randomId, config };
        return print(await importFile(database, ctx, importVerbs[verb as ImportName], rest[0]));
      }
      case 'invite': {
        const o = inviteOptions(rest);
        if ('error' in o) return fail(o.error);
        const r = await planInvite(store.db, o, now, randomId, config.INVITE_TTL_DAYS);
        if ('error' in r) return fail(r.error);
        await store.commit(r.writes);
        return print(
          inviteCreated({ code: r.code, validUntil: localParts(r.expiresAt, config.TIMEZONE).isoDate }),
        );
      }
      case 'export': {
        const o = exportOptions(rest);
        if ('error' in o) return print(failed(o.error, 2));
        const unit = await unitByCode(store.db, o.unit);
        if (!unit) return fail(`no unit with code ${o.unit}`);
        const at = { now, tz: config.TIMEZONE };
        const summary = await computeSummary(store.db, unit, o.period, at);
        writeFileSync(o.out, await nodeSummaryRenderers.xlsx!(await buildWorkbook(store.db, summary, at)));
        return print(exported(o.out, unit.code, o.period.key, summary.totals.cells));
      }
      case 'status':
        return print(
          statusReport(
            await statusOf(store.db, now, config.TIMEZONE, VERSION),
            `database ${config.DATABASE_PATH}`,
          ),
        );
      case 'unit-kinds': {
        const plan = await planKindFixes(store.db, now, randomId);
        if (plan.writes.length > 0) await store.commit(plan.writes);
        return print(kindsMapped(plan));
      }
      case 'backup': {
        const file = rest[0];
        if (!file) return fail(USAGE);
        // SQLite's online backup copies a consistent snapshot while writers go on. The copy holds
        // the same names and message texts as the database: readable by this user only.
        if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
        await database.sqlite.backup(file);
        chmodSync(file, 0o600);
        console.log(`Backup written to ${file}`);
        return 0;
      }
      case 'set-webhook': {
        const result = await setWebhooks(rest[0], createPlatforms(config), config, console.log);
        return 'error' in result ? fail(result.error) : 0;
      }
      default: {
        const ext = cliExtensions.find((e) => e.verb === verb);
        if (ext) return await ext.run(rest, { database, store, config, now, newId: randomId });
        return fail(`Unknown verb "${verb}".\n${USAGE}`);
      }
    }
  } finally {
    database.close();
  }
}

/** Exits once stdout and stderr are written out: a pipe (`| tee codes.csv`) would lose the tail. */
function exitAfterOutput(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(exitAfterOutput, (err: unknown) => {
  console.error(oneLine(err));
  exitAfterOutput(1);
});
