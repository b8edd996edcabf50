/** CLI verbs added by features (export, import-assignments, …), listed explicitly. */
import type { NodeDatabase } from '../../db/sqlite';
import type { Store } from '../../db/types';
import { exportVerb } from '../cli/export-verb';
import { importAssignmentsVerb } from '../cli/import-assignments-verb';
import type { RuleParser } from '../cli/import-units';
import { unitKindsVerb } from '../cli/unit-kinds';
import type { Config } from '../config';
import { importRuleParser } from '../meetings/setup';
import type { NewId } from '../util/ids';

export interface CliExtension {
  verb?: string;
  usage: string;
  run(
    args: string[],
    ctx: { database: NodeDatabase; store: Store; config: Config; now: Date; newId: NewId },
  ): Promise<number>;
  /** Offered to import-units for its optional meeting_rule column. */
  ruleParser?: RuleParser;
}

export const cliExtensions: CliExtension[] = [
  importAssignmentsVerb,
  exportVerb,
  unitKindsVerb,
  {
    usage: 'import-units: optional meeting_rule column, e.g. "hang thang ngay 5 19:30 tai nha van hoa"',
    run: async () => 1,
    ruleParser: importRuleParser,
  },
];
