/**
 * What a group chat may be shown: only its own unit's figures. A member of a commune's group who
 * also sees other communes (a province coordinator) gets those privately, never in the group, and
 * a group not linked to a unit gets no figures at all.
 */
import type { CommandContext } from '../../commands/define';
import { unitById } from '../../db/repo/units';
import { groups } from '../messages/vi/groups';

/** Null when `unitId` may be shown here; otherwise the refusal to send instead. */
export async function groupScopeProblem(
  ctx: Pick<CommandContext, 'msg' | 'groupUnitId' | 'db'>,
  unitId: string,
): Promise<string | null> {
  if (ctx.msg.chatType !== 'group') return null;
  if (!ctx.groupUnitId) return groups.groupNotLinked;
  if (ctx.groupUnitId === unitId) return null;
  const own = await unitById(ctx.db, ctx.groupUnitId);
  return groups.groupOnlyOwnUnit(own?.name ?? '');
}
