/**
 * `/phancong`: a coordinator assigns a supervisor to cells of their scope from a date, optionally
 * until a date; `phancong xem KP3` shows the cell's assignment history.
 */

import { eq } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import { type Unit, unitById, unitsByCodes } from '../db/repo/units';
import { people } from '../db/schema';
import type { Write } from '../db/types';
import { flowCommand } from '../src/bot/flow/command';
import { begin, type FlowSpec, type Step } from '../src/bot/flow/engine';
import { canAccess, rolesIn } from '../src/bot/scope';
import { findUnitInScope } from '../src/bot/unit-lookup';
import {
  applyPlan,
  assignmentHistory,
  assignmentsOfUnits,
  assignmentWrites,
  defaultStart,
  inForce,
  isLive,
  planAssignment,
} from '../src/domain/supervision/assignments';
import { type Candidate, candidatesIn, matchCandidates } from '../src/domain/supervision/candidates';
import { parseAssignLine } from '../src/domain/supervision/parse';
import { formatDateInput, localParts } from '../src/domain/time/zone';
import { ROLE_NAMES, supervision as t } from '../src/messages/vi';
import { fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, type ExtraMessage, reply } from './define';

const cellLabel = (u: Pick<Unit, 'code' | 'name'>) => `${u.code} (${u.name})`;

interface Pending {
  name: string;
  unitIds: string[];
  /** null: none typed, chosen by defaultStart when the person is known. */
  from: string | null;
  until: string | null;
}

async function showHistory(ctx: CommandContext, code: string): Promise<CommandResult> {
  if (!code) return reply(t.viewUsage);
  const { unit, hints } = await findUnitInScope(ctx.db, code, ctx.person!.roles, ['coordinator']);
  if (!unit) return reply(t.unitUnknown(code, hints.join(', ')));
  const rows = await assignmentHistory(ctx.db, unit.id);
  if (rows.length === 0) return reply(t.historyNone(cellLabel(unit)));
  const today = localParts(ctx.now, ctx.config.TIMEZONE).isoDate;
  return reply(
    [
      t.historyTitle(cellLabel(unit)),
      ...rows.map((r) =>
        isLive(r)
          ? t.historyRow(
              r.personName,
              formatDateInput(r.validFrom),
              r.validTo ? formatDateInput(r.validTo) : null,
              inForce(r, today),
            )
          : t.historyAnnulled(r.personName, formatDateInput(r.validFrom)),
      ),
    ].join('\n'),
  );
}

/** The first day, typed or chosen by defaultStart, and how to say it. */
async function startOf(ctx: CommandContext, personId: string, p: Pending) {
  const rows = await assignmentsOfUnits(ctx.db, p.unitIds);
  const start = p.from
    ? { from: p.from, why: null }
    : defaultStart(rows, personId, p.unitIds, localParts(ctx.now, ctx.config.TIMEZONE).isoDate);
  const day = formatDateInput(start.from);
  const said =
    start.why === 'replaces'
      ? t.fromTodayReplacing(day)
      : start.why === 'month_start'
        ? t.fromMonthStart(day)
        : day;
  return { rows, from: start.from, said };
}

async function assign(ctx: CommandContext, who: Candidate, p: Pending): Promise<CommandResult> {
  const { db, now, newId, person } = ctx;
  const cells = (await Promise.all(p.unitIds.map((id) => unitById(db, id)))).filter(
    (u): u is Unit => u !== undefined,
  );
  const outside = cells.find((u) => !canAccess(person!.roles, u.path, ['coordinator']));
  if (outside) return { ...reply(t.assignOutOfScope(outside.name)), flow: null };

  const start = await startOf(ctx, who.personId, p);
  let rows = start.rows;
  const writes: Write[] = [];
  const lines: string[] = [];
  const notify: ExtraMessage[] = [];
  const assigned: Unit[] = [];
  const names = new Map<string, string>();
  for (const cell of cells) {
    const plan = planAssignment(
      rows,
      { personId: who.personId, unitId: cell.id, from: start.from, until: p.until },
      newId(),
    );
    rows = applyPlan(rows, plan);
    if (plan.kind === 'unchanged') {
      lines.push(t.alreadyAssigned(who.name, cellLabel(cell)));
      continue;
    }
    assigned.push(cell);
    writes.push(...assignmentWrites(db, plan, person!.id, now));
    for (const c of plan.changes) {
      if (c.span.personId === who.personId || !c.validTo) continue;
      const prev =
        names.get(c.span.personId) ??
        (await db.select({ name: people.name }).from(people).where(eq(people.id, c.span.personId)).get())
          ?.name ??
        '';
      names.set(c.span.personId, prev);
      const day = formatDateInput(c.validTo);
      lines.push(t.endedPrevious(prev, cellLabel(cell), day));
      notify.push({ personId: c.span.personId, message: { text: t.supervisorEnded(cellLabel(cell), day) } });
    }
  }
  const from = start.said;
  const until = p.until ? formatDateInput(p.until) : null;
  if (assigned.length > 0) {
    const list = assigned.map(cellLabel).join(', ');
    lines.unshift(t.assigned(who.name, list, from, until));
    notify.push({ personId: who.personId, message: { text: t.supervisorTold(list, from, until) } });
    writes.push(
      audit(
        db,
        newId(),
        {
          actorPersonId: person!.id,
          via: 'bot',
          action: 'assign_supervisor',
          entity: 'person',
          entityId: who.personId,
          detail: { units: assigned.map((u) => u.code), from: start.from, until: p.until },
        },
        now,
      ),
    );
  }
  return { replies: [{ text: lines.join('\n') }], writes, notify, flow: null };
}

