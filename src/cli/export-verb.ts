/** `export --unit CODE --period 2026-11|2026-Q4|2026 --out FILE.xlsx`: the Excel summary of a unit. */
import { writeFileSync } from 'node:fs';
import { unitByCode } from '../../db/repo/units';
import { computeSummary } from '../domain/summaries/compute';
import { periodFromKey } from '../domain/summaries/period';
import { buildWorkbook } from '../domain/summaries/workbook';
import type { CliExtension } from '../entry/cli-extensions';
import { nodeSummaryRenderers } from '../entry/node-summary-renderers';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export const exportVerb: CliExtension = {
  verb: 'export',
  usage: 'export --unit CODE --period 2026-11|2026-Q4|2026 --out FILE.xlsx   Excel summary of a unit',
  async run(args, { store, now, config }) {
    const code = option(args, 'unit');
    const key = option(args, 'period');
    const out = option(args, 'out');
    if (!code || !key || !out) {
      console.error('usage: export --unit CODE --period 2026-11|2026-Q4|2026 --out FILE.xlsx');
      return 2;
    }
    const period = periodFromKey(key);
    if (!period) {
      console.error(`bad period "${key}": expected 2026-11, 2026-Q4 or 2026`);
      return 2;
    }
    const unit = await unitByCode(store.db, code);
    if (!unit) {
      console.error(`no unit with code ${code}`);
      return 1;
    }
    const at = { now, tz: config.TIMEZONE };
    const summary = await computeSummary(store.db, unit, period, at);
    const bytes = await nodeSummaryRenderers.xlsx!(await buildWorkbook(store.db, summary, at));
    writeFileSync(out, bytes);
    console.log(`${out}: ${unit.code} ${period.key}, ${summary.totals.cells} cells`);
    return 0;
  },
};
