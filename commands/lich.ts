/**
 * `/lich`: the next meetings of my cells; `lich hang thang ...` sets the monthly rule;
 * `lich 5/12 19h30 tai ..., chuyen de: ...` sets, moves or details one month's meeting. What is
 * missing (the day, the hour) is asked; everything is read back before saving, and the supervisors
 * hear once, when it is saved, what changed (the old and the new time).
 */
import { eq } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import { meetingInSlot, meetingsInSlots, supervisedUnits, upcomingMeetings } from '../db/repo/meetings';
import { unitById } from '../db/repo/units';
import { type MeetingKind, meetings, units } from '../db/schema';
import type { Write } from '../db/types';
import { flowCommand } from '../src/bot/flow/command';
import { begin, type FlowSpec, type Reading, type Step } from '../src/bot/flow/engine';
import { parseMeetingDetails } from '../src/domain/meetings/details';
import { MAX_PLACE } from '../src/domain/meetings/limits';
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
  addLocalDays,
  formatDateInput,
  formatDateTimeVi,
  localParts,
  splitIsoDate,
  zonedInstant,
} from '../src/domain/time/zone';
import { type Cell, cellChoices, cellInArgs, chosenCell, meetingUnits } from '../src/meetings/cells';
import { cellPeople } from '../src/meetings/recipients';
import { allPlanSlots, dropPendingReminders, planUnit } from '../src/meetings/schedule';
import { meetings as t } from '../src/messages/vi/meetings';
import { fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, type ExtraMessage, reply } from './define';

const SETTERS = ['secretary', 'deputy'] as const;

interface LichDraft {
  unitId?: string;
  unitName?: string;
  /** A monthly (or weekly) rule; otherwise one meeting. */
  rule?: MeetingRule;
  date?: string;
  /** `HH:MM`, typed or taken from the month's meeting or the rule. */
  time?: string;
  place?: string;
  topic?: string;
  kind?: MeetingKind;
}

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

