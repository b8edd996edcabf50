/** The `import-assignments FILE.csv` verb: reads the file, plans every row, writes all or nothing. */
import type { CliExtension } from '../entry/cli-extensions';
import { planAssignmentImport } from './import-assignments';
import { importFile, readAs } from './import-file';

export const importAssignmentsVerb: CliExtension = {
  verb: 'import-assignments',
  usage:
    'import-assignments FILE.csv    columns person_phone_or_name,unit_code,from,until (supervisors to cells)',
  async run(args, { database, store, config, now, newId }) {
    const r = await importFile(database, args[0], (source, opts) =>
      planAssignmentImport(store.db, source, now, newId, config.TIMEZONE, opts),
    );
    if (!r.ok) {
      console.error(r.message);
      return 1;
    }
    readAs(args[0]!, r.encoding);
    console.log(`Assignments imported: ${r.plan.assigned} new, ${r.plan.unchanged} already in place.`);
    return 0;
  },
};
