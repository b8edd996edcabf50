/**
 * `/hop`: record a held meeting. One line fills what it can; whatever is missing is asked step by
 * step (buttons on Telegram, numbered choices elsewhere); everything is read back before saving.
 * A second record for the same month is a correction: a new revision, the old one kept.
 */
import { and, desc, eq, lte } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import type { FlowState } from '../db/repo/flows';
import { markProcessed } from '../db/repo/keys';
import {
  activeSupervisors,
  currentRecord,
  latestRecord,
  meetingInSlot,
  peopleByIds,
} from '../db/repo/meetings';
import { unitById } from '../db/repo/units';
import { GRADES, type Grade, MEETING_KINDS, type MeetingKind, meetingRecords, meetings } from '../db/schema';
import type { Write } from '../db/types';
import type { Button, OutgoingMessage } from '../src/channels/types';
import { knownMemberCount } from '../src/domain/meetings/member-count';
import {
  checkRecord,
  fillAbsences,
  parseRecordLine,
  periodOf,
  type RecordDraft,
  type RecordProblem,
} from '../src/domain/meetings/record';
import { isWeekly, ruleFromJson } from '../src/domain/meetings/rule';
import { parseDateVi } from '../src/domain/time/parse-date';
import { formatDateInput, localParts } from '../src/domain/time/zone';
import { type Cell, chosenCell, meetingUnits, pickCell } from '../src/meetings/cells';
import { common } from '../src/messages/vi';
import { GRADE_NAMES, KIND_NAMES, meetings as t } from '../src/messages/vi/meetings';
import { fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, defineCommand, reply } from './define';

const RECORDERS = ['secretary', 'deputy'] as const;

interface HopData {
  unitId: string;
  unitName: string;
  memberCount: number | null;
  draft: RecordDraft;
  /** steps: started with a bare `/hop`, so the optional questions are asked too. */
  mode: 'line' | 'steps';
  asked: string[];
  /** The unit meets weekly (a standing committee): one record per ISO week, not per month. */
  weekly?: boolean;
  [key: string]: unknown;
}

type Step = 'date' | 'attendance' | 'excused' | 'kind' | 'topic' | 'attendee' | 'grade' | 'note' | 'confirm';

function nextStep(d: HopData): Step {
  const r = d.draft;
  if (!r.heldOn) return 'date';
  if (r.present === undefined || r.total === undefined) return 'attendance';
  if (r.absentExcused === undefined || r.absentUnexcused === undefined) return 'excused';
  if (!r.kind) return 'kind';
  if (r.kind !== 'regular' && !r.topic) return 'topic';
  if (d.mode === 'steps' && !d.asked.includes('attendee') && r.attendeeText === undefined) return 'attendee';
  if (!r.grade) return 'grade';
  if (d.mode === 'steps' && !d.asked.includes('note') && r.note === undefined) return 'note';
  return 'confirm';
}

const monthText = (period: string) => `${period.slice(5)}/${period.slice(0, 4)}`;
/** `12/2026` for a month, `49/2026` for an ISO week. */
const periodText = (period: string) =>
  period.includes('W') ? `${period.slice(6)}/${period.slice(0, 4)}` : monthText(period);

export function problemText(p: RecordProblem): string {
  switch (p.code) {
    case 'no_such_day':
      return t.problemNoSuchDay;
    case 'bad_month':
      return t.problemBadMonth(p.text);
    case 'unknown':
      return t.problemUnknown(p.text);
    case 'bad_number':
      return t.problemNumber(t.fields[p.field] ?? p.field, p.text);
    case 'bad_grade':
      return t.problemGrade(p.text);
    case 'absent_no_reason':
      return t.problemAbsentNoReason;
    case 'future':
      return t.problemFuture;
    case 'too_old':
      return t.problemTooOld;
    case 'present_over_total':
      return t.problemPresentOverTotal(p.present, p.total);
    case 'sum_mismatch':
      return t.problemSumMismatch(p.present, p.excused, p.unexcused, p.total);
    case 'bad_total':
      return t.problemBadTotal(p.total);
  }
}

function flowOf(data: HopData, step: Step, buttons?: Button[][]): FlowState {
  return {
    kind: 'hop',
    step,
    data: data as Record<string, unknown>,
    choices: buttons ? buttons.flat().map((b) => b.data) : undefined,
  };
}