const hhmm = (hour: number, minute: number) =>
  `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/** Reads `lich …` text (or an answer, or a correction) into the draft; a problem is said as is. */
function readText(ctx: CommandContext, d: LichDraft, text: string): Reading<LichDraft> | string {
  if (isRuleText(text)) {
    const parsed = parseRule(text);
    if (parsed.ok) return { ok: true, draft: { unitId: d.unitId, unitName: d.unitName, rule: parsed.rule } };
    if (parsed.error === 'no_time') return t.ruleNoTime;
    if (parsed.error === 'no_day' && /\b(hang|moi) tuan\b/.test(fold(text))) return t.ruleNoWeekday;
    if (parsed.error === 'bad_day') return t.ruleBadDay(parsed.detail ?? '');
    if (parsed.error === 'unknown_text') return t.ruleUnknown(parsed.detail ?? '');
    if (parsed.error === 'place_too_long') return t.textTooLong(t.longTexts.place, parsed.length, MAX_PLACE);
    return t.ruleNoDay;
  }
  // A meeting being set is in the future: a date without its year is the coming one.
  const ex = extractDateTime(text, ctx.now, ctx.config.TIMEZONE, { prefer: 'future' });
  if (ex.dateError === 'no_such_day') return t.noSuchDay;
  const details = ex.rest ? parseMeetingDetails(ex.rest) : {};
  if (details.unknown) return t.unknownDetail(details.unknown);
  if (details.tooLong)
    return t.textTooLong(t.longTexts[details.tooLong.part], details.tooLong.length, details.tooLong.max);
  if (!ex.date && !ex.time && !details.place && !details.kind && !details.topic) return null;
  const next: LichDraft = { ...d, rule: undefined };
  if (ex.date) next.date = ex.date;
  if (ex.time) next.time = hhmm(ex.time.hour, ex.time.minute);
  if (details.place) next.place = details.place;
  if (details.kind) next.kind = details.kind;
  if (details.topic) next.topic = details.topic;
  return { ok: true, draft: next };
}

/** The month's meeting as planned now, and the unit's rule: where a missing hour and place come from. */
async function context(ctx: CommandContext, d: LichDraft) {
  const unit = await unitById(ctx.db, d.unitId!);
  const rule = ruleFromJson(unit?.meetingRule);
  const slot = d.date ? slotOfDate(rule, d.date) : null;
  const current = slot ? await meetingInSlot(ctx.db, d.unitId!, slot) : undefined;
  return { rule, slot, current };
}

/** Fills the hour from the month's meeting or the rule, and refuses what cannot be saved. */
async function settle(ctx: CommandContext, d: LichDraft): Promise<Reading<LichDraft>> {
  // A weekly rule only for a standing committee: the charter has cells meet once a month.
  if (d.unitId && d.rule && weeklyRuleProblem(d.rule, (await unitById(ctx.db, d.unitId))?.kind ?? ''))
    return { ok: false, problem: t.ruleWeeklyNotHere(d.unitName ?? '') };
  if (!d.unitId || d.rule || !d.date) return { ok: true, draft: d };
  const tz = ctx.config.TIMEZONE;
  const { rule, slot, current } = await context(ctx, d);
  if (current && current.status !== 'scheduled')
    return {
      ok: false,
      problem: isWeekly(rule)
        ? t.alreadyHeldWeek(formatDateInput(d.date).slice(0, 5))
        : t.alreadyHeld(`${slot!.slice(5)}/${slot!.slice(0, 4)}`),
    };
  const next = { ...d };
  if (!next.time && current) {
    const p = localParts(new Date(current.scheduledAt), tz);
    next.time = hhmm(p.hour, p.minute);
  }
  if (!next.time && rule) next.time = rule.time;
  if (next.time && instant(ctx, next) <= ctx.now) {
    // The example is a day that is still ahead, whatever today is.
    const [, month, day] = splitIsoDate(addLocalDays(localParts(ctx.now, tz).isoDate, 7));
    const example = t.lichExample(day, month, next.time);
    return { ok: false, problem: t.pastDate(formatDateTimeVi(instant(ctx, next), tz), example) };
  }
  return { ok: true, draft: next };
}

function instant(ctx: CommandContext, d: LichDraft): Date {
  const [y, m, day] = splitIsoDate(d.date!);
  const [hour = 0, minute = 0] = d.time!.split(':').map(Number);
  return zonedInstant(ctx.config.TIMEZONE, y, m, day, hour, minute);
}

async function read(ctx: CommandContext, d: LichDraft, text: string): Promise<Reading<LichDraft>> {
  const r = readText(ctx, d, text);
  if (typeof r === 'string') return { ok: false, problem: r, unanswered: true };
  if (!r) return null;
  return r.ok ? settle(ctx, r.draft) : r;
}

const myCells = (ctx: CommandContext) => meetingUnits(ctx.db, ctx.person!.roles, SETTERS);

const steps: Step<LichDraft>[] = [
  {
    id: 'cell',
    input: 'choice',
    pending: (d) => !d.unitId,
    ask: () => t.pickCell,
    choices: async (ctx) => cellChoices(await myCells(ctx)),
    async choose(ctx, d, value) {
      const cell = chosenCell(await myCells(ctx), value);
      return cell ? settle(ctx, { ...d, unitId: cell.id, unitName: cell.name }) : null;
    },
  },
  {
    id: 'date',
    input: 'value',
    pending: (d) => !d.rule && !d.date,
    ask: () => t.askMeetingDate,
    hint: t.needDate,
    read,
  },
  {
    id: 'time',
    input: 'value',
    pending: (d) => !d.rule && !!d.date && !d.time,
    ask: (_, d) => t.askMeetingTime(formatDateInput(d.date!).slice(0, 5)),
    hint: t.needTimeAnswer,
    read,
  },
];

/** The meeting line as it will be saved (place, kind and topic kept from the month's meeting). */
async function planned(ctx: CommandContext, d: LichDraft) {
  const { rule, slot, current } = await context(ctx, d);
  const at = instant(ctx, d);
  const values = {
    place: d.place ?? current?.place ?? rule?.place ?? null,
    topic: d.topic ?? current?.topic ?? null,
    kind: d.kind ?? current?.kind ?? 'regular',
  };
  const line = t.meetingLine(
    formatDateTimeVi(at, ctx.config.TIMEZONE),
    values.place,
    values.kind,
    values.topic,
  );
  const before = current && current.status === 'scheduled' ? meetingLine(current, ctx.config.TIMEZONE) : null;
  return { slot: slot!, current, at, values, line, before: before === line ? null : before };
}

async function saveRule(ctx: CommandContext, d: LichDraft): Promise<CommandResult> {
  const { db, now, config, newId, person } = ctx;
  const rule = d.rule!;
  const json = ruleToJson(rule);
  const existing = await meetingsInSlots(db, [d.unitId!], allPlanSlots(now, config.TIMEZONE));
  const plan = planUnit(db, { id: d.unitId!, meetingRule: json }, existing, now, config, newId, true);
  const writes: Write[] = [
    db.update(units).set({ meetingRule: json }).where(eq(units.id, d.unitId!)),
    ...plan.writes,
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: 'set_meeting_rule',
        entity: 'unit',
        entityId: d.unitId!,
        detail: rule,
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
  const saved = isWeekly(rule) ? t.ruleSavedWeekly : t.ruleSaved;
  return { replies: [{ text: saved(d.unitName!, describeRule(rule), next) }], writes, flow: null };
}

async function saveOne(ctx: CommandContext, d: LichDraft): Promise<CommandResult> {
  const { db, now, config, newId, person } = ctx;
  const tz = config.TIMEZONE;
  const p = await planned(ctx, d);
  const tms = now.getTime();
  const values = {
    scheduledAt: p.at.getTime(),
    ...p.values,
    source: 'manual',
    nextReminderAt: firstCursor(p.at, now, config)?.getTime() ?? null,
    updatedAt: tms,
  };
  const id = p.current?.id ?? newId();
  const writes: Write[] = p.current
    ? [
        db.update(meetings).set(values).where(eq(meetings.id, p.current.id)),
        dropPendingReminders(db, p.current.id),
      ]
    : [
        db
          .insert(meetings)
          .values({ id, unitId: d.unitId!, slot: p.slot, status: 'scheduled', createdAt: tms, ...values }),
      ];
  writes.push(
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: p.current ? 'move_meeting' : 'set_meeting',
        entity: 'meeting',
        entityId: id,
        detail: { slot: p.slot, at: p.at.toISOString(), kind: values.kind },
      },
      now,
    ),
  );
  // The supervisors and the other cell officers hear of the change once, now that it is final.
  const who = (await cellPeople(db, [d.unitId!], now, localParts(now, tz).isoDate)).get(d.unitId!)!;
  const message = p.before
    ? t.scheduleMoved(d.unitName!, p.before, p.line)
    : t.scheduleChanged(d.unitName!, p.line);
  const notify: ExtraMessage[] = [
    ...new Set([...who.secretaries, ...who.deputies, ...who.committee, ...who.supervisors]),
  ]
    .filter((x) => x !== person!.id)
    .map((personId) => ({ personId, message: { text: message } }));
  return { replies: [{ text: t.scheduled(d.unitName!, p.line) }], writes, notify, flow: null };
}

const spec: FlowSpec<LichDraft> = {
  kind: 'lich',
  steps,
  async guard(ctx, d) {
    if (d.unitId && !(await myCells(ctx)).some((c) => c.id === d.unitId)) return t.cellGone;
    return null;
  },
  async readBack(ctx, d) {
    if (d.rule) return { text: t.ruleReadBack(d.unitName!, describeRule(d.rule)), hint: t.ruleHint };
    const p = await planned(ctx, d);
    return { text: t.meetingReadBack(d.unitName!, p.line, p.before), hint: t.lichHint };
  },
  saveLabel: t.save,
  fix: read,
  async check(ctx, d) {
    const r = await settle(ctx, d);
    return r && !r.ok ? r.problem : null;
  },
  save: (ctx, d) => (d.rule ? saveRule(ctx, d) : saveOne(ctx, d)),
  entered: (d) => !!(d.rule || d.date || d.time || d.place || d.topic || d.kind),
  texts: { kept: t.lichKept, resumed: t.lichResumed, replaced: t.lichReplaced },
};

export default flowCommand(spec, {
  name: 'lich',
  aliases: ['lich', 'schedule', 'lich hop', 'lichhop', 'lich hop chi bo', 'lich sinh hoat', 'dat lich'],
  access: ['secretary', 'deputy', 'supervisor'],
  summary: 'Xem lịch họp sắp tới; đặt hoặc dời lịch họp chi bộ',
  example: 'lich 5/12 19h30 tai nha van hoa',
  inGroup: 'private',
  resumesAlone: false,
  async run(ctx) {
    if (!ctx.args.trim()) return overview(ctx);
    const cells = await myCells(ctx);
    if (cells.length === 0) return reply(t.onlySecretarySets);
    const named = cellInArgs(cells, ctx.args);
    const cell = named.cells.length === 1 ? named.cells[0] : undefined;
    let d: LichDraft = cell ? { unitId: cell.id, unitName: cell.name } : {};
    const r = named.args.trim() ? readText(ctx, d, named.args) : null;
    if (typeof r === 'string') return reply(r);
    if (r === null && named.args.trim()) return reply(t.needDate);
    if (r?.ok) {
      const settled = await settle(ctx, r.draft);
      if (settled && !settled.ok) return reply(settled.problem);
      if (settled) d = settled.draft;
    }
    return begin(spec, ctx, d, { line: true });
  },
});
