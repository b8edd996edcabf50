import { clearDrafts, clearFlow, draftKinds } from '../db/repo/flows';
import { common, meetings, notices, reports, supervision } from '../src/messages/vi';
import { defineCommand, reply } from './define';

/** How each put-aside draft is taken up again: the line said when it was put aside. */
const KEPT: Record<string, string> = {
  hop: meetings.hopKept,
  lich: meetings.lichKept,
  baocao: reports.kept,
  giamsat: supervision.visitKept,
  phancong: supervision.assignKept,
  thongbao: notices.kept,
};

export default defineCommand({
  name: 'huy',
  aliases: ['huy', 'cancel', 'thoat', 'huy bo'],
  access: 'anyone',
  summary: 'Thoát việc đang làm dở, không lưu',
  example: 'huy',
  ownsFlow: true,
  async run({ flow, db, flowKey }) {
    const drafts = await draftKinds(db, flowKey);
    if (!flow && drafts.length === 0) return reply(common.nothingToCancel);
    // Leaving the flow at hand keeps the drafts put aside earlier (a finished meeting record is not
    // lost by quitting a report), and says so; with no flow at hand, "huy" drops the drafts.
    if (flow && drafts.length > 0) {
      const kept = drafts.map((k) => KEPT[k]).filter((l) => l !== undefined);
      return { replies: [{ text: [common.cancelled, ...kept].join('\n') }], flow: null };
    }
    return {
      replies: [{ text: common.cancelled }],
      writes: [clearFlow(db, flowKey), clearDrafts(db, flowKey)],
      flow: null,
    };
  },
});