async function supervisorsOf(ctx: CommandContext, unitId: string) {
  const today = localParts(ctx.now, ctx.config.TIMEZONE).isoDate;
  const ids = (await activeSupervisors(ctx.db, [unitId], today)).get(unitId) ?? [];
  return peopleByIds(ctx.db, ids);
}

/** The question for the next missing field, or the read-back when nothing is missing. */
async function ask(ctx: CommandContext, data: HopData, lead: string[] = []): Promise<CommandResult> {
  const step = nextStep(data);
  const out = (text: string, buttons?: Button[][]): CommandResult => {
    const msg: OutgoingMessage = { text: [...lead, text].join('\n\n') };
    if (buttons) msg.buttons = buttons;
    return { replies: [msg], flow: flowOf(data, step, buttons) };
  };
  const r = data.draft;
  switch (step) {
    case 'date': {
      // The meeting that was due most recently is the likely answer: offer it as a button.
      const due = await ctx.db
        .select()
        .from(meetings)
        .where(
          and(
            eq(meetings.unitId, data.unitId),
            eq(meetings.status, 'scheduled'),
            lte(meetings.scheduledAt, ctx.now.getTime()),
          ),
        )
        .orderBy(desc(meetings.scheduledAt))
        .limit(1)
        .get();
      const iso = due ? localParts(new Date(due.scheduledAt), ctx.config.TIMEZONE).isoDate : null;
      return out(
        t.askDate(data.unitName),
        iso ? [[{ label: t.scheduledDate(formatDateInput(iso).slice(0, 5)), data: `d:${iso}` }]] : undefined,
      );
    }
    case 'attendance':
      return out(t.askAttendance(data.memberCount));
    case 'excused':
      return out(t.askExcused(r.total! - r.present!));
    case 'kind':
      return out(
        t.askKind,
        MEETING_KINDS.map((k) => [{ label: KIND_NAMES[k], data: `k:${k}` }]),
      );
    case 'topic':
      return out(t.askTopic);
    case 'attendee': {
      const sups = await supervisorsOf(ctx, data.unitId);
      return out(t.askAttendee, [
        ...sups.map((p) => [{ label: p.name, data: `a:${p.id}` }]),
        [{ label: t.noAttendee, data: 'a:none' }],
      ]);
    }
    case 'grade':
      return out(t.askGrade, [GRADES.map((g) => ({ label: GRADE_NAMES[g], data: `g:${g}` }))]);
    case 'note':
      return out(t.askNote, [[{ label: t.skip, data: 'n:skip' }]]);
    case 'confirm': {
      const period = periodOf(r.heldOn!, data.weekly);
      const existing = await currentRecord(ctx.db, data.unitId, period);
      const { warnings } = checkRecord(r, {
        now: ctx.now,
        tz: ctx.config.TIMEZONE,
        memberCount: data.memberCount,
      });
      const lines = [
        t.readBack({
          cell: data.unitName,
          date: formatDateInput(r.heldOn!),
          present: r.present!,
          total: r.total!,
          excused: r.absentExcused!,
          unexcused: r.absentUnexcused!,
          kind: r.kind!,
          topic: r.topic,
          attendee: r.attendeeText,
          grade: r.grade!,
          note: r.note,
        }),
        ...warnings.map((w) => t.totalFar(w.total, w.memberCount)),
        ...(existing
          ? [(data.weekly ? t.correctionOfWeek : t.correctionOf)(periodText(period), existing.revision)]
          : []),
        t.confirmHint,
      ];
      return out(lines.join('\n'), [
        [
          { label: t.save, data: 'c:save' },
          { label: t.cancel, data: 'c:cancel' },
        ],
      ]);
    }
  }
}

/** Applies a change to the draft only if the result passes every check; otherwise says why. */
async function tryDraft(ctx: CommandContext, data: HopData, draft: RecordDraft): Promise<CommandResult> {
  const { errors } = checkRecord(draft, {
    now: ctx.now,
    tz: ctx.config.TIMEZONE,
    memberCount: data.memberCount,
  });
  if (errors.length > 0) {
    const again = await ask(ctx, data);
    return { replies: [{ text: errors.map(problemText).join('\n') }, ...again.replies], flow: again.flow };
  }
  return ask(ctx, { ...data, draft });
}

