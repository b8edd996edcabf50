/** The options of `invite` and `export`, read the same way for a local database and for --server. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Period, periodFromKey } from '../domain/summaries/period';

export interface InviteOptions {
  unit: string;
  role: string;
  name?: string;
  group?: boolean;
}

export const INVITE_USAGE = 'usage: invite --unit CODE --role ROLE [--name NAME] [--group]';

/** node:util's parseArgs, its refusal of an unknown option (`--help`, a typo) said with the usage. */
function parsed(
  args: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  usage: string,
): { values: Record<string, string | boolean | undefined> } | { error: string } {
  if (args.includes('--help') || args.includes('-h')) return { error: usage };
  try {
    return { values: parseArgs({ args, options }).values as Record<string, string | boolean | undefined> };
  } catch (err) {
    return { error: `${err instanceof Error ? err.message : String(err)}\n${usage}` };
  }
}

export function inviteOptions(args: string[]): InviteOptions | { error: string } {
  const p = parsed(
    args,
    {
      unit: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      group: { type: 'boolean' },
    },
    INVITE_USAGE,
  );
  if ('error' in p) return p;
  const values = p.values as { unit?: string; role?: string; name?: string; group?: boolean };
  if (!values.unit) return { error: `invite needs --unit CODE\n${INVITE_USAGE}` };
  if (!values.role && !values.group)
    return {
      error: `invite needs --role ROLE (secretary, deputy, supervisor, committee, coordinator) or --group\n${INVITE_USAGE}`,
    };
  return { unit: values.unit, role: values.role ?? 'group', name: values.name, group: values.group };
}

export const EXPORT_USAGE = 'usage: export --unit CODE --period 2026-11|2026-Q4|2026 --out FILE.xlsx';

export type ExportOptions = { unit: string; period: Period; out: string } | { error: string };

export function exportOptions(args: string[]): ExportOptions {
  const p = parsed(
    args,
    { unit: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' } },
    EXPORT_USAGE,
  );
  if ('error' in p) return p;
  const values = p.values as { unit?: string; period?: string; out?: string };
  if (!values.unit || !values.period || !values.out) return { error: EXPORT_USAGE };
  const period = periodFromKey(values.period);
  if (!period) return { error: `bad period "${values.period}": expected 2026-11, 2026-Q4 or 2026` };
  return { unit: values.unit, period, out: values.out };
}