function scopePaths(ctx: CommandContext): string[] {
  return rolesIn(ctx.person!.roles, ['coordinator']).map((r) => r.unitPath);
}

interface AssignDraft extends Pending {
  personId?: string;
}

const candidates = async (ctx: CommandContext, d: AssignDraft) =>
  matchCandidates(await candidatesIn(ctx.db, scopePaths(ctx), ctx.now), d.name).slice(0, 8);

async function chosen(ctx: CommandContext, d: AssignDraft): Promise<Candidate | undefined> {
  return (await candidatesIn(ctx.db, scopePaths(ctx), ctx.now)).find((c) => c.personId === d.personId);
}

const steps: Step<AssignDraft>[] = [
  {
    id: 'person',
    input: 'choice',
    pending: (d) => !d.personId,
    ask: (_, d) => t.pickPerson(d.name),
    choices: async (ctx, d) =>
      (await candidates(ctx, d)).map((c) => ({
        value: `p:${c.personId}`,
        label: t.personChoice(c.name, `${ROLE_NAMES[c.role]}, ${c.unitName}`),
        words: [fold(c.name)],
      })),
    choose: (_, d, value) => ({ ok: true, draft: { ...d, personId: value.slice(2) } }),
  },
];

const spec: FlowSpec<AssignDraft> = {
  kind: 'phancong',
  steps,
  async readBack(ctx, d) {
    const who = await chosen(ctx, d);
    const cells = (await Promise.all(d.unitIds.map((id) => unitById(ctx.db, id)))).filter(
      (u): u is Unit => u !== undefined,
    );
    const until = d.until ? formatDateInput(d.until) : null;
    const start = await startOf(ctx, d.personId!, d);
    return {
      text: t.assignReadBack(who?.name ?? d.name, cells.map(cellLabel).join(', '), start.said, until),
      hint: t.assignHint,
    };
  },
  saveLabel: t.save,
  fix(ctx, d, text) {
    const line = parseAssignLine(`x ${text}`, ctx.now, ctx.config.TIMEZONE, () => false);
    if (!line.from && !line.until) return null;
    for (const [which, r] of [
      ['from', line.from],
      ['until', line.until],
    ] as const) {
      if (r && !r.ok)
        return { ok: false, problem: r.reason === 'no_such_day' ? t.noSuchDay : t.badDate(which) };
    }
    const next = { ...d };
    if (line.from?.ok) next.from = line.from.date;
    if (line.until?.ok) next.until = line.until.date;
    const earliest = next.from ?? localParts(ctx.now, ctx.config.TIMEZONE).isoDate;
    if (next.until && next.until < earliest)
      return {
        ok: false,
        problem: t.untilBeforeFrom(formatDateInput(earliest), formatDateInput(next.until)),
      };
    return { ok: true, draft: next };
  },
  async save(ctx, d) {
    const who = await chosen(ctx, d);
    if (!who) return { ...reply(t.personUnknown(d.name)), flow: null };
    return assign(ctx, who, d);
  },
  entered: () => true,
  texts: { kept: t.assignKept, resumed: t.assignResumed, replaced: t.assignReplaced },
};

export default flowCommand(spec, {
  name: 'phancong',
  aliases: ['phancong', 'phan cong', 'assign'],
  access: ['coordinator'],
  summary: 'Phân công người theo dõi, dự sinh hoạt chi bộ',
  example: 'phancong Nguyễn Văn An KP3 từ 1/1/2027',
  inGroup: 'private',
  async run(ctx) {
    const { args, db, now, config, person } = ctx;
    const tz = config.TIMEZONE;
    const first = fold(args.split(' ')[0] ?? '');
    if (first === 'xem') return showHistory(ctx, args.split(' ').slice(1).join(' ').trim());
    if (!args.trim()) return reply(t.assignUsage);

    const words = args.replace(/[,;]/g, ' ').split(' ').filter(Boolean);
    const known = new Set(
      (
        await unitsByCodes(
          db,
          words.filter((w) => w.length <= 20),
        )
      ).map((u) => u.code),
    );
    const line = parseAssignLine(args, now, tz, (w) => known.has(w.toUpperCase()));
    if (line.codes.length === 0) return reply(t.assignNoCell);
    if (!line.name) return reply(t.assignNoName);
    for (const [which, d] of [
      ['from', line.from],
      ['until', line.until],
    ] as const) {
      if (d && !d.ok) return reply(d.reason === 'no_such_day' ? t.noSuchDay : t.badDate(which));
    }
    const from = line.from?.ok ? line.from.date : null;
    const until = line.until?.ok ? line.until.date : null;
    const earliest = from ?? localParts(now, tz).isoDate;
    if (until && until < earliest)
      return reply(t.untilBeforeFrom(formatDateInput(earliest), formatDateInput(until)));

    const cells: Unit[] = [];
    for (const code of line.codes) {
      const { unit, hints } = await findUnitInScope(db, code, person!.roles, ['coordinator']);
      if (!unit) return reply(t.unitUnknown(code, hints.join(', ')));
      cells.push(unit);
    }

    const draft: AssignDraft = { name: line.name, unitIds: cells.map((u) => u.id), from, until };
    const matches = await candidates(ctx, draft);
    if (matches.length === 0) return reply(t.personUnknown(line.name));
    if (matches.length === 1) draft.personId = matches[0]!.personId;
    return begin(spec, ctx, draft, { line: true });
  },
});
