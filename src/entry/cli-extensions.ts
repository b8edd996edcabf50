/** CLI verbs added by features, listed explicitly (the operator verbs are in cli.ts and src/operator/). */
import type { NodeDatabase } from '../../db/sqlite';
import type { Store } from '../../db/types';
import type { Config } from '../config';
import type { NewId } from '../util/ids';

export interface CliExtension {
  verb?: string;
  usage: string;
  run(
    args: string[],
    ctx: { database: NodeDatabase; store: Store; config: Config; now: Date; newId: NewId },
  ): Promise<number>;
}

export const cliExtensions: CliExtension[] = [];
