/**
 * `baocao`: the monthly status report, in one message or question by question, read back before it
 * is sent; `baocao sua` corrects a sent one (every revision kept); `baocao xem` and `baocao tralai`
 * live in src/reports/view.ts and send-back.ts. A half-written report is the flow's draft, so it
 * survives restarts and other commands; nothing reaches the reports table before "Gửi".
 */
import { unitById } from '../db/repo/units';
import { flowCommand } from '../src/bot/flow/command';
import { begin, type FlowSpec, type Step } from '../src/bot/flow/engine';
import { nameKeys } from '../src/bot/unit-words';
import { applyAnswer, mayBeNone } from '../src/domain/reports/answers';
import { hasSection, REQUIRED, SECTIONS, type Section } from '../src/domain/reports/draft';
import { parseReport } from '../src/domain/reports/parse';
import { parsePeriod } from '../src/domain/reports/period';
import { reports, SECTION_NAMES } from '../src/messages/vi';
import {
  answered,
  cellsOf,
  EDIT_WORDS,
  fixReport,
  headed,
  openReport,
  periodChoices,
  type ReportFlow,
  reportCheck,
  reportReadBack,
  sectionValue,
  settled,
} from '../src/reports/report-flow';
import { sendBack } from '../src/reports/send-back';
import { submitReport } from '../src/reports/submit';
import { view } from '../src/reports/view';
import { fold } from '../src/text/normalize';
import { type CommandContext, type CommandResult, reply } from './define';

function sectionStep(section: Section): Step<ReportFlow> {
  const optional = !REQUIRED.includes(section);
  return {
    id: section,
    // Every section is free text, petitions too ("hop dân về đất đai" is not the hop command).
    input: 'text',
    pending: (d, p) =>
      !!d.redo?.includes(section) ||
      (optional
        ? !p.line && !p.asked.has(section) && !hasSection(d.report, section)
        : !hasSection(d.report, section)),
    ask: () => reports.questions[section],
    // No button on the petitions question: a typed "0" or "3" must stay a count, not a menu number.
    choices: () =>
      mayBeNone(section) && section !== 'petitions'
        ? [{ value: 'bc:none', label: reports.buttons.none, words: ['khong', 'khong co', 'ko', 'none'] }]
        : [],
    choose: (_, d) => answered(d, section, applyAnswer(d.report, section, { none: true })),
    read: (ctx, d, text) =>
      headed(ctx, d, text, section) ?? answered(d, section, applyAnswer(d.report, section, text)),
    missing: () => ({ name: SECTION_NAMES[section], example: reports.examples[section] }),
    edit: SECTION_NAMES[section],
    editWords: EDIT_WORDS[section],
    current: (d) => sectionValue(d.report, section),
  };
}

const steps: Step<ReportFlow>[] = [
  {
    id: 'unit',
    input: 'choice',
    pending: (d) => !d.unitId,
    ask: () => reports.chooseUnit,
    choices: (ctx) =>
      cellsOf(ctx).map((c) => ({
        value: `bc:unit:${c.unitId}`,
        label: `${c.unitName} (${c.unitCode})`,
        words: [fold(c.unitCode), ...nameKeys({ code: c.unitCode, name: c.unitName })],
      })),
    choose: (ctx, d, value) => settled(ctx, { ...d, unitId: value.slice('bc:unit:'.length) }),
  },
  {
    id: 'period',
    input: 'choice',
    pending: (d) => !d.period,
    ask: () => reports.choosePeriod,
    choices: periodChoices,
    choose: (ctx, d, value) => settled(ctx, { ...d, period: value.slice('bc:period:'.length) }),
    read(ctx, d, text) {
      const p = parsePeriod(text, ctx.now, ctx.config.TIMEZONE);
      if (p.ok) return settled(ctx, { ...d, period: p.period });
      if (p.reason === 'future') return { ok: false, problem: reports.periodFuture };
      return { ok: false, problem: reports.periodInvalid(text.slice(0, 20)), unanswered: true };
    },
  },
  ...SECTIONS.map(sectionStep),
];

const spec: FlowSpec<ReportFlow> = {
  kind: 'baocao',
  steps,
  async guard(ctx, d) {
    if (!d.unitId || cellsOf(ctx).some((c) => c.unitId === d.unitId)) return null;
    return reports.notMyCell((await unitById(ctx.db, d.unitId))?.name ?? '');
  },
  readBack: reportReadBack,
  saveLabel: reports.buttons.send,
  fix: (ctx, d, text) => fixReport(d, parseReport(text, ctx.now, ctx.config.TIMEZONE)),
  check: async (_, d) => reportCheck(d),
  save: submitReport,
  entered: (d) => Object.keys(d.report).length > 0,
  isEntry: (ctx, args) =>
    subcommand(args).sub !== null || parseReport(args, ctx.now, ctx.config.TIMEZONE).anySection,
  texts: { kept: reports.kept, resumed: reports.resumed, replaced: reports.replaced },
};

/** `baocao [MÃ] [tháng] [mục …]` and `baocao sua [tháng] [mục …]`. */
async function start(ctx: CommandContext, text: string, fixing: boolean): Promise<CommandResult> {
  const open = await openReport(ctx, text, fixing);
  if ('refusal' in open) return reply(open.refusal);
  return begin(spec, ctx, open.draft, { line: open.line, atEdit: open.atEdit, lead: open.lead });
}

/** Sub-command words, folded: `xem`, `sua`, `tralai` / `tra lai`. */
function subcommand(args: string): { sub: 'view' | 'fix' | 'return' | null; rest: string } {
  const words = args.split(' ');
  const w0 = fold(words[0] ?? '');
  const rest = (n: number) => words.slice(n).join(' ').trim();
  if (['xem', 'view', 'show'].includes(w0)) return { sub: 'view', rest: rest(1) };
  if (['sua', 'edit', 'correct', 'fix'].includes(w0)) return { sub: 'fix', rest: rest(1) };
  if (['tralai', 'return', 'traloi'].includes(w0)) return { sub: 'return', rest: rest(1) };
  if (`${w0} ${fold(words[1] ?? '')}` === 'tra lai') return { sub: 'return', rest: rest(2) };
  return { sub: null, rest: args };
}

export default flowCommand(spec, {
  name: 'baocao',
  aliases: ['baocao', 'bao cao', 'report', 'bc'],
  access: ['secretary', 'deputy', 'coordinator', 'committee', 'supervisor'],
  summary: 'Gửi, xem hoặc sửa báo cáo tháng của chi bộ',
  example: 'baocao thang 11 an ninh ổn định, sản xuất lúa đạt, kiến nghị 3 đã giải quyết 2, đề xuất hỗ trợ',
  inGroup: 'private',
  async run(ctx) {
    const { sub, rest } = subcommand(ctx.args.trim());
    if (sub === 'view') return view(ctx, rest);
    if (sub === 'return') return sendBack(ctx, rest);
    // The report keeps its lines: each line may be a section.
    const lines = sub ? ctx.lines.replace(/^\S+\s*/, '') : ctx.lines;
    return start(ctx, lines.trim(), sub === 'fix');
  },
});
