import { clearDrafts, clearFlow } from '../db/repo/flows';
import { keptDraftLines } from '../src/bot/kept-drafts';
import { common } from '../src/messages/vi';
import { defineCommand, reply } from './define';

export default defineCommand({
  name: 'huy',
  aliases: ['huy', 'cancel', 'thoat', 'huy bo'],
  access: 'anyone',
  summary: 'Thoát việc đang làm dở, không lưu',
  example: 'huy',
  ownsFlow: true,
  async run({ flow, db, flowKey }) {
    const kept = await keptDraftLines(db, flowKey);
    if (!flow && kept.length === 0) return reply(common.nothingToCancel);
    // Leaving the flow at hand keeps the drafts put aside earlier (a finished meeting record is not
    // lost by quitting a report), and says so; with no flow at hand, "huy" drops the drafts.
    if (flow && kept.length > 0)
      return { replies: [{ text: [common.cancelled, ...kept].join('\n') }], flow: null };
    return {
      replies: [{ text: common.cancelled }],
      writes: [clearFlow(db, flowKey), clearDrafts(db, flowKey)],
      flow: null,
    };
  },
});
