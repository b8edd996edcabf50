import { eq } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import { identitiesOfPerson } from '../db/repo/people';
import { people } from '../db/schema';
import { groups, onboarding } from '../src/messages/vi';
import { fold } from '../src/text/normalize';
import { defineCommand, reply } from './define';

const CHOICES: Record<string, 'zalo' | 'telegram' | 'both'> = {
  zalo: 'zalo',
  telegram: 'telegram',
  tele: 'telegram',
  tg: 'telegram',
  'ca hai': 'both',
  cahai: 'both',
  ca: 'both',
  both: 'both',
  'hai noi': 'both',
};

export default defineCommand({
  name: 'nhacnho',
  aliases: ['nhacnho', 'nhac nho', 'reminders'],
  access: 'linked',
  summary: 'Chọn nơi nhận nhắc việc: Zalo, Telegram hoặc cả hai',
  example: 'nhacnho zalo',
  inGroup: 'private',
  async run({ args, person, db, now, newId }) {
    const choice = CHOICES[fold(args)];
    if (!person || !choice) return reply(groups.reminderUsage);
    if (choice !== 'both') {
      const linked = (await identitiesOfPerson(db, person.id)).some((i) => i.platform === choice);
      if (!linked) return reply(groups.reminderNotLinked(onboarding.platforms[choice] ?? choice));
    }
    return {
      replies: [{ text: groups.reminderSet(onboarding.reminderChannel[choice] ?? choice) }],
      writes: [
        db.update(people).set({ reminderChannel: choice }).where(eq(people.id, person.id)),
        audit(
          db,
          newId(),
          {
            actorPersonId: person.id,
            via: 'bot',
            action: 'set_reminder_channel',
            entity: 'person',
            entityId: person.id,
            detail: { choice },
          },
          now,
        ),
      ],
    };
  },
});
