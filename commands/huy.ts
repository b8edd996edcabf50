import { clearDrafts, clearFlow, hasDrafts } from '../db/repo/flows';
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
    // Drafts put aside by other commands go too: "huy" leaves nothing half-done behind.
    if (!flow && !(await hasDrafts(db, flowKey))) return reply(common.nothingToCancel);
    return {
      replies: [{ text: common.cancelled }],
      writes: [clearFlow(db, flowKey), clearDrafts(db, flowKey)],
      flow: null,
    };
  },
});
