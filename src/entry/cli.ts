/** Operator CLI: `npm run cli -- <verb> ...`. Node-only. */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../db/sqlite';
import { planPeopleImport } from '../cli/import-people';
import { planUnitImport } from '../cli/import-units';
import { planInvite } from '../cli/invite';
import { setWebhooks } from '../cli/set-webhook';
import { ConfigError, loadConfig } from '../config';
import { formatDateInput, localParts } from '../domain/time/zone';
import { createPlatforms } from '../platforms';
import { randomId } from '../util/ids';
import { cliExtensions } from './cli-extensions';

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
  const database = openDatabase(config.DATABASE_PATH);
  const { store } = database;
  try {
    switch (verb) {
      case 'import-units':
      case 'import-people': {
        const file = rest[0];
        if (!file || !existsSync(file)) return fail(`File not found: ${file ?? '(none)'}\n${USAGE}`);
        const text = readFileSync(file, 'utf8');
        const plan =
          verb === 'import-units'
            ? await planUnitImport(
                store.db,
                text,
                now,
                randomId,
                cliExtensions.find((e) => e.ruleParser)?.ruleParser,
              )
            : await planPeopleImport(store.db, text, now, randomId, config.INVITE_TTL_DAYS);
        if (plan.errors.length) return fail(`Nothing imported; fix these rows:\n${plan.errors.join('\n')}`);
        await store.commit(plan.writes);
        if ('created' in plan) console.log(`Imported units: ${plan.created} new, ${plan.updated} updated.`);
        else {
          console.log('name,unit_code,role,invite_code');
          for (const i of plan.invites) console.log(`${i.name},${i.unit},${i.role},${i.code}`);
        }
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
        console.log(r.code);
        console.error(
          `Valid until ${formatDateInput(localParts(r.expiresAt, config.TIMEZONE).isoDate)}. The person sends: batdau ${r.code}`,
        );
        return 0;
      }
      case 'backup': {
        const file = rest[0];
        if (!file) return fail(USAGE);
        // SQLite's online backup copies a consistent snapshot while writers go on.
        await database.sqlite.backup(file);
        console.log(`Backup written to ${file}`);
        return 0;
      }
      case 'set-webhook': {
        const result = await setWebhooks(rest[0], createPlatforms(config), config, console.log);
        return 'error' in result ? fail(result.error) : 0;
      }
      default: {
        const ext = cliExtensions.find((e) => e.verb === verb);
        if (ext) return await ext.run(rest, { store, config, now, newId: randomId });
        return fail(`Unknown verb "${verb}".\n${USAGE}`);
      }
    }
  } finally {
    database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err),
    );
    process.exit(1);
  },
);
