import { computeSummary } from '../src/domain/summaries/compute';
import { renderSummary } from '../src/domain/summaries/render';
import { pagedSummaryCommand } from './paged-summary';

export default pagedSummaryCommand(
  {
    name: 'tonghop',
    aliases: ['tonghop', 'tong hop', 'summary', 'th'],
    summary: 'Tổng hợp một đơn vị theo tháng, quý hoặc năm',
    example: 'tonghop xa Quan Son quy 4',
  },
  async (ctx, unit, period, note) =>
    renderSummary(
      await computeSummary(ctx.db, unit, period, { now: ctx.now, tz: ctx.config.TIMEZONE }),
      note,
    ),
);
