/**
 * `/phancong`: a coordinator assigns a supervisor to cells of their scope from a date, optionally
 * until a date; `phancong xem KP3` shows the cell's assignment history.
 */

import { eq } from 'drizzle-orm';
import { audit } from '../db/repo/audit';
import { type Unit, unitById, unitsByCodes } from '../db/repo/units';
import { people } from '../db/schema';
import type { Write } from '../db/types';
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
import { type CommandContext, type CommandResult, defineCommand, type ExtraMessage, reply } from './define';

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

async function assign(ctx: CommandContext, who: Candidate, p: Pending): Promise<CommandResult> {
  const { db, now, newId, person } = ctx;
  const cells = (await Promise.all(p.unitIds.map((id) => unitById(db, id)))).filter(
    (u): u is Unit => u !== undefined,
  );
  const outside = cells.find((u) => !canAccess(person!.roles, u.path, ['coordinator']));
  if (outside) return { ...reply(t.assignOutOfScope(outside.name)), flow: null };

  let rows = await assignmentsOfUnits(db, p.unitIds);
  const start = p.from
    ? { from: p.from, why: null }
    : defaultStart(rows, who.personId, p.unitIds, localParts(now, ctx.config.TIMEZONE).isoDate);
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
  const day = formatDateInput(start.from);
  const from =
    start.why === 'replaces'
      ? t.fromTodayReplacing(day)
      : start.why === 'month_start'
        ? t.fromMonthStart(day)
        : day;
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

export default defineCommand({
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

    const matches = matchCandidates(await candidatesIn(db, scopePaths(ctx), now), line.name);
    if (matches.length === 0) return reply(t.personUnknown(line.name));
    const pending: Pending = { name: line.name, unitIds: cells.map((u) => u.id), from, until };
    if (matches.length === 1) return assign(ctx, matches[0]!, pending);
    const choices = matches.slice(0, 8);
    return {
      replies: [
        {
          text: t.pickPerson(line.name),
          buttons: choices.map((c) => [
            { label: t.personChoice(c.name, `${ROLE_NAMES[c.role]}, ${c.unitName}`), data: c.personId },
          ]),
        },
      ],
      flow: {
        kind: 'phancong',
        step: 'person',
        data: { ...pending },
        choices: choices.map((c) => c.personId),
      },
    };
  },
  async resume(ctx, input) {
    const flow = ctx.flow!;
    if (flow.step !== 'person' || input.kind !== 'choice' || !flow.choices?.includes(input.value))
      return reply(t.notAnswered);
    const pending = flow.data as unknown as Pending;
    const who = (await candidatesIn(ctx.db, scopePaths(ctx), ctx.now)).find(
      (c) => c.personId === input.value,
    );
    if (!who) return { ...reply(t.personUnknown(pending.name)), flow: null };
    return assign(ctx, who, pending);
  },
});