async function matchAttendee(ctx: CommandContext, unitId: string, draft: RecordDraft): Promise<void> {
  if (!draft.attendeeText || draft.attendeePersonId) return;
  const typed = fold(draft.attendeeText).replace(/^(dong chi|d\/c|dc)\s+/, '');
  const hit = (await supervisorsOf(ctx, unitId)).find((p) => {
    const name = fold(p.name);
    return typed.length >= 3 && (name.includes(typed) || typed.includes(name.replace(/\s*\(.*\)$/, '')));
  });
  if (hit) {
    draft.attendeePersonId = hit.id;
    draft.attendeeText = hit.name;
  }
}

async function start(ctx: CommandContext, cell: Cell, args: string): Promise<CommandResult> {
  const unit = await unitById(ctx.db, cell.id);
  const base: HopData = {
    unitId: cell.id,
    unitName: cell.name,
    memberCount: unit ? await knownMemberCount(ctx.db, unit) : null,
    draft: {},
    mode: args.trim() ? 'line' : 'steps',
    asked: [],
    weekly: isWeekly(ruleFromJson(unit?.meetingRule)),
  };
  const folded = fold(args);
  if (/^sua\b/.test(folded)) return startFix(ctx, base, args.replace(/^\S+\s*/, ''));
  if (!args.trim()) return ask(ctx, base);
  const { draft, problems } = parseRecordLine(args, ctx.now, ctx.config.TIMEZONE);
  const { errors } = checkRecord(draft, {
    now: ctx.now,
    tz: ctx.config.TIMEZONE,
    memberCount: base.memberCount,
  });
  const all = [...problems, ...errors];
  if (all.length > 0) return reply(...all.map(problemText));
  await matchAttendee(ctx, cell.id, draft);
  return ask(ctx, { ...base, draft });
}

/** `hop sua [11/2026]`: the current record of that month (or the latest) read back for changes. */
async function startFix(ctx: CommandContext, base: HopData, rest: string): Promise<CommandResult> {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(rest);
  if (rest.trim() && !m) return reply(t.badFixMonth);
  const period = m ? `${m[2]}-${m[1]!.padStart(2, '0')}` : null;
  const rec = period
    ? await currentRecord(ctx.db, base.unitId, period)
    : await latestRecord(ctx.db, base.unitId);
  if (!rec)
    return reply(
      t.noRecordToFix(
        period ? monthText(period) : localParts(ctx.now, ctx.config.TIMEZONE).isoDate.slice(5, 7),
      ),
    );
  const draft: RecordDraft = {
    heldOn: rec.heldOn,
    present: rec.present,
    total: rec.total,
    absentExcused: rec.absentExcused,
    absentUnexcused: rec.absentUnexcused,
    kind: rec.kind,
    topic: rec.topic ?? undefined,
    attendeeText: rec.attendeeText ?? undefined,
    attendeePersonId: rec.attendeePersonId ?? undefined,
    grade: rec.grade ?? undefined,
    note: rec.note ?? undefined,
  };
  return ask(ctx, { ...base, mode: 'line', draft });
}

async function save(ctx: CommandContext, data: HopData): Promise<CommandResult> {
  const { db, now, newId, person } = ctx;
  const r = data.draft;
  const period = periodOf(r.heldOn!, data.weekly);
  const existing = await currentRecord(db, data.unitId, period);
  const revision = (existing?.revision ?? 0) + 1;
  const meeting = await meetingInSlot(db, data.unitId, period);
  const id = newId();
  const writes: Write[] = [
    // Two confirmations at the same moment must not both become revision N.
    markProcessed(db, `meeting-record:${data.unitId}:${period}:${revision}`, now),
    db
      .update(meetingRecords)
      .set({ isCurrent: false })
      .where(
        and(
          eq(meetingRecords.unitId, data.unitId),
          eq(meetingRecords.period, period),
          eq(meetingRecords.isCurrent, true),
        ),
      ),
    db.insert(meetingRecords).values({
      id,
      meetingId: meeting?.id ?? null,
      unitId: data.unitId,
      period,
      heldOn: r.heldOn!,
      present: r.present!,
      total: r.total!,
      absentExcused: r.absentExcused!,
      absentUnexcused: r.absentUnexcused!,
      kind: r.kind!,
      topic: r.topic ?? null,
      attendeeText: r.attendeeText ?? null,
      attendeePersonId: r.attendeePersonId ?? null,
      grade: r.grade ?? null,
      note: r.note ?? null,
      revision,
      isCurrent: true,
      recordedBy: person!.id,
      recordedAt: now.getTime(),
    }),
    audit(
      db,
      newId(),
      {
        actorPersonId: person!.id,
        via: 'bot',
        action: revision > 1 ? 'correct_meeting_record' : 'record_meeting',
        entity: 'meeting_record',
        entityId: id,
        detail: { unitId: data.unitId, period, revision },
      },
      now,
    ),
  ];
  // A recorded meeting needs no more reminders, nor the "did it take place?" question.
  if (meeting)
    writes.push(
      db
        .update(meetings)
        .set({ status: 'held', nextReminderAt: null, updatedAt: now.getTime() })
        .where(eq(meetings.id, meeting.id)),
    );
  const saved = data.weekly ? t.savedWeek : t.saved;
  return { replies: [{ text: saved(data.unitName, periodText(period), revision) }], writes, flow: null };
}

