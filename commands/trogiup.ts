import { defineCommand, reply } from './define';

export default defineCommand({
  name: 'trogiup',
  aliases: ['trogiup', 'tro giup', 'help', 'huongdan', 'huong dan'],
  access: 'anyone',
  summary: 'Xem các lệnh và ví dụ',
  example: 'trogiup',
  inGroup: 'group',
  async run({ helpText }) {
    return reply(helpText);
  },
});
