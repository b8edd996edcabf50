/** chuahop and chuabaocao: the same command shape over the two laggard lists. */
import { type LaggardKind, laggardAnswer } from '../src/domain/summaries/laggards';
import type { CommandDef } from './define';
import { pagedSummaryCommand } from './paged-summary';

export function laggardCommand(
  name: string,
  kind: LaggardKind,
  def: Pick<CommandDef, 'aliases' | 'summary' | 'example'>,
): CommandDef {
  return pagedSummaryCommand({ name, ...def }, (ctx, unit, period, note) =>
    laggardAnswer(ctx.db, unit, period, kind, { now: ctx.now, tz: ctx.config.TIMEZONE }, note),
  );
}
