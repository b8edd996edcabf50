/** Who may use a command, and the help list built from what they may use. */
import type { CommandDef } from '../../commands/define';
import type { PersonContext } from '../../db/repo/people';
import { common, onboarding, ROLE_NAMES } from '../messages/vi';

export function mayUse(command: CommandDef, person: PersonContext | null): boolean {
  if (command.access === 'anyone') return true;
  if (!person) return false;
  if (command.access === 'linked') return true;
  const wanted = command.access;
  return person.roles.some((r) => wanted.includes(r.role));
}

export function helpText(person: PersonContext | null, commands: readonly CommandDef[]): string {
  const usable = commands.filter((c) => mayUse(c, person));
  const title = person ? onboarding.helpTitle : onboarding.helpUnlinkedTitle;
  return [title, ...usable.map((c) => onboarding.helpLine(c.name, c.summary, c.example))].join('\n');
}

/** The refusal of a command the person may not use. */
export function notAllowedText(command: CommandDef, person: PersonContext | null): string {
  if (!person) return common.notLinked;
  const who =
    command.access === 'anyone' || command.access === 'linked'
      ? common.linkedPeople
      : command.access.map((r) => ROLE_NAMES[r]).join(', ');
  return common.notAllowed(command.name, who);
}
