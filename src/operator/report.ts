/**
 * What the operator CLI prints for each verb, from plain results: the CLI builds them from a local
 * plan or receives them as JSON from `/admin/*`, and prints the same lines either way. Operator
 * texts are English (the chat texts, for officials, are Vietnamese in src/messages/vi/).
 */
import { csvLine } from '../csv/field';
import { formatInviteCode } from '../domain/invites/code';
import { formatDateInput } from '../domain/time/zone';
import { acceptedWords } from '../domain/units/kinds';
import type { PersonInvite } from './import-people';
import type { Status } from './status';
import type { KindFixes } from './unit-kinds';

export interface Output {
  stdout: string[];
  stderr: string[];
  exit: number;
}

const ok = (stdout: string[], stderr: string[] = []): Output => ({ stdout, stderr, exit: 0 });
export const failed = (message: string, exit = 1): Output => ({ stdout: [], stderr: [message], exit });

/** Enough to fix a file by; the rest are counted. */
const SHOWN_ERRORS = 50;

export function refusedRows(errors: string[]): string {
  const more = errors.length - SHOWN_ERRORS;
  const shown = errors.slice(0, SHOWN_ERRORS).join('\n');
  return `Nothing imported; fix these rows:\n${shown}${more > 0 ? `\n… and ${more} more` : ''}`;
}

export const refusedFile = (reason: string) => `Nothing imported: ${reason}`;

/** An import verb without its file, or with a path that is not there: what to type instead. */
export function noImportFile(verb: string, file: string | undefined): Output {
  return failed(
    file
      ? `File not found: ${file}`
      : `${verb} needs a CSV file: npm run cli -- ${verb} FILE.csv (see npm run cli -- --help)`,
  );
}

/** Said when a file was not UTF-8, so that a wrong guess would be noticed at once. */
export function readAs(file: string, encoding: string): string[] {
  return encoding.startsWith('UTF-8') || encoding === 'text' ? [] : [`Read ${file} as ${encoding}.`];
}

export interface UnitsImported {
  created: number;
  updated: number;
  unchanged: number;
}

export function unitsImported(r: UnitsImported, notes: string[] = []): Output {
  const same = r.unchanged > 0 ? `, ${r.unchanged} already as in the file` : '';
  return ok([`Imported units: ${r.created} new, ${r.updated} updated${same}.`], notes);
}

export function peopleImported(invites: PersonInvite[], notes: string[] = []): Output {
  // Grouped: Excel keeps "4827 1936 0512 3384" as text; a bare 16-digit number loses its last digit.
  return ok(
    [
      'name,unit_code,role,invite_code',
      ...invites.map((i) => csvLine([i.name, i.unit, i.role, i.code ? formatInviteCode(i.code) : 'linked'])),
    ],
    notes,
  );
}

export interface AssignmentsImported {
  assigned: number;
  unchanged: number;
}

export function assignmentsImported(r: AssignmentsImported, notes: string[] = []): Output {
  return ok([`Assignments imported: ${r.assigned} new, ${r.unchanged} already in place.`], notes);
}

export interface InviteCreated {
  code: string;
  /** The last day it is valid, `YYYY-MM-DD` in the deployment's zone. */
  validUntil: string;
}

export function inviteCreated(r: InviteCreated): Output {
  const code = formatInviteCode(r.code);
  return ok([code], [`Valid until ${formatDateInput(r.validUntil)}. The person sends: batdau ${code}`]);
}

export function kindsMapped(r: Pick<KindFixes, 'mapped' | 'unknown'>): Output {
  const mapped = r.mapped.map((m) => `${m.code}: "${m.from}" → ${m.to}`);
  if (r.unknown.length === 0)
    return ok([...mapped, `Every unit has a known kind (${r.mapped.length} mapped now).`]);
  return {
    stdout: mapped,
    stderr: [
      [
        `${r.unknown.length} unit(s) have a kind chibo does not know; they are not counted as cells until fixed.`,
        ...r.unknown.map((u) => `  ${u.code} (${u.name}): "${u.kind}"`),
        'Re-import these rows (import-units) with one of these kinds:',
        ...acceptedWords().map((w) => `  ${w}`),
      ].join('\n'),
    ],
    exit: 1,
  };
}

export function exported(file: string, unit: string, period: string, cells: number): Output {
  return ok([`${file}: ${unit} ${period}, ${cells} cells`]);
}

const listed = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

export function statusReport(s: Status, where: string): Output {
  const unitCount = Object.values(s.units).reduce((a, b) => a + b, 0);
  return ok([
    `chibo ${s.version}, ${where}`,
    `units: ${unitCount} (${listed(s.units)})`,
    `people: ${s.people}, of whom ${s.linkedPeople} linked a chat account`,
    `roles in force: ${listed(s.roles)}`,
    `invites waiting to be used: ${s.invitesWaiting}`,
    `supervisor assignments in force: ${s.assignmentsInForce}`,
    `group chats linked: ${s.groupsLinked}`,
    `outbox: ${listed(s.outbox)}`,
  ]);
}
