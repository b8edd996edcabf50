/**
 * A step-by-step command: its own entry (`run`, reading the one-line form and sub-commands) plus
 * the engine for everything after. Typed alone (or with "tiếp"), the command takes up its flow in
 * progress or the draft another command put aside; a new entry that replaces a draft says so.
 */
import type {
  CommandContext,
  CommandDef,
  CommandResult,
  FlowInput,
  StepInput,
  Unanswered,
} from '../../../commands/define';
import type { FlowState } from '../../../db/repo/flows';
import { flowTexts } from '../../messages/vi';
import { fold } from '../../text/normalize';
import { tidyUtterance } from '../../text/utterance';
import { again, expects, type FlowSpec, isRun, parkedLine, resumeFlow } from './engine';

/** A step of the command outside the engine's draft (giamsat's location, after the visit is saved). */
export interface ExtraStep {
  step: string;
  expects: StepInput;
  resume(ctx: CommandContext, input: FlowInput): Promise<CommandResult | Unanswered>;
}

export type FlowCommandDef = Omit<CommandDef, 'resume' | 'expects' | 'parked' | 'reprompt' | 'isEntry'> & {
  /** Typed alone, the command takes up its draft (default); false: alone it does something else (lich shows the schedule). */
  resumesAlone?: boolean;
  extra?: ExtraStep;
};

const GO_ON = new Set(['tiep', 'tiep tuc', 'lam tiep', 'ghi tiep', 'viet tiep']);

/** At most `shown` problems of one message, and how many more: one reply, however many there are. */
export function problemsText(problems: readonly string[], shown = 3): string {
  const unique = [...new Set(problems)];
  return flowTexts.problems(unique.slice(0, shown), Math.max(0, unique.length - shown));
}

/** `line` above the first reply (a draft kept or replaced): one line, in the same message. */
export function prepend(result: CommandResult, line: string): CommandResult {
  const [first, ...rest] = result.replies;
  if (!first) return { ...result, replies: [{ text: line }] };
  return { ...result, replies: [{ ...first, text: first.text ? `${line}\n${first.text}` : line }, ...rest] };
}

export function flowCommand<D>(spec: FlowSpec<D>, def: FlowCommandDef): CommandDef {
  const { resumesAlone = true, extra, ...command } = def;
  const own = (flow: FlowState | null) => (flow && flow.kind === spec.kind ? flow : null);
  return {
    ...command,
    async run(ctx) {
      const words = fold(tidyUtterance(ctx.args));
      const goOn = words === '' ? resumesAlone : GO_ON.has(words);
      const active = own(ctx.flow);
      const waiting = isRun(active) ? active : isRun(ctx.draft) ? ctx.draft : null;
      if (goOn && waiting) return again(spec, ctx, waiting, [spec.texts.resumed]);
      const result = await command.run(GO_ON.has(words) ? { ...ctx, args: '', lines: '' } : ctx);
      const replaced = waiting && parkedLine(spec, waiting);
      return replaced && result.flow?.kind === spec.kind ? prepend(result, spec.texts.replaced) : result;
    },
    resume(ctx, input) {
      if (extra && ctx.flow?.step === extra.step) return extra.resume(ctx, input);
      return resumeFlow(spec, ctx, input);
    },
    expects: (flow) => (extra && flow.step === extra.step ? extra.expects : expects(spec, flow)),
    parked: (flow) => parkedLine(spec, flow),
    reprompt: async (ctx, lead) =>
      extra && ctx.flow?.step === extra.step
        ? { replies: [{ text: lead.join('\n') }] }
        : again(spec, ctx, ctx.flow!, lead),
    isEntry: spec.isEntry ? (ctx, args) => spec.isEntry!(ctx, args) : undefined,
  };
}
