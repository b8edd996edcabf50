/**
 * `/lich`: the next meetings of my cells; `lich hang thang ...` sets the monthly rule;
 * `lich 5/12 19h30 tai ..., chuyen de: ...` sets, moves or details one month's meeting.
 */
import { eq } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import { meetingInSlot, meetingsInSlots, supervisedUnits, upcomingMeetings } from '../db/repo/meetings';
import { unitById } from '../db/repo/units';
import { meetings, units } from '../db/schema';
import type { Write } from '../db/types';
import { parseMeetingDetails } from '../src/domain/meetings/details';
import { firstCursor } from '../src/domain/meetings/reminders';
import {
  isWeekly,
  type MeetingRule,
  parseRule,
  ruleFromJson,
  ruleToJson,
  slotOfDate,
  weeklyRuleProblem,
} from '../src/domain/meetings/rule';
import { extractDateTime } from '../src/domain/time/extract';
import {
  formatDateInput,
  formatDateTimeVi,
  localParts,
  splitIsoDate,
  zonedInstant,
} from '../src/domain/time/zone';
import { type Cell, chosenCell, meetingUnits, pickCell } from '../src/meetings/cells';
import { cellPeople } from '../src/meetings/recipients';
import { allPlanSlots, dropPendingReminders, planUnit } from '../src/meetings/schedule';
import { meetings as t } from '../src/messages/vi/meetings';
import { fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, defineCommand, type ExtraMessage, reply } from './define';

const SETTERS = ['secretary', 'deputy'] as const;

export function describeRule(rule: MeetingRule): string {
  const when =
    rule.type === 'day'
      ? t.ruleDay(rule.day)
      : rule.type === 'weekly'
        ? t.ruleWeekly(rule.weekday)
        : t.ruleWeekday(rule.nth, rule.weekday);
  return t.ruleText(when, rule.time, rule.place);
}

function meetingLine(m: typeof meetings.$inferSelect, tz: string): string {
  return t.meetingLine(formatDateTimeVi(new Date(m.scheduledAt), tz), m.place, m.kind, m.topic);
}

async function overview(ctx: CommandContext): Promise<CommandResult> {
  const { db, person, now, config } = ctx;
  const tz = config.TIMEZONE;
  const today = localParts(now, tz).isoDate;
  const mine = await meetingUnits(db, person!.roles, SETTERS);
  const supervised = await supervisedUnits(db, person!.id, today);
  const cells: Cell[] = [...mine, ...supervised.filter((s) => !mine.some((m) => m.id === s.id))];
  if (cells.length === 0) return reply(t.noCells);
  const lines: string[] = [t.overviewTitle];
  // A meeting that began a little while ago is still "the next one" for someone on the way.
  const from = new Date(now.getTime() - 3 * 3_600_000);
  for (const c of cells) {
    const unit = await unitById(db, c.id);
    lines.push(t.overviewCell(c.name));
    const rule = ruleFromJson(unit?.meetingRule);
    lines.push(
      rule ? (isWeekly(rule) ? t.overviewWeekly : t.overviewRule)(describeRule(rule)) : t.overviewNoRule,
    );
    const next = await upcomingMeetings(db, c.id, from);
    if (next.length === 0) lines.push(t.overviewNone);
    for (const m of next) lines.push(t.overviewMeeting(meetingLine(m, tz)));
  }
  if (mine.length > 0) lines.push(t.overviewHint);
  return reply(lines.join('\n'));
}

const isRuleText = (args: string) =>
  /^(hang|moi) (thang|tuan)\b|\b(hang|moi) tuan\b|\b(dau tien|cuoi cung)\b/.test(fold(args));

async function setRule(ctx: CommandContext, cell: Cell, args: string): Promise<CommandResult> {
  const { db, now, config, newId, person } = ctx;
  const parsed = parseRule(args);
  if (!parsed.ok) {
    if (parsed.error === 'no_time') return reply(t.ruleNoTime);
    if (parsed.error === 'no_day' && /\b(hang|moi) tuan\b/.test(fold(args))) return reply(t.ruleNoWeekday);
    if (parsed.error === 'bad_day') return reply(t.ruleBadDay(parsed.detail ?? ''));
    if (parsed.error === 'unknown_text') return reply(t.ruleUnknown(parsed.detail ?? ''));
    return reply(t.ruleNoDay);
  }
  if (weeklyRuleProblem(parsed.rule, (await unitById(db, cell.id))?.kind ?? ''))
    return reply(t.ruleWeeklyNotHere(cell.name));
  const json = ruleToJson(parsed.rule);
  const unit = { id: cell.id, meetingRule: json };
  const existing = await meetingsInSlots(db, [cell.id], allPlanSlots(now, config.TIMEZONE));
  const plan = planUnit(db, unit, existing, now, config, newId, true);
  const writes: Write[] = [
    db.update(units).set({ meetingRule: json }).where(eq(units.id, cell.id)),
    ...plan.writes,
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: 'set_meeting_rule',
        entity: 'unit',
        entityId: cell.id,
        detail: parsed.rule,
      },
      now,
    ),
  ];
  const after = [
    ...existing
      .filter((m) => m.status === 'scheduled' && !plan.changed.some((c) => c.slot === m.slot))
      .map((m) => m.scheduledAt),
    ...plan.changed.map((c) => c.scheduledAt.getTime()),
  ]
    .filter((x) => x > now.getTime())
    .sort((a, b) => a - b);
  const next = after[0] === undefined ? null : formatDateTimeVi(new Date(after[0]), config.TIMEZONE);
  const saved = isWeekly(parsed.rule) ? t.ruleSavedWeekly : t.ruleSaved;
  return { replies: [{ text: saved(cell.name, describeRule(parsed.rule), next) }], writes, flow: null };
}

