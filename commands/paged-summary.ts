/** tonghop, chuahop and chuabaocao: one unit over one period, checked the same way, answered page by page. */
import { type Unit, unitById } from '../db/repo/units';
import { groupScopeProblem } from '../src/bot/group-scope';
import { canAccess } from '../src/bot/scope';
import { isNext, type PagedAnswer, pagedReply } from '../src/domain/summaries/paging';
import { type Period, periodFromKey } from '../src/domain/summaries/period';
import { resolveTarget, SUMMARY_ROLES } from '../src/domain/summaries/target';
import { common } from '../src/messages/vi';
import { summaries } from '../src/messages/vi/summaries';
import { type CommandContext, type CommandDef, type CommandResult, defineCommand, reply } from './define';

export function pagedSummaryCommand(
  def: Pick<CommandDef, 'name' | 'aliases' | 'summary' | 'example'>,
  answer: (ctx: CommandContext, unit: Unit, period: Period, note?: string) => Promise<PagedAnswer>,
): CommandDef {
  // Every page is recomputed from the flow's unit and period, so access is checked again on each.
  async function page(
    ctx: CommandContext,
    unitId: string,
    periodKey: string,
    n: number,
    note?: string,
  ): Promise<CommandResult> {
    const unit = await unitById(ctx.db, unitId);
    const period = periodFromKey(periodKey);
    if (!unit || !period) return { replies: [{ text: common.choiceExpired }], flow: null };
    if (!canAccess(ctx.person!.roles, unit.path, SUMMARY_ROLES))
      return { replies: [{ text: summaries.outOfScope(unit.name) }], flow: null };
    const notHere = await groupScopeProblem(ctx, unit.id);
    if (notHere) return { replies: [{ text: notHere }], flow: null };
    const data = { unitId, periodKey, ...(note ? { note } : {}) };
    return pagedReply(ctx, def.name, await answer(ctx, unit, period, note), data, n);
  }
  return defineCommand({
    ...def,
    access: [...SUMMARY_ROLES],
    inGroup: 'group',
    async run(ctx) {
      const target = await resolveTarget(ctx.db, ctx.person!.roles, ctx.args, ctx.now, ctx.config.TIMEZONE);
      if (!target.ok) return reply(target.message);
      return page(ctx, target.unit.id, target.period.key, 1, target.note);
    },
    async resume(ctx, input) {
      if (!isNext(input)) return { replies: [{ text: await ctx.unknown() }], flow: null };
      const d = ctx.flow!.data as { unitId: string; periodKey: string; page: number; note?: string };
      return page(ctx, d.unitId, d.periodKey, d.page, d.note);
    },
  });
}
