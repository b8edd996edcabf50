import { audit } from '../db/repo/audit';
import { holdersOf } from '../db/repo/people';
import { invites } from '../db/schema';
import { takeRole } from '../src/bot/roles';
import { findUnitInScope } from '../src/bot/unit-lookup';
import { formatInviteCode, newInviteCode } from '../src/domain/invites/code';
import { formatDateInput, localParts } from '../src/domain/time/zone';
import { groups, onboarding, ROLE_NAMES } from '../src/messages/vi';
import { overLimit } from '../src/text/length';
import { defineCommand, reply } from './define';

const MAX_PERSON_NAME = 100;

export default defineCommand({
  name: 'moi',
  aliases: ['moi', 'invite', 'tao ma', 'taoma'],
  access: ['coordinator'],
  summary: 'Tạo mã mời cho một vai trò ở một đơn vị',
  example: 'moi bithu KP3 Nguyễn Văn An',
  inGroup: 'private',
  async run({ args, person, db, now, newId, config }) {
    const parsed = takeRole(args);
    const words = (parsed?.rest ?? '').split(' ').filter(Boolean);
    if (!parsed || words.length === 0) {
      if (!parsed && args.trim())
        return reply(onboarding.inviteRoleUnknown(args.trim().split(' ')[0] ?? ''), onboarding.inviteUsage);
      return reply(onboarding.inviteUsage);
    }
    const unitCode = words[0]!;
    const personName = words.slice(1).join(' ') || null;
    // The same limit as import-people's; cut, the invite would carry half a name with nobody told.
    const long = overLimit(personName ?? undefined, MAX_PERSON_NAME);
    if (long !== null) return reply(onboarding.inviteNameTooLong(long, MAX_PERSON_NAME));
    const { unit, hints } = await findUnitInScope(db, unitCode, person!.roles, ['coordinator']);
    if (!unit) return reply(onboarding.inviteUnitUnknown(unitCode, hints.join(', ')));

    const isGroup = parsed.role === 'group';
    const role = parsed.role === 'group' ? 'committee' : parsed.role;
    // A cell has one secretary: the coordinator hears now who a new one would replace, not after.
    const sitting =
      role === 'secretary'
        ? (await holdersOf(db, unit.id, ['secretary'], now)).map((p) => p.name).join(', ')
        : '';
    const code = newInviteCode();
    const expiresAt = new Date(now.getTime() + config.INVITE_TTL_DAYS * 86_400_000);
    const id = newId();
    return {
      replies: [
        {
          text:
            onboarding.inviteCreated(
              formatInviteCode(code),
              isGroup ? onboarding.groupInviteRole : ROLE_NAMES[role],
              unit.name,
              formatDateInput(localParts(expiresAt, config.TIMEZONE).isoDate),
              personName,
            ) +
            (isGroup
              ? `\n${groups.groupCodeUse(code, config.TELEGRAM_BOT_USERNAME, formatInviteCode(code))}`
              : '') +
            (sitting ? `\n${onboarding.inviteReplacesSecretary(unit.name, sitting)}` : ''),
        },
      ],
      writes: [
        db.insert(invites).values({
          id,
          code,
          unitId: unit.id,
          role,
          kind: isGroup ? 'group' : 'person',
          personName,
          createdBy: person!.id,
          createdAt: now.getTime(),
          expiresAt: expiresAt.getTime(),
        }),
        audit(
          db,
          newId(),
          {
            actorPersonId: person!.id,
            via: 'bot',
            action: 'create_invite',
            entity: 'invite',
            entityId: id,
            detail: { role, unit: unit.code },
          },
          now,
        ),
      ],
    };
  },
});
