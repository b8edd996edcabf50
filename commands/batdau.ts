import { and, eq, inArray } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import { markProcessed } from '../db/repo/keys';
import { holdersOf, identityOf, roleInForce } from '../db/repo/people';
import { unitById } from '../db/repo/units';
import { chatIdentities, invites, people, roleAssignments } from '../db/schema';
import type { Write } from '../db/types';
import { linkGroup } from '../src/bot/group-link';
import { attemptLock, failedAttempt } from '../src/bot/invite-guard';
import { OVERALL_LIMIT, PER_CHAT_LIMIT } from '../src/domain/invites/attempts';
import { formatInviteCode, readInviteCode } from '../src/domain/invites/code';
import { formatDateInput, formatTimeVi, localParts } from '../src/domain/time/zone';
import { channels, groups, onboarding, ROLE_NAMES } from '../src/messages/vi';
import { placeOf } from '../src/messages/vi/groups';
import { type CommandResult, defineCommand, reply } from './define';

export default defineCommand({
  name: 'batdau',
  aliases: ['batdau', 'bat dau', 'start'],
  access: 'anyone',
  summary: 'Liên kết tài khoản bằng mã mời',
  example: 'batdau 4827 1936 0512 3384',
  inGroup: 'group',
  async run({ msg, args, now, db, config, newId, person, log }) {
    const reading = readInviteCode(args);
    const place = placeOf(msg.platform, config);
    if (reading.kind === 'empty')
      return reply(msg.chatType === 'group' ? groups.joinedHint(place) : onboarding.startNoCode);
    const attempts = await attemptLock(db, msg.platform, msg.chatId, now);
    if (attempts.lock) {
      log.debug('invite attempt refused by a limit', { scope: attempts.lock.scope, platform: msg.platform });
      const until = formatTimeVi(
        new Date(Math.ceil(attempts.lock.until.getTime() / 60_000) * 60_000),
        config.TIMEZONE,
      );
      return reply(
        attempts.lock.scope === 'chat'
          ? onboarding.tooManyTries(until)
          : onboarding.tooManyTriesOverall(until),
      );
    }
    const fail = (text: string, lookedUp: boolean): CommandResult => {
      if (attempts.chatFailures + 1 === PER_CHAT_LIMIT.max)
        log.warn('invite attempts: chat limit reached', { platform: msg.platform, chatId: msg.chatId });
      if (lookedUp && attempts.overallFailures + 1 === OVERALL_LIMIT.max)
        log.warn('invite attempts: overall limit reached, no code is looked up for an hour', {
          platform: msg.platform,
          chatId: msg.chatId,
        });
      return {
        replies: [{ text }],
        writes: failedAttempt(db, newId, { platform: msg.platform, chatId: msg.chatId, lookedUp }, now),
      };
    };
    if (reading.kind === 'typo') return fail(onboarding.codeTypo, false);
    if (reading.kind === 'old') return fail(onboarding.codeOld, false);
    if (reading.kind === 'malformed') return fail(onboarding.codeUnknown(args.trim().slice(0, 40)), false);
    const code = reading.code;
    const invite = await db.select().from(invites).where(eq(invites.code, code)).get();
    if (!invite) return fail(onboarding.codeUnknown(formatInviteCode(code)), true);
    if (invite.usedAt) return reply(onboarding.codeUsed);
    if (invite.expiresAt <= now.getTime())
      return reply(
        onboarding.codeExpired(
          formatDateInput(localParts(new Date(invite.expiresAt), config.TIMEZONE).isoDate),
        ),
      );
    if (invite.kind === 'group' && msg.chatType !== 'group')
      return reply(groups.groupCodeHowTo(place, code, formatInviteCode(code)));
    if (invite.kind !== 'group' && msg.chatType === 'group') return reply(groups.personCodeInGroup(place));
    const unit = await unitById(db, invite.unitId);
    if (!unit) return fail(onboarding.codeUnknown(formatInviteCode(code)), true);

    const t = now.getTime();
    // The guard key makes a code single-use even when two people send it at the same moment.
    const writes: Write[] = [markProcessed(db, `invite:${code}`, now)];

    if (invite.kind === 'group') return linkGroup({ msg, db, newId, person }, invite, unit, writes, now);

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
          roleInForce(t),
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
    // One secretary per cell: a secretary's invite is a handover, and the one handed over from is told.
    const replaced =
      invite.role === 'secretary'
        ? (await holdersOf(db, unit.id, ['secretary'], now)).filter((p) => p.id !== personId)
        : [];
    if (replaced.length > 0)
      writes.push(
        db
          .update(roleAssignments)
          .set({ validTo: t })
          .where(
            and(
              eq(roleAssignments.unitId, unit.id),
              eq(roleAssignments.role, 'secretary'),
              inArray(
                roleAssignments.personId,
                replaced.map((p) => p.id),
              ),
              roleInForce(t),
            ),
          ),
      );
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
          detail: {
            role: invite.role,
            unit: unit.code,
            platform: msg.platform,
            ...(replaced.length > 0 ? { replaced: replaced.map((p) => p.id) } : {}),
          },
        },
        now,
      ),
    );
    const name = person?.name ?? invite.personName ?? msg.displayName ?? onboarding.defaultName;
    // The welcome says, once, that this is software (both platforms' terms ask for it).
    const handover = replaced.map((p) => p.name).join(', ');
    return {
      replies: [
        {
          text:
            onboarding.linked(name, roleName, unit.name) +
            (handover ? `\n${onboarding.replacedSecretary(handover)}` : '') +
            `\n${channels.automatedNotice}`,
        },
      ],
      writes,
      notify: replaced.map((p) => ({
        personId: p.id,
        message: { text: onboarding.secretaryReplaced(unit.name, name) },
      })),
    };
  },
});
