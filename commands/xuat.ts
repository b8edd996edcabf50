import { computeSummary } from '../src/domain/summaries/compute';
import { periodName } from '../src/domain/summaries/render';
import { summaryRenderers, summaryXlsx, toBase64 } from '../src/domain/summaries/renderers';
import { resolveTarget, SUMMARY_ROLES } from '../src/domain/summaries/target';
import { workbookFilename } from '../src/domain/summaries/workbook';
import { summaries } from '../src/messages/vi/summaries';
import { defineCommand, reply } from './define';

export default defineCommand({
  name: 'xuat',
  aliases: ['xuat', 'export', 'xuat excel', 'excel'],
  access: [...SUMMARY_ROLES],
  summary: 'Tệp Excel tổng hợp một đơn vị theo tháng, quý hoặc năm',
  example: 'xuat xa Quan Son quy 4',
  inGroup: 'private',
  async run({ db, person, args, now, config, msg }) {
    const target = await resolveTarget(db, person!.roles, args, now, config.TIMEZONE);
    if (!target.ok) return reply(target.message);
    const name = periodName(target.period);
    if (msg.platform === 'zalo') return reply(summaries.exportZalo(target.unit.name, name));
    if (!summaryRenderers().xlsx) return reply(summaries.exportUnavailable);
    const at = { now, tz: config.TIMEZONE };
    const summary = await computeSummary(db, target.unit, target.period, at);
    const bytes = await summaryXlsx(db, summary, at);
    return {
      replies: [
        {
          text: '',
          document: {
            base64: toBase64(bytes),
            filename: workbookFilename(summary),
            caption: [summaries.exportCaption(target.unit.name, name), target.note]
              .filter(Boolean)
              .join('\n'),
          },
        },
      ],
    };
  },
});
