import { and, eq } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import { markProcessed } from '../db/repo/keys';
import { identityOf } from '../db/repo/people';
import { unitById } from '../db/repo/units';
import { chatIdentities, groupLinks, invites, people, roleAssignments } from '../db/schema';
import type { Write } from '../db/types';
import { formatDateInput, localParts } from '../src/domain/time/zone';
import { channels, groups, onboarding, ROLE_NAMES } from '../src/messages/vi';
import { placeOf } from '../src/messages/vi/groups';
import { defineCommand, reply } from './define';

export default defineCommand({
  name: 'batdau',
  aliases: ['batdau', 'bat dau', 'start'],
  access: 'anyone',
  summary: 'Liên kết tài khoản bằng mã mời',
  example: 'batdau K7M2QX',
  inGroup: 'group',
  async run({ msg, args, now, db, config, newId, person }) {
    const code = args.replace(/\s+/g, '').toUpperCase();
    const place = placeOf(msg.platform, config);
    if (!code) return reply(msg.chatType === 'group' ? groups.joinedHint(place) : onboarding.startNoCode);
    if (!/^[A-Z0-9]{4,16}$/.test(code)) return reply(onboarding.codeUnknown(args.slice(0, 20)));
    const invite = await db.select().from(invites).where(eq(invites.code, code)).get();
    if (!invite) return reply(onboarding.codeUnknown(code));
    if (invite.usedAt) return reply(onboarding.codeUsed);
    if (invite.expiresAt <= now.getTime())
      return reply(
        onboarding.codeExpired(
          formatDateInput(localParts(new Date(invite.expiresAt), config.TIMEZONE).isoDate),
        ),
      );
    if (invite.kind === 'group' && msg.chatType !== 'group') return reply(groups.groupCodeHowTo(place, code));
    if (invite.kind !== 'group' && msg.chatType === 'group') return reply(groups.personCodeInGroup(place));
    const unit = await unitById(db, invite.unitId);
    if (!unit) return reply(onboarding.codeUnknown(code));

    const t = now.getTime();
    // The guard key makes a code single-use even when two people send it at the same moment.
    const writes: Write[] = [markProcessed(db, `invite:${code}`, now)];

    if (invite.kind === 'group') {
      writes.push(
        db.insert(groupLinks).values({
          id: newId(),
          platform: msg.platform,
          chatId: msg.chatId,
          unitId: unit.id,
          mode: 'group',
          linkedBy: person?.id ?? null,
          linkedAt: t,
        }),
        db
          .update(invites)
          .set({ usedAt: t, usedByPersonId: person?.id ?? null })
          .where(eq(invites.id, invite.id)),
        audit(
          db,
          newId(),
          { actorPersonId: person?.id, via: 'bot', action: 'link_group', entity: 'unit', entityId: unit.id },
          now,
        ),
      );
      return {
        replies: [{ text: `${onboarding.groupLinked(unit.name)}\n${channels.automatedNotice}` }],
        writes,
      };
    }

    const identity = await identityOf(db, msg.platform, msg.userId);
    const personId = identity?.personId ?? invite.personId ?? newId();
    if (!identity && !invite.personId) {
      writes.push(
        db.insert(people).values({
          id: personId,
          name: invite.personName ?? msg.displayName ?? onboarding.defaultName,
          createdAt: t,
        }),
      );
    }
    if (!identity) {
      writes.push(
        db.insert(chatIdentities).values({
          id: newId(),
          platform: msg.platform,
          externalId: msg.userId,
          chatId: msg.chatId,
          personId,
          displayName: msg.displayName ?? null,
          linkedAt: t,
        }),
      );
    }
    const existingRole = await db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.personId, personId),
          eq(roleAssignments.unitId, unit.id),
          eq(roleAssignments.role, invite.role),
        ),
      )
      .get();
    const roleName = ROLE_NAMES[invite.role];
    if (existingRole && identity) return reply(onboarding.alreadyLinkedSame(roleName, unit.name));
    if (!existingRole) {
      writes.push(
        db
          .insert(roleAssignments)
          .values({ id: newId(), personId, unitId: unit.id, role: invite.role, validFrom: t }),
      );
    }
    writes.push(
      db.update(invites).set({ usedAt: t, usedByPersonId: personId }).where(eq(invites.id, invite.id)),
      audit(
        db,
        newId(),
        {
          actorPersonId: personId,
          via: 'bot',
          action: 'redeem_invite',
          entity: 'invite',
          entityId: invite.id,
          detail: { role: invite.role, unit: unit.code, platform: msg.platform },
        },
        now,
      ),
    );
    const name = person?.name ?? invite.personName ?? msg.displayName ?? onboarding.defaultName;
    // The welcome says, once, that this is software (both platforms' terms ask for it).
    return {
      replies: [{ text: `${onboarding.linked(name, roleName, unit.name)}\n${channels.automatedNotice}` }],
      writes,
    };
  },
});