const YES = new Set(['luu', 'dong y', 'ok', 'co', 'dung', 'xac nhan', 'yes', 'luu lai']);

async function answer(
  ctx: CommandContext,
  data: HopData,
  step: Step,
  input: { kind: string; text?: string; value?: string },
): Promise<CommandResult> {
  const text = input.kind === 'text' ? (input.text ?? '') : '';
  const value = input.kind === 'choice' ? (input.value ?? '') : '';
  const f = fold(text).replace(/[.!]+$/, '');
  const d = data.draft;
  const retry = async (msg: string) => {
    const again = await ask(ctx, data);
    return { replies: [{ text: msg }, ...again.replies], flow: again.flow };
  };
  switch (step) {
    case 'date': {
      const iso = value.startsWith('d:')
        ? value.slice(2)
        : (() => {
            const res = parseDateVi(text, ctx.now, ctx.config.TIMEZONE, { prefer: 'past' });
            return res.ok ? res.date : null;
          })();
      if (!iso) return retry(t.needDateAnswer);
      return tryDraft(ctx, data, { ...d, heldOn: iso });
    }
    case 'attendance': {
      const m = /^(\d{1,4})\s*(?:\/|tren)\s*(\d{1,4})$/.exec(f) ?? /^(\d{1,4})$/.exec(f);
      if (!m) return retry(t.needAttendance);
      const present = Number(m[1]);
      const total = m[2] !== undefined ? Number(m[2]) : data.memberCount;
      if (total === null) return retry(t.needAttendance);
      const next: RecordDraft = {
        ...d,
        present,
        total,
        absentExcused: undefined,
        absentUnexcused: undefined,
      };
      fillAbsences(next);
      return tryDraft(ctx, data, next);
    }
    case 'excused': {
      const m = /^(\d{1,4})$/.exec(f);
      if (!m) return retry(t.needNumber);
      const absent = d.total! - d.present!;
      const n = Number(m[1]);
      if (n > absent) return retry(t.excusedTooMany(absent));
      return tryDraft(ctx, data, { ...d, absentExcused: n, absentUnexcused: absent - n });
    }
    case 'kind': {
      const k = value.startsWith('k:') ? value.slice(2) : null;
      const typed =
        /chuyen de/.test(f) && /thuong ky|ket hop|ca hai/.test(f)
          ? 'both'
          : /chuyen de/.test(f)
            ? 'thematic'
            : /thuong ky|dinh ky/.test(f)
              ? 'regular'
              : /ket hop|ca hai/.test(f)
                ? 'both'
                : null;
      const kind = (k ?? typed) as MeetingKind | null;
      if (!kind || !MEETING_KINDS.includes(kind)) return retry(t.pickButton);
      return tryDraft(ctx, data, { ...d, kind });
    }
    case 'topic': {
      const topic = text.trim();
      if (!topic || input.kind !== 'text') return retry(t.needText);
      return tryDraft(ctx, data, { ...d, topic: topic.slice(0, 200) });
    }
    case 'attendee': {
      const asked = [...data.asked, 'attendee'];
      if (value === 'a:none' || f === 'khong' || f === 'khong co') return ask(ctx, { ...data, asked });
      if (value.startsWith('a:')) {
        const p = (await supervisorsOf(ctx, data.unitId)).find((s) => s.id === value.slice(2));
        if (!p) return retry(t.pickButton);
        return ask(ctx, { ...data, asked, draft: { ...d, attendeePersonId: p.id, attendeeText: p.name } });
      }
      if (!text.trim()) return retry(t.pickButton);
      const next: RecordDraft = { ...d, attendeeText: text.trim().slice(0, 100) };
      await matchAttendee(ctx, data.unitId, next);
      return ask(ctx, { ...data, asked, draft: next });
    }
    case 'grade': {
      const g = value.startsWith('g:')
        ? value.slice(2)
        : (
            { tot: 'tot', kha: 'kha', 'trung binh': 'trung_binh', tb: 'trung_binh', kem: 'kem' } as Record<
              string,
              string
            >
          )[f];
      if (!g || !GRADES.includes(g as Grade)) return retry(t.pickButton);
      return ask(ctx, { ...data, draft: { ...d, grade: g as Grade } });
    }
    case 'note': {
      const asked = [...data.asked, 'note'];
      if (value === 'n:skip' || f === 'bo qua' || f === 'khong') return ask(ctx, { ...data, asked });
      if (!text.trim()) return retry(t.pickButton);
      return ask(ctx, { ...data, asked, draft: { ...d, note: text.trim().slice(0, 500) } });
    }
    case 'confirm': {
      if (value === 'c:save' || YES.has(f)) return save(ctx, data);
      if (value === 'c:cancel') return { replies: [{ text: common.cancelled }], flow: null };
      if (!text.trim()) return retry(t.pickButton);
      // A typed fragment corrects the draft: "co mat 24/27", "xep loai kha".
      const { draft: fix, problems } = parseRecordLine(text, ctx.now, ctx.config.TIMEZONE);
      if (problems.length > 0) return retry(problems.map(problemText).join('\n'));
      if (Object.keys(fix).length === 0) return retry(t.notUnderstood);
      const merged: RecordDraft = { ...d, ...fix };
      if (
        (fix.present !== undefined || fix.total !== undefined) &&
        fix.absentExcused === undefined &&
        fix.absentUnexcused === undefined
      ) {
        merged.absentExcused = undefined;
        merged.absentUnexcused = undefined;
        fillAbsences(merged);
      }
      await matchAttendee(ctx, data.unitId, merged);
      return tryDraft(ctx, data, merged);
    }
  }
}

