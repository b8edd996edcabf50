/** chuahop and chuabaocao: the same command shape over the two laggard lists. */
import { unitById } from '../db/repo/units';
import { groupScopeProblem } from '../src/bot/group-scope';
import { canAccess } from '../src/bot/scope';
import { type LaggardKind, laggardAnswer } from '../src/domain/summaries/laggards';
import { isNext, pagedReply } from '../src/domain/summaries/paging';
import { periodFromKey } from '../src/domain/summaries/period';
import { resolveTarget, SUMMARY_ROLES } from '../src/domain/summaries/target';
import { common } from '../src/messages/vi';
import { summaries } from '../src/messages/vi/summaries';
import { type CommandContext, type CommandDef, type CommandResult, defineCommand, reply } from './define';

export function laggardCommand(
  name: string,
  kind: LaggardKind,
  def: Pick<CommandDef, 'aliases' | 'summary' | 'example'>,
): CommandDef {
  async function page(
    ctx: CommandContext,
    unitId: string,
    periodKey: string,
    n: number,
  ): Promise<CommandResult> {
    const unit = await unitById(ctx.db, unitId);
    const period = periodFromKey(periodKey);
    if (!unit || !period) return { replies: [{ text: common.choiceExpired }], flow: null };
    if (!canAccess(ctx.person!.roles, unit.path, SUMMARY_ROLES))
      return { replies: [{ text: summaries.outOfScope(unit.name) }], flow: null };
    const notHere = await groupScopeProblem(ctx, unit.id);
    if (notHere) return { replies: [{ text: notHere }], flow: null };
    const answer = await laggardAnswer(ctx.db, unit, period, kind, ctx.now);
    return pagedReply(ctx, name, answer, { unitId, periodKey }, n);
  }
  return defineCommand({
    name,
    ...def,
    access: [...SUMMARY_ROLES],
    inGroup: 'group',
    async run(ctx) {
      const target = await resolveTarget(ctx.db, ctx.person!.roles, ctx.args, ctx.now, ctx.config.TIMEZONE);
      if (!target.ok) return reply(target.message);
      return page(ctx, target.unit.id, target.period.key, 1);
    },
    async resume(ctx, input) {
      if (!isNext(input)) return { replies: [{ text: `${common.unknown}\n${ctx.helpText}` }], flow: null };
      const d = ctx.flow!.data as { unitId: string; periodKey: string; page: number };
      return page(ctx, d.unitId, d.periodKey, d.page);
    },
  });
}