async function setOne(ctx: CommandContext, cell: Cell, args: string): Promise<CommandResult> {
  const { db, now, config, newId, person } = ctx;
  const tz = config.TIMEZONE;
  const ex = extractDateTime(args, now, tz, { prefer: 'future' });
  if (ex.dateError === 'no_such_day') return reply(t.noSuchDay);
  if (!ex.date) return reply(t.needDate);
  const details = parseMeetingDetails(ex.rest);
  if (details.unknown) return reply(t.unknownDetail(details.unknown));
  const unit = await unitById(db, cell.id);
  const rule = ruleFromJson(unit?.meetingRule);
  // A weekly unit (a standing committee) has one meeting per ISO week, the others one per month.
  const slot = slotOfDate(rule, ex.date);
  const current = await meetingInSlot(db, cell.id, slot);
  if (current && current.status !== 'scheduled')
    return reply(
      isWeekly(rule)
        ? t.alreadyHeldWeek(formatDateInput(ex.date).slice(0, 5))
        : t.alreadyHeld(`${slot.slice(5)}/${slot.slice(0, 4)}`),
    );
  let time = ex.time ? { hour: ex.time.hour, minute: ex.time.minute } : undefined;
  if (!time && current) {
    const p = localParts(new Date(current.scheduledAt), tz);
    time = { hour: p.hour, minute: p.minute };
  }
  if (!time && rule) {
    const [hour = 0, minute = 0] = rule.time.split(':').map(Number);
    time = { hour, minute };
  }
  const dateText = formatDateInput(ex.date).slice(0, 5);
  if (!time) return reply(t.needTime(dateText));
  const [y, m, d] = splitIsoDate(ex.date);
  const at = zonedInstant(tz, y, m, d, time.hour, time.minute);
  if (at <= now) return reply(t.pastDate(formatDateTimeVi(at, tz)));

  const tms = now.getTime();
  const values = {
    scheduledAt: at.getTime(),
    place: details.place ?? current?.place ?? rule?.place ?? null,
    topic: details.topic ?? current?.topic ?? null,
    kind: details.kind ?? current?.kind ?? 'regular',
    source: 'manual',
    nextReminderAt: firstCursor(at, now, config)?.getTime() ?? null,
    updatedAt: tms,
  };
  const id = current?.id ?? newId();
  const writes: Write[] = current
    ? [
        db.update(meetings).set(values).where(eq(meetings.id, current.id)),
        dropPendingReminders(db, current.id),
      ]
    : [
        db
          .insert(meetings)
          .values({ id, unitId: cell.id, slot, status: 'scheduled', createdAt: tms, ...values }),
      ];
  writes.push(
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: current ? 'move_meeting' : 'set_meeting',
        entity: 'meeting',
        entityId: id,
        detail: { slot, at: at.toISOString(), kind: values.kind },
      },
      now,
    ),
  );
  const line = t.meetingLine(formatDateTimeVi(at, tz), values.place, values.kind, values.topic);
  // The supervisors and the other cell officers learn of the change now, not only at reminder time.
  const who = (await cellPeople(db, [cell.id], now, localParts(now, tz).isoDate)).get(cell.id)!;
  const notify: ExtraMessage[] = [
    ...new Set([...who.secretaries, ...who.deputies, ...who.committee, ...who.supervisors]),
  ]
    .filter((p) => p !== person!.id)
    .map((personId) => ({ personId, message: { text: t.scheduleChanged(cell.name, line) } }));
  return { replies: [{ text: t.scheduled(cell.name, line) }], writes, notify, flow: null };
}

async function act(ctx: CommandContext, cell: Cell, args: string): Promise<CommandResult> {
  return isRuleText(args) ? setRule(ctx, cell, args) : setOne(ctx, cell, args);
}

export default defineCommand({
  name: 'lich',
  aliases: ['lich', 'schedule', 'lich hop', 'lichhop'],
  access: ['secretary', 'deputy', 'supervisor'],
  summary: 'Xem lịch họp sắp tới; đặt hoặc dời lịch họp chi bộ',
  example: 'lich 5/12 19h30 tai nha van hoa',
  inGroup: 'private',
  async run(ctx) {
    if (!ctx.args.trim()) return overview(ctx);
    const cells = await meetingUnits(ctx.db, ctx.person!.roles, SETTERS);
    if (cells.length === 0) return reply(t.onlySecretarySets);
    const picked = pickCell(cells, ctx.args, 'lich');
    if ('ask' in picked) return picked.ask;
    return act(ctx, picked.cell, picked.args);
  },
  async resume(ctx, input) {
    const flow = ctx.flow!;
    if (flow.step !== 'cell') return { replies: [{ text: t.pickButton }], flow: null };
    if (input.kind !== 'choice') return reply(t.pickButton);
    const cell = chosenCell(await meetingUnits(ctx.db, ctx.person!.roles, SETTERS), input.value);
    if (!cell) return { replies: [{ text: t.cellGone }], flow: null };
    return act(ctx, cell, String(flow.data.args ?? ''));
  },
});
