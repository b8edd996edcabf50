import { isProcessed, markProcessed } from '../db/repo/keys';
import { unitByCode, unitById } from '../db/repo/units';
import { noticeReceipts, notices as noticeTable } from '../db/schema';
import type { Write } from '../db/types';
import { canAccess, topUnits } from '../src/bot/scope';
import { findUnitInScope } from '../src/bot/unit-lookup';
import {
  dayKey,
  latestNoticeFrom,
  MAX_NOTICE,
  type Notice,
  noticeByCode,
  noticeMessages,
  noticeStatus,
  recentDuplicate,
  secretariesUnder,
} from '../src/domain/notices/notices';
import { notices as t } from '../src/messages/vi/notices';
import { fold } from '../src/text/normalize';
import { humanCode } from '../src/util/ids';
import { type CommandContext, defineCommand, reply } from './define';

const ROLES = ['coordinator'] as const;

async function findNotice(ctx: CommandContext, code: string): Promise<Notice | string> {
  const notice = code ? await noticeByCode(ctx.db, code) : await latestNoticeFrom(ctx.db, ctx.person!.id);
  if (!notice) return code ? t.unknown(code) : t.noneSent;
  const unit = await unitById(ctx.db, notice.unitId);
  if (!unit || !canAccess(ctx.person!.roles, unit.path, ROLES)) return t.unknown(code || notice.code);
  return notice;
}

async function show(ctx: CommandContext, code: string) {
  const notice = await findNotice(ctx, code);
  if (typeof notice === 'string') return reply(notice);
  const s = await noticeStatus(ctx.db, notice.id, ctx.now);
  const lines = [t.status(notice.code, s.read, s.total)];
  if (s.unread.length === 0) lines.push(t.allRead);
  else lines.push(t.unreadTitle, ...s.unread.map((u) => t.unreadLine(u.name, u.units)));
  return reply(lines.join('\n'));
}

async function remind(ctx: CommandContext, code: string) {
  const notice = await findNotice(ctx, code);
  if (typeof notice === 'string') return reply(notice);
  const day = dayKey(ctx.now, ctx.config.TIMEZONE);
  const guard = `notice-remind:${notice.id}:${day}`;
  if (await isProcessed(ctx.db, guard)) return reply(t.resentToday(notice.code));
  const s = await noticeStatus(ctx.db, notice.id, ctx.now);
  if (s.unread.length === 0) return reply(t.resent(notice.code, 0));
  const unit = await unitById(ctx.db, notice.unitId);
  const writes: Write[] = [markProcessed(ctx.db, guard, ctx.now)];
  writes.push(
    ...(await noticeMessages(
      ctx.db,
      notice,
      ctx.person!.name,
      unit?.name ?? '',
      s.unread.map((u) => u.personId),
      ctx.now,
      day,
    )),
  );
  return { replies: [{ text: t.resent(notice.code, s.unread.length) }], writes };
}

export default defineCommand({
  name: 'thongbao',
  aliases: ['thongbao', 'thong bao', 'notice', 'tb'],
  access: [...ROLES],
  summary: 'Gửi thông báo tới bí thư các chi bộ; xem ai chưa đọc; nhắc lại',
  example: 'thongbao XQS Họp triển khai nghị quyết 8h ngày 5/12',
  inGroup: 'private',
  async run(ctx) {
    const { db, person, now, newId } = ctx;
    const words = ctx.args.trim().split(' ').filter(Boolean);
    const head = fold(words[0] ?? '');
    if (words.length === 0) return reply(t.usage);
    if (head === 'xem' || head === 'status') return show(ctx, words[1] ?? '');
    if (head === 'nhaclai' || head === 'nhac' || head === 'resend') return remind(ctx, words[1] ?? '');

    // A unit outside the person's scope is read like any word that is not a unit code.
    let unit = (await findUnitInScope(db, words[0]!, person!.roles, ROLES)).unit ?? undefined;
    let text = words.slice(1).join(' ');
    if (!unit) {
      const tops = topUnits(person!.roles, [...ROLES]);
      if (tops.length !== 1) return reply(t.pickUnit(tops.map((r) => r.unitCode).join(', ')));
      unit = await unitByCode(db, tops[0]!.unitCode);
      text = words.join(' ');
    }
    if (!unit) return reply(t.usage);
    if (!text) return reply(t.usage);
    if (text.length > MAX_NOTICE) return reply(t.tooLong(MAX_NOTICE));
    const dup = await recentDuplicate(db, unit.id, text, now);
    if (dup) return reply(t.duplicate(dup.code));
    const recipients = (await secretariesUnder(db, unit.path, now)).map((r) => r.personId);
    if (recipients.length === 0) return reply(t.noRecipients(unit.name));

    const notice = { id: newId(), code: `TB${humanCode(4)}`, text };
    const writes: Write[] = [
      db.insert(noticeTable).values({
        ...notice,
        unitId: unit.id,
        fromPersonId: person!.id,
        createdAt: now.getTime(),
      }),
      ...recipients.map((personId) =>
        db.insert(noticeReceipts).values({ noticeId: notice.id, personId, sentAt: now.getTime() }),
      ),
      ...(await noticeMessages(db, notice, person!.name, unit.name, recipients, now)),
    ];
    return { replies: [{ text: t.sent(notice.code, recipients.length, unit.name) }], writes };
  },
});
