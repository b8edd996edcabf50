import { and, eq } from 'drizzle-orm';
import { noticeReceipts } from '../db/schema';
import { noticeByCode, unackedFor } from '../src/domain/notices/notices';
import { notices as t } from '../src/messages/vi/notices';
import { defineCommand, reply } from './define';

export default defineCommand({
  name: 'daxem',
  aliases: ['daxem', 'da xem', 'da doc', 'dadoc', 'ack', 'read'],
  access: 'linked',
  summary: 'Xác nhận đã đọc thông báo',
  example: 'daxem TB7K2Q',
  inGroup: 'private',
  async run({ db, person, args, now }) {
    const code = args.trim().split(' ')[0] ?? '';
    const notice = code ? await noticeByCode(db, code) : await unackedFor(db, person!.id);
    if (!notice) return reply(code ? t.unknown(code) : t.ackNothing);
    const mine = and(eq(noticeReceipts.noticeId, notice.id), eq(noticeReceipts.personId, person!.id));
    const receipt = await db.select().from(noticeReceipts).where(mine).get();
    if (!receipt) return reply(t.ackedNotYours(notice.code));
    if (receipt.ackAt) return reply(t.alreadyAcked(notice.code));
    return {
      replies: [{ text: t.acked(notice.code) }],
      writes: [db.update(noticeReceipts).set({ ackAt: now.getTime() }).where(mine)],
    };
  },
});
