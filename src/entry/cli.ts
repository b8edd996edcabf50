/** Operator CLI: `npm run cli -- <verb> ...`. Node-only. */
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importFile, readAs } from '../cli/import-file';
import { planPeopleImport } from '../cli/import-people';
import { planUnitImport } from '../cli/import-units';
import { planInvite } from '../cli/invite';
import { setWebhooks } from '../cli/set-webhook';
import { loadConfig } from '../config';
import { formatInviteCode } from '../domain/invites/code';
import { formatDateInput, localParts } from '../domain/time/zone';
import { createPlatforms } from '../platforms';
import { randomId } from '../util/ids';
import { cliExtensions } from './cli-extensions';
import { oneLine, openConfiguredDatabase } from './startup-error';

const USAGE = `Usage: npm run cli -- <verb> [options]
  import-units FILE.csv          columns code,name,kind,parent_code[,meeting_rule,member_count]
  import-people FILE.csv         columns name,phone,unit_code,role; prints each person's invite code
  invite --unit CODE --role ROLE [--name NAME] [--group]
  backup FILE                    consistent copy of the database, safe while the bot runs
  set-webhook URL                registers URL/webhook/telegram and URL/webhook/zalo${cliExtensions.map((e) => `\n  ${e.usage}`).join('')}
Roles: secretary, deputy, supervisor, committee, coordinator`;

async function main(argv: string[]): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const [verb, ...rest] = argv;
  const now = new Date();
  const fail = (msg: string) => {
    console.error(msg);
    return 1;
  };
  if (!verb || verb === 'help' || verb === '--help') {
    console.log(USAGE);
    return verb ? 0 : 1;
  }
  const database = openConfiguredDatabase(config.DATABASE_PATH);
  const { store } = database;
  try {
    switch (verb) {
      case 'import-units': {
        const rule = cliExtensions.find((e) => e.ruleParser)?.ruleParser;
        const r = await importFile(database, rest[0], (source, opts) =>
          planUnitImport(store.db, source, now, randomId, rule, opts),
        );
        if (!r.ok) return fail(r.message);
        readAs(rest[0]!, r.encoding);
        console.log(`Imported units: ${r.plan.created} new, ${r.plan.updated} updated.`);
        return 0;
      }
      case 'import-people': {
        const r = await importFile(database, rest[0], (source, opts) =>
          planPeopleImport(store.db, source, now, randomId, config.INVITE_TTL_DAYS, opts),
        );
        if (!r.ok) return fail(r.message);
        readAs(rest[0]!, r.encoding);
        console.log('name,unit_code,role,invite_code');
        // Grouped: Excel keeps "4827 1936 0512 3384" as text; a bare 16-digit number loses its last digit.
        for (const i of r.plan.invites)
          console.log(`${i.name},${i.unit},${i.role},${formatInviteCode(i.code)}`);
        return 0;
      }
      case 'invite': {
        const { values } = parseArgs({
          args: rest,
          options: {
            unit: { type: 'string' },
            role: { type: 'string' },
            name: { type: 'string' },
            group: { type: 'boolean' },
          },
        });
        if (!values.unit || (!values.role && !values.group)) return fail(USAGE);
        const r = await planInvite(
          store.db,
          { unit: values.unit, role: values.role ?? 'group', name: values.name, group: values.group },
          now,
          randomId,
          config.INVITE_TTL_DAYS,
        );
        if ('error' in r) return fail(r.error);
        await store.commit(r.writes);
        console.log(formatInviteCode(r.code));
        console.error(
          `Valid until ${formatDateInput(localParts(r.expiresAt, config.TIMEZONE).isoDate)}. The person sends: batdau ${formatInviteCode(r.code)}`,
        );
        return 0;
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
