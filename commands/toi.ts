import { identitiesOfPerson } from '../db/repo/people';
import { chooseTargets } from '../src/bot/targets';
import { onboarding, ROLE_NAMES } from '../src/messages/vi';
import { defineCommand, reply } from './define';

export default defineCommand({
  name: 'toi',
  aliases: ['toi', 'me', 'whoami', 'toi la ai'],
  access: 'linked',
  summary: 'Xem thông tin của tôi: tên, vai trò, đơn vị',
  example: 'toi',
  inGroup: 'private',
  async run({ person, db }) {
    if (!person) return reply(onboarding.startNoCode);
    const accounts = await identitiesOfPerson(db, person.id);
    const lines = [
      onboarding.whoami(person.name),
      onboarding.whoamiRoles,
      ...person.roles.map((r) => `• ${ROLE_NAMES[r.role]} — ${r.unitName} (${r.unitCode})`),
      onboarding.whoamiAccounts(
        accounts.map((a) => onboarding.platforms[a.platform] ?? a.platform).join(', '),
      ),
      // Where reminders really go: the linked, reachable accounts the preference picks.
      onboarding.whoamiReminders(
        [...new Set(chooseTargets(accounts, person.id, person.reminderChannel).map((a) => a.platform))]
          .map((p) => onboarding.platforms[p] ?? p)
          .join(onboarding.and),
      ),
    ];
    return reply(lines.join('\n'));
  },
});
