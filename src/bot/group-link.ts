/**
 * A group code sent in a group chat. A chat serves one unit at a time: another unit's code moves it
 * only when a coordinator of the unit it serves now sends it, and that unit's coordinators and
 * committee members are told where its messages go from now on; anyone else is refused and the code
 * stays unused (the refusal does not name the unit the group serves).
 */
import { eq } from 'drizzle-orm';
import type { CommandContext, CommandResult } from '../../commands/define';
import { audit } from '../../db/repo/audit';
import { activeGroupLink, unlinkGroup } from '../../db/repo/groups';
import { holdersOf } from '../../db/repo/people';
import { type Unit, unitById } from '../../db/repo/units';
import { groupLinks, invites } from '../../db/schema';
import type { Write } from '../../db/types';
import { channels, onboarding } from '../messages/vi';
import { canAccess } from './scope';

type Invite = typeof invites.$inferSelect;

/** `writes` already holds the code's single-use guard; they land together or not at all. */
export async function linkGroup(
  ctx: Pick<CommandContext, 'msg' | 'db' | 'newId' | 'person'>,
  invite: Invite,
  unit: Unit,
  writes: Write[],
  now: Date,
): Promise<CommandResult> {
  const { msg, db, newId, person } = ctx;
  const t = now.getTime();
  const current = await activeGroupLink(db, msg.platform, msg.chatId);
  const old = current ? await unitById(db, current.unitId) : undefined;
  if (old?.id === unit.id) return { replies: [{ text: onboarding.groupAlreadyLinked(unit.name) }] };
  if (old && !(person && canAccess(person.roles, old.path, ['coordinator'])))
    return { replies: [{ text: onboarding.groupLinkedElsewhere }] };
  // Ended before the new link is added: the unique index allows one active link per chat.
  if (current) writes.push(unlinkGroup(db, msg.platform, msg.chatId, now));
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
      {
        actorPersonId: person?.id,
        via: 'bot',
        action: old ? 'move_group' : 'link_group',
        entity: 'unit',
        entityId: unit.id,
        detail: old ? { from: old.code } : undefined,
      },
      now,
    ),
  );
  // A first link welcomes the group, and says once that chibo is software (the platforms' terms).
  if (!old || !person)
    return {
      replies: [
        {
          text: old
            ? onboarding.groupLinked(unit.name)
            : `${onboarding.groupLinked(unit.name)}\n${channels.automatedNotice}`,
        },
      ],
      writes,
    };
  const told = (await holdersOf(db, old.id, ['coordinator', 'committee'], now)).filter(
    (p) => p.id !== person.id,
  );
  return {
    replies: [{ text: onboarding.groupMoved(old.name, unit.name) }],
    writes,
    notify: told.map((p) => ({
      personId: p.id,
      message: { text: onboarding.groupMovedAway(old.name, unit.name, person.name) },
    })),
  };
}