export default defineCommand({
  name: 'hop',
  aliases: ['hop', 'meeting', 'bien ban', 'bienban', 'ghi hop'],
  access: ['secretary', 'deputy'],
  summary: 'Ghi biên bản buổi họp chi bộ đã diễn ra (một dòng hoặc từng bước)',
  example: 'hop 5/12 co mat 23/27 vang co ly do 3 vang khong ly do 1 chuyen de chuyen doi so xep loai tot',
  inGroup: 'private',
  async run(ctx) {
    const cells = await meetingUnits(ctx.db, ctx.person!.roles, RECORDERS);
    if (cells.length === 0) return reply(t.hopNoCells);
    const picked = pickCell(cells, ctx.args, 'hop');
    if ('ask' in picked) return picked.ask;
    return start(ctx, picked.cell, picked.args);
  },
  async resume(ctx, input) {
    const flow = ctx.flow!;
    if (input.kind === 'location') return reply(t.pickButton);
    if (flow.step === 'cell') {
      if (input.kind !== 'choice') return reply(t.pickButton);
      const cell = chosenCell(await meetingUnits(ctx.db, ctx.person!.roles, RECORDERS), input.value);
      if (!cell) return { replies: [{ text: t.cellGone }], flow: null };
      return start(ctx, cell, String(flow.data.args ?? ''));
    }
    const data = flow.data as HopData;
    // The person may have lost the role since the flow began.
    if (!(await meetingUnits(ctx.db, ctx.person!.roles, RECORDERS)).some((c) => c.id === data.unitId))
      return { replies: [{ text: t.cellGone }], flow: null };
    return answer(
      ctx,
      data,
      flow.step as Step,
      input.kind === 'text' ? { kind: 'text', text: input.text } : { kind: 'choice', value: input.value },
    );
  },
});
