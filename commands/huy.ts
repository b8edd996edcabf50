import { clearFlow } from '../db/repo/flows';
import { common } from '../src/messages/vi';
import { defineCommand, reply } from './define';

export default defineCommand({
  name: 'huy',
  aliases: ['huy', 'cancel', 'thoat', 'huy bo'],
  access: 'anyone',
  summary: 'Thoát việc đang làm dở, không lưu',
  example: 'huy',
  async run({ flow, db, flowKey }) {
    if (!flow) return reply(common.nothingToCancel);
    return { replies: [{ text: common.cancelled }], writes: [clearFlow(db, flowKey)], flow: null };
  },
});
