import { media } from '../db/schema';
import { groupScopeProblem } from '../src/bot/group-scope';
import { MEDIA_RETENTION_MS } from '../src/channels/media';
import { computeSummary, shares } from '../src/domain/summaries/compute';
import { noCellLines, periodName } from '../src/domain/summaries/render';
import { summaryPng, summaryRenderers, toBase64 } from '../src/domain/summaries/renderers';
import { resolveTarget, SUMMARY_ROLES } from '../src/domain/summaries/target';
import { summaries } from '../src/messages/vi/summaries';
import { defineCommand, reply } from './define';

export default defineCommand({
  name: 'bieudo',
  aliases: ['bieudo', 'bieu do', 'chart', 'do thi'],
  access: [...SUMMARY_ROLES],
  summary: 'Biểu đồ họp, báo cáo, được dự theo từng đơn vị',
  example: 'bieudo xa Quan Son thang truoc',
  inGroup: 'group',
  async run({ db, person, args, now, config, msg, groupUnitId }) {
    const target = await resolveTarget(db, person!.roles, args, now, config.TIMEZONE);
    if (!target.ok) return reply(target.message);
    const notHere = await groupScopeProblem({ db, msg, groupUnitId }, target.unit.id);
    if (notHere) return reply(notHere);
    if (!summaryRenderers().png) return reply(summaries.chartUnavailable);
    const summary = await computeSummary(db, target.unit, target.period, { now, tz: config.TIMEZONE });
    const none = noCellLines(summary.period, summary.today, summary.totals.cells, summary.tree);
    if (none) return reply([summaries.chartEmpty, ...none].join('\n'));
    const png = await summaryPng(db, summary);
    const soFar = shares(summary.totals).basis === 'so_far';
    const caption = [summaries.chartCaption(target.unit.name, periodName(target.period), soFar), target.note]
      .filter(Boolean)
      .join('\n');
    const base64 = toBase64(png);
    if (msg.platform !== 'zalo') return { replies: [{ text: '', photo: { base64, caption } }] };
    // Zalo's sendPhoto takes a URL: the picture is served by us at an unguessable address, kept as
    // long as the chat may still show it from there.
    if (!config.PUBLIC_URL) return reply(summaries.chartNoPublicUrl);
    const mediaId = crypto.randomUUID().replace(/-/g, '');
    return {
      replies: [{ text: '', photo: { mediaId, caption } }],
      writes: [
        db.insert(media).values({
          id: mediaId,
          contentType: 'image/png',
          data: base64,
          expiresAt: now.getTime() + MEDIA_RETENTION_MS,
        }),
      ],
    };
  },
});
