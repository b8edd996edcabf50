import { identitiesOfPerson } from '../db/repo/people';
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
      onboarding.whoamiReminders(
        onboarding.reminderChannel[person.reminderChannel] ?? person.reminderChannel,
      ),
    ];
    return reply(lines.join('\n'));
  },
});
