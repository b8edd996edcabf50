/** The options of `invite` and `export`, read the same way for a local database and for --server. */
import { parseArgs } from 'node:util';
import { type Period, periodFromKey } from '../domain/summaries/period';

export interface InviteOptions {
  unit: string;
  role: string;
  name?: string;
  group?: boolean;
}

/** null: not enough to make an invite (the caller prints the usage). */
export function inviteOptions(args: string[]): InviteOptions | null {
  const { values } = parseArgs({
    args,
    options: {
      unit: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      group: { type: 'boolean' },
    },
  });
  if (!values.unit || (!values.role && !values.group)) return null;
  return { unit: values.unit, role: values.role ?? 'group', name: values.name, group: values.group };
}

export const EXPORT_USAGE = 'usage: export --unit CODE --period 2026-11|2026-Q4|2026 --out FILE.xlsx';

export type ExportOptions = { unit: string; period: Period; out: string } | { error: string };

export function exportOptions(args: string[]): ExportOptions {
  const { values } = parseArgs({
    args,
    options: { unit: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.unit || !values.period || !values.out) return { error: EXPORT_USAGE };
  const period = periodFromKey(values.period);
  if (!period) return { error: `bad period "${values.period}": expected 2026-11, 2026-Q4 or 2026` };
  return { unit: values.unit, period, out: values.out };
}
