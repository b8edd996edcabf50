/**
 * `thongbao`: a coordinator broadcasts a notice to the secretaries of a unit, read back before it is
 * sent; `thongbao xem` shows who has not read it, `thongbao nhaclai` re-sends to them only.
 */
import { isProcessed, markProcessed } from '../db/repo/keys';
import { unitById } from '../db/repo/units';
import { noticeReceipts, notices as noticeTable } from '../db/schema';
import type { Write } from '../db/types';
import { flowCommand } from '../src/bot/flow/command';
import { begin, type FlowSpec, type Reading, type Step } from '../src/bot/flow/engine';
import { canAccess, topUnits } from '../src/bot/scope';
import { findUnitInScope } from '../src/bot/unit-lookup';
import { nameKeys } from '../src/bot/unit-words';
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
import { overLimit } from '../src/text/length';
import { fold } from '../src/text/normalize';
import { tidyUtterance } from '../src/text/utterance';
import { humanCode } from '../src/util/ids';
import { type CommandContext, reply } from './define';

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

interface NoticeDraft {
  unitId?: string;
  text?: string;
}

const tops = (ctx: CommandContext) => topUnits(ctx.person!.roles, [...ROLES]);

/** The notice's text, if it can be sent to that unit today. */
async function checkText(ctx: CommandContext, d: NoticeDraft): Promise<string | null> {
  if (!d.text) return null;
  const long = overLimit(d.text, MAX_NOTICE);
  if (long !== null) return t.tooLong(long, MAX_NOTICE);
  if (!d.unitId) return null;
  const dup = await recentDuplicate(ctx.db, d.unitId, d.text, ctx.now);
  return dup ? t.duplicate(dup.code) : null;
}

async function recipientsOf(ctx: CommandContext, unitId: string) {
  const unit = await unitById(ctx.db, unitId);
  const people = unit ? (await secretariesUnder(ctx.db, unit.path, ctx.now)).map((r) => r.personId) : [];
  return { unit, people };
}

async function settle(ctx: CommandContext, d: NoticeDraft): Promise<Reading<NoticeDraft>> {
  const problem = await checkText(ctx, d);
  return problem ? { ok: false, problem } : { ok: true, draft: d };
}

const steps: Step<NoticeDraft>[] = [
  {
    id: 'unit',
    input: 'choice',
    pending: (d) => !d.unitId,
    ask: () => t.askUnit,
    choices: (ctx) =>
      tops(ctx).map((r) => ({
        value: `u:${r.unitId}`,
        label: `${r.unitName} (${r.unitCode})`,
        words: [fold(r.unitCode), ...nameKeys({ code: r.unitCode, name: r.unitName })],
      })),
    choose: (ctx, d, value) => settle(ctx, { ...d, unitId: value.slice(2) }),
  },
  {
    id: 'text',
    input: 'text',
    pending: (d) => !d.text,
    ask: () => t.askText(MAX_NOTICE),
    read: (ctx, d, text) => settle(ctx, { ...d, text: text.trim() }),
    edit: t.editText,
    current: (d) => d.text,
  },
];

const spec: FlowSpec<NoticeDraft> = {
  kind: 'thongbao',
  steps,
  async guard(ctx, d) {
    if (!d.unitId) return null;
    const unit = await unitById(ctx.db, d.unitId);
    return unit && canAccess(ctx.person!.roles, unit.path, ROLES) ? null : t.outOfScope(unit?.name ?? '');
  },
  async readBack(ctx, d) {
    const { unit, people } = await recipientsOf(ctx, d.unitId!);
    return { text: t.readBack(people.length, unit?.name ?? '', d.text!), hint: t.confirmHint };
  },
  saveLabel: t.send,
  async check(ctx, d) {
    const { unit, people } = await recipientsOf(ctx, d.unitId!);
    if (people.length === 0) return t.noRecipients(unit?.name ?? '');
    return checkText(ctx, d);
  },
  async save(ctx, d) {
    const { db, person, now, newId } = ctx;
    const { unit, people: recipients } = await recipientsOf(ctx, d.unitId!);
    const notice = { id: newId(), code: `TB${humanCode(4)}`, text: d.text! };
    const writes: Write[] = [
      db.insert(noticeTable).values({
        ...notice,
        unitId: d.unitId!,
        fromPersonId: person!.id,
        createdAt: now.getTime(),
      }),
      ...recipients.map((personId) =>
        db.insert(noticeReceipts).values({ noticeId: notice.id, personId, sentAt: now.getTime() }),
      ),
      ...(await noticeMessages(db, notice, person!.name, unit!.name, recipients, now)),
    ];
    return { replies: [{ text: t.sent(notice.code, recipients.length, unit!.name) }], writes, flow: null };
  },
  entered: (d) => !!d.text,
  texts: { kept: t.kept, resumed: t.resumed, replaced: t.replaced },
};

export default flowCommand(spec, {
  name: 'thongbao',
  aliases: ['thongbao', 'thong bao', 'notice', 'tb'],
  access: [...ROLES],
  summary: 'Gửi thông báo tới bí thư các chi bộ; xem ai chưa đọc; nhắc lại',
  example: 'thongbao XQS Họp triển khai nghị quyết 8h ngày 5/12',
  inGroup: 'private',
  keepsTail: true,
  async run(ctx) {
    const words = ctx.args.trim().split(' ').filter(Boolean);
    const head = fold(words[0] ?? '');
    // Only a notice keeps its end as typed: "thongbao xem nhé" is still "thongbao xem".
    const code = tidyUtterance(words.join(' ')).split(' ')[1] ?? '';
    if (head === 'xem' || head === 'status') return show(ctx, code);
    if (head === 'nhaclai' || head === 'nhac' || head === 'resend') return remind(ctx, code);
    // The notice keeps its line breaks; a unit code may come first. A unit outside the person's
    // scope is read like any word that is not a unit code.
    const named = words[0] ? (await findUnitInScope(ctx.db, words[0], ctx.person!.roles, ROLES)).unit : null;
    const text = (named ? ctx.lines.replace(/^\S+\s*/, '') : ctx.lines).trim();
    const only = tops(ctx);
    const d: NoticeDraft = { unitId: named?.id ?? (only.length === 1 ? only[0]!.unitId : undefined) };
    if (text) d.text = text;
    const problem = await checkText(ctx, d);
    if (problem) return reply(problem);
    return begin(spec, ctx, d, { line: !!text });
  },
});
