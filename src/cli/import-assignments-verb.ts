/** The `import-assignments FILE.csv` verb: reads the file, plans every row, writes all or nothing. */
import { existsSync, readFileSync } from 'node:fs';
import type { CliExtension } from '../entry/cli-extensions';
import { planAssignmentImport } from './import-assignments';

export const importAssignmentsVerb: CliExtension = {
  verb: 'import-assignments',
  usage:
    'import-assignments FILE.csv    columns person_phone_or_name,unit_code,from,until (supervisors to cells)',
  async run(args, { store, config, now, newId }) {
    const file = args[0];
    if (!file || !existsSync(file)) {
      console.error(`File not found: ${file ?? '(none)'}`);
      return 1;
    }
    const plan = await planAssignmentImport(
      store.db,
      readFileSync(file, 'utf8'),
      now,
      newId,
      config.TIMEZONE,
    );
    if (plan.errors.length) {
      console.error(`Nothing imported; fix these rows:\n${plan.errors.join('\n')}`);
      return 1;
    }
    await store.commit(plan.writes);
    console.log(`Assignments imported: ${plan.assigned} new, ${plan.unchanged} already in place.`);
    return 0;
  },
};
