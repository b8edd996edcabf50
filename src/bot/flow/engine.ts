/**
 * The flow engine: a step-by-step command declares its steps as data (the question, how an answer
 * is read, the choices and the words that pick each, what is still missing) and the engine asks,
 * reads, re-asks with the options on a wrong answer, reads everything back before saving, takes
 * corrections typed at the read-back, and keeps the whole state in the flow row, so a restart or a
 * day's pause loses nothing. Buttons become numbered lines on Zalo and the simulator (the channel
 * does that); a typed number, the choice's words or the button itself all pick the same choice.
 */
import type {
  CommandContext,
  CommandResult,
  FlowInput,
  StepInput,
  Unanswered,
} from '../../../commands/define';
import type { FlowState } from '../../../db/repo/flows';
import type { OutgoingMessage } from '../../channels/types';
import { common, flowTexts as t } from '../../messages/vi';
import { fold } from '../../text/normalize';
import { tidyUtterance } from '../../text/utterance';
import { answerWords, buttonsOf, type Choice, isBack, isFiller, menuIndex, typedChoice } from './choices';

/**
 * How a step read an answer: accepted (with the new draft and perhaps a line to say), understood
 * but wrong (say why and ask again), or no answer to this step at all (`null`, or a problem marked
 * `unanswered`): then the message may be a command, and only if it is not is the problem said.
 */
export type Reading<D> =
  | { ok: true; draft: D; note?: string }
  | { ok: false; problem: string; unanswered?: boolean }
  | null;

export interface Progress {
  /** Steps answered (or skipped) in this flow: optional questions are asked once. */
  asked: ReadonlySet<string>;
  /** The flow began from a one-line entry: optional questions are not asked, missing ones together. */
  line: boolean;
}

type Maybe<T> = T | Promise<T>;

export interface Step<D> {
  /** Unique in the flow, kept in the flow row; never starts with "$" (the engine's own steps). */
  id: string;
  input: StepInput;
  /** Whether the step still needs an answer. */
  pending(d: D, p: Progress): boolean;
  ask(ctx: CommandContext, d: D): Maybe<string>;
  /** Said above the question when the answer was none at all (default: pick one of the choices). */
  hint?: string;
  choices?(ctx: CommandContext, d: D): Maybe<readonly Choice[]>;
  /** The choices' buttons in one row (short labels such as grades). */
  inline?: boolean;
  choose?(ctx: CommandContext, d: D, value: string): Maybe<Reading<D>>;
  /** Typed text that picked no choice. */
  read?(ctx: CommandContext, d: D, text: string): Maybe<Reading<D>>;
  /** A shared place (Telegram). */
  located?(ctx: CommandContext, d: D, at: { latitude: number; longitude: number }): Reading<D>;
  /** How the step is named in the one combined question of a one-line entry. */
  missing?(d: D, ctx: CommandContext): { name: string; example: string };
  /** Its label in the read-back's "edit one part" list; absent: not offered there. */
  edit?: string;
  /** Other folded words that pick it in that list ("kien nghi" for "Kiến nghị của dân"). */
  editWords?: readonly string[];
  /** The value now held, shown when the step is asked again to be edited. */
  current?(d: D): string | undefined;
}

export interface ReadBack {
  /** What will be saved, with any warnings. */
  text: string;
  /** One line: how to save, and how to correct by typing. */
  hint: string;
}

export interface FlowSpec<D> {
  /** The command's name. */
  kind: string;
  steps: readonly Step<D>[];
  /** Checked before every answer (a role lost since the flow began): a text ends the flow. */
  guard?(ctx: CommandContext, d: D): Promise<string | null>;
  readBack(ctx: CommandContext, d: D): Promise<ReadBack>;
  /** The saving button's label ("Lưu", "Gửi báo cáo"); typed, it saves too. */
  saveLabel: string;
  /** Corrections typed at the read-back and the answer to the combined question. */
  fix?(ctx: CommandContext, d: D, text: string): Maybe<Reading<D>>;
  /** A last check at the moment of saving (the state may have changed since the read-back). */
  check?(ctx: CommandContext, d: D): Promise<string | null>;
  save(ctx: CommandContext, d: D): Promise<CommandResult>;
  /** Whether anything worth keeping as a draft was entered. */
  entered(d: D): boolean;
  /** At one of its free-text steps, whether the command's own arguments are a new entry. */
  isEntry?(ctx: CommandContext, args: string): boolean;
  texts: {
    /** One line when another command puts the flow aside ("…; gõ hop để ghi tiếp."). */
    kept: string;
    /** Said when the flow is taken up again. */
    resumed: string;
    /** Said when a new entry replaces a draft. */
    replaced: string;
  };
}

/** The flow row's data: the draft and the engine's bookkeeping. */
interface Run<D> {
  draft: D;
  asked: string[];
  line: boolean;
  /** A step asked again from the read-back's edit list. */
  editing?: string;
}

const CONFIRM = '$confirm';
const MISSING = '$missing';
const EDIT = '$edit';

const SAVE_WORDS = [
  'luu',
  'luu lai',
  'dong y',
  'ok',
  'oke',
  'co',
  'dung',
  'dung roi',
  'xac nhan',
  'yes',
  'gui',
  'gui di',
  'chap nhan',
];
const EDIT_WORDS = ['sua', 'sua mot muc', 'chinh sua', 'sua lai', 'edit'];
const CANCEL_WORDS = ['huy', 'huy bo', 'thoi', 'khong luu', 'khong gui', 'bo', 'cancel'];

function runOf<D>(flow: FlowState): Run<D> | null {
  const d = flow.data as Partial<Run<D>> | null;
  if (!d || typeof d !== 'object' || !d.draft || typeof d.draft !== 'object' || !Array.isArray(d.asked))
    return null;
  return { draft: d.draft, asked: d.asked, line: d.line === true, editing: d.editing };
}

function stateOf<D>(spec: FlowSpec<D>, step: string, run: Run<D>, choices: readonly Choice[]): FlowState {
  const data: Run<D> = { draft: run.draft, asked: run.asked, line: run.line };
  if (run.editing) data.editing = run.editing;
  const flow: FlowState = { kind: spec.kind, step, data: data as unknown as Record<string, unknown> };
  if (choices.length > 0) flow.choices = choices.map((c) => c.value);
  return flow;
}

/** Context lines go in the same message as the question: one message is easier to follow. */
function compose(lead: readonly string[], body: string): string {
  const lines = lead.filter((l) => l !== '');
  return lines.length > 0 ? `${lines.join('\n')}\n\n${body}` : body;
}

const shortly = (text: string) => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 40)}…` : one;
};

async function askStep<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  run: Run<D>,
  step: Step<D>,
  lead: readonly string[],
): Promise<CommandResult> {
  const choices = step.choices ? await step.choices(ctx, run.draft) : [];
  let question = await step.ask(ctx, run.draft);
  const current = run.editing === step.id ? step.current?.(run.draft) : undefined;
  if (current) question = `${t.current(current)}\n${question}`;
  const message: OutgoingMessage = { text: compose(lead, question) };
  if (choices.length > 0) message.buttons = buttonsOf(choices, step.inline);
  return { replies: [message], flow: stateOf(spec, step.id, run, choices) };
}

function editChoices<D>(spec: FlowSpec<D>): Choice[] {
  return spec.steps
    .filter((s) => s.edit)
    .map((s) => ({
      value: s.id,
      label: s.edit!,
      words: [fold(s.edit!.split(',')[0]!), ...(s.editWords ?? [])],
    }));
}

function askEdit<D>(spec: FlowSpec<D>, run: Run<D>, lead: readonly string[]): CommandResult {
  const choices = editChoices(spec);
  return {
    replies: [{ text: compose(lead, t.editAsk), buttons: buttonsOf(choices) }],
    flow: stateOf(spec, EDIT, { ...run, editing: undefined }, choices),
  };
}

function confirmChoices<D>(spec: FlowSpec<D>): Choice[] {
  const out: Choice[] = [{ value: 'save', label: spec.saveLabel, words: SAVE_WORDS }];
  if (spec.steps.some((s) => s.edit)) out.push({ value: 'edit', label: t.edit, words: EDIT_WORDS });
  out.push({ value: 'cancel', label: t.cancel, words: CANCEL_WORDS });
  return out;
}

async function confirm<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  run: Run<D>,
  lead: readonly string[],
  problem?: string,
): Promise<CommandResult> {
  const rb = await spec.readBack(ctx, run.draft);
  const choices = confirmChoices(spec);
  // A refusal at the read-back says what was wrong and how to go on, without the whole read-back again.
  const text = problem ? `${problem}\n${rb.hint}` : compose(lead, `${rb.text}\n${rb.hint}`);
  return {
    replies: [{ text, buttons: buttonsOf(choices) }],
    flow: stateOf(spec, CONFIRM, { ...run, editing: undefined }, choices),
  };
}

/** The next question (the edited step, the first missing one, all missing ones together) or the read-back. */
export async function advance<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  run: Run<D>,
  lead: readonly string[] = [],
): Promise<CommandResult> {
  const editing = run.editing ? spec.steps.find((s) => s.id === run.editing) : undefined;
  if (editing) return askStep(spec, ctx, run, editing, lead);
  const progress: Progress = { asked: new Set(run.asked), line: run.line };
  const pending = spec.steps.filter((s) => s.pending(run.draft, progress));
  const named = pending.filter((s) => s.missing);
  // A one-line entry gets one question for everything it left out, not one question per field.
  if (run.line && spec.fix && pending[0]?.missing && named.length >= 2) {
    const parts = named.map((s) => s.missing!(run.draft, ctx));
    const text = t.missing(
      parts.map((p) => p.name),
      parts.map((p) => p.example),
    );
    return { replies: [{ text: compose(lead, text) }], flow: stateOf(spec, MISSING, run, []) };
  }
  if (pending[0]) return askStep(spec, ctx, run, pending[0], lead);
  return confirm(spec, ctx, run, lead);
}

export interface Begin {
  /** The draft came from a one-line entry (fewest questions). */
  line: boolean;
  lead?: readonly string[];
  /** Start at the read-back's edit list (correcting something already saved). */
  atEdit?: boolean;
}

/** Starts a flow over `draft`: asks what is missing, or reads it back. */
export function begin<D>(spec: FlowSpec<D>, ctx: CommandContext, draft: D, b: Begin): Promise<CommandResult> {
  const run: Run<D> = { draft, asked: [], line: b.line };
  if (b.atEdit) return Promise.resolve(askEdit(spec, run, b.lead ?? []));
  return advance(spec, ctx, run, b.lead ?? []);
}

/** A stored flow's current question asked again, after `lead`. */
export async function again<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  flow: FlowState,
  lead: readonly string[],
): Promise<CommandResult> {
  const run = runOf<D>(flow);
  if (!run) return { replies: [{ text: t.lost }], flow: null };
  if (flow.step === EDIT) return askEdit(spec, run, lead);
  return advance(spec, ctx, run, lead);
}

/** The choice a button or a typed answer names, among `choices`. */
function pickedValue(input: FlowInput, choices: readonly Choice[]): string | undefined {
  if (input.kind === 'choice') return input.value;
  return input.kind === 'text' ? typedChoice(input.text, choices)?.value : undefined;
}

/** A refusal that may still be a command typed there: the pipeline decides. */
const refusal = (r: { unanswered?: boolean }, result: CommandResult): CommandResult | Unanswered =>
  r.unanswered ? { unanswered: result } : result;

/** A correction accepted: the flow goes on from its draft, saying the reading's note if any. */
const corrected = <D>(spec: FlowSpec<D>, ctx: CommandContext, run: Run<D>, r: { draft: D; note?: string }) =>
  advance(spec, ctx, { ...run, draft: r.draft }, r.note ? [r.note] : []);

function accepted<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  run: Run<D>,
  stepId: string,
  r: { draft: D; note?: string },
): Promise<CommandResult> {
  const asked = run.asked.includes(stepId) ? run.asked : [...run.asked, stepId];
  return advance(spec, ctx, { ...run, draft: r.draft, asked, editing: undefined }, r.note ? [r.note] : []);
}

async function atConfirm<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  run: Run<D>,
  input: FlowInput,
): Promise<CommandResult | Unanswered> {
  const value = pickedValue(input, confirmChoices(spec));
  if (value === 'save') {
    const problem = spec.check ? await spec.check(ctx, run.draft) : null;
    if (problem) return confirm(spec, ctx, run, [], problem);
    return spec.save(ctx, run.draft);
  }
  if (value === 'edit') return askEdit(spec, run, []);
  if (value === 'cancel') return { replies: [{ text: common.cancelled }], flow: null };
  if (input.kind !== 'text' || !spec.fix) return { unanswered: await confirm(spec, ctx, run, [], t.pickOne) };
  const r = await spec.fix(ctx, run.draft, tidyUtterance(input.text));
  if (r === null) return { unanswered: await confirm(spec, ctx, run, [], t.notAFix(shortly(input.text))) };
  if (!r.ok) return refusal(r, await confirm(spec, ctx, run, [], r.problem));
  return corrected(spec, ctx, run, r);
}

async function atMissing<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  run: Run<D>,
  input: FlowInput,
): Promise<CommandResult | Unanswered> {
  const r =
    input.kind === 'text' && spec.fix ? await spec.fix(ctx, run.draft, tidyUtterance(input.text)) : null;
  if (r === null) {
    const lead = input.kind === 'text' ? [t.notAFix(shortly(input.text))] : [t.typeAnswer];
    return { unanswered: await advance(spec, ctx, run, lead) };
  }
  if (!r.ok) return refusal(r, await advance(spec, ctx, run, [r.problem]));
  return corrected(spec, ctx, run, r);
}

async function atEdit<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  run: Run<D>,
  input: FlowInput,
): Promise<CommandResult | Unanswered> {
  const value = pickedValue(input, editChoices(spec));
  if (value && spec.steps.some((s) => s.id === value)) return advance(spec, ctx, { ...run, editing: value });
  // The part can also be typed with its new value straight away ("kiennghi 3/3").
  const r = input.kind === 'text' && spec.fix ? await spec.fix(ctx, run.draft, input.text) : null;
  if (r?.ok) return corrected(spec, ctx, run, r);
  if (r && !r.ok && !r.unanswered) return askEdit(spec, run, [r.problem]);
  return { unanswered: askEdit(spec, run, [t.pickOne]) };
}

async function atStep<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  run: Run<D>,
  step: Step<D>,
  input: FlowInput,
): Promise<CommandResult | Unanswered> {
  const choices = step.choices ? await step.choices(ctx, run.draft) : [];
  let reading: Reading<D> = null;
  if (input.kind === 'choice') {
    // Recorded but no longer on offer (the list changed since): an old button.
    if (!choices.some((c) => c.value === input.value) || !step.choose)
      return askStep(spec, ctx, run, step, [common.buttonExpired]);
    reading = await step.choose(ctx, run.draft, input.value);
  } else if (input.kind === 'text') {
    const picked = step.choose ? typedChoice(input.text, choices) : undefined;
    // Free text is kept as typed; a value is read without the courtesy around it ("5/12 ạ").
    const typed = step.input === 'text' ? input.text : tidyUtterance(input.text);
    if (picked) reading = await step.choose!(ctx, run.draft, picked.value);
    else if (step.input === 'text' && isFiller(input.text))
      return { unanswered: await askStep(spec, ctx, run, step, [t.notAnAnswer(shortly(input.text))]) };
    else if (step.read && answerWords(input.text) !== '') reading = await step.read(ctx, run.draft, typed);
  } else if (step.located) reading = step.located(ctx, run.draft, input);
  // Not this step's answer but a correction of an earlier one ("tu 2/1/2027" while a person is chosen);
  // a bare number there is a menu pick that missed, never a count.
  if (reading === null && input.kind === 'text' && spec.fix && menuIndex(input.text) < 0) {
    const fixed = await spec.fix(ctx, run.draft, input.text);
    if (fixed?.ok) return corrected(spec, ctx, run, fixed);
  }
  // Where nothing is listed below, "pick one below" would send the person looking for a list.
  const hint = step.hint ?? (choices.length > 0 ? t.pickOne : t.typeAnswer);
  if (reading === null) return { unanswered: await askStep(spec, ctx, run, step, [hint]) };
  if (!reading.ok) return refusal(reading, await askStep(spec, ctx, run, step, [reading.problem]));
  return accepted(spec, ctx, run, step.id, reading);
}

/**
 * "quay lại": the question answered last asked again (with what it holds), from the edit list the
 * read-back, from the read-back the edit list (or, without one, the last question); where nothing
 * came before, the same question again.
 */
function back<D>(spec: FlowSpec<D>, ctx: CommandContext, run: Run<D>, at: string): Promise<CommandResult> {
  const hasEdits = spec.steps.some((s) => s.edit);
  if (at === CONFIRM && hasEdits) return Promise.resolve(askEdit(spec, run, []));
  if (at === EDIT) return confirm(spec, ctx, run, []);
  if (at !== MISSING) {
    if (at !== CONFIRM && run.editing && hasEdits) return Promise.resolve(askEdit(spec, run, []));
    const before = run.asked.filter((id) => id !== at && spec.steps.some((s) => s.id === id)).at(-1);
    if (before) return advance(spec, ctx, { ...run, editing: before });
  }
  return at === CONFIRM
    ? confirm(spec, ctx, run, [], t.nothingBefore)
    : advance(spec, ctx, run, [t.nothingBefore]);
}

/** An answer to the flow in progress (ctx.flow, of this spec's kind). */
export async function resumeFlow<D>(
  spec: FlowSpec<D>,
  ctx: CommandContext,
  input: FlowInput,
): Promise<CommandResult | Unanswered> {
  const flow = ctx.flow!;
  const run = runOf<D>(flow);
  if (!run) return { replies: [{ text: t.lost }], flow: null };
  const stop = spec.guard ? await spec.guard(ctx, run.draft) : null;
  if (stop) return { replies: [{ text: stop }], flow: null };
  if (input.kind === 'text' && isBack(input.text)) return back(spec, ctx, run, flow.step);
  // "sửa" before the read-back: the list of what can be corrected, as at the read-back.
  const mid = flow.step !== CONFIRM && flow.step !== EDIT;
  if (
    mid &&
    input.kind === 'text' &&
    EDIT_WORDS.includes(answerWords(input.text)) &&
    editChoices(spec).length > 0
  )
    return askEdit(spec, run, []);
  if (flow.step === CONFIRM) return atConfirm(spec, ctx, run, input);
  if (flow.step === MISSING) return atMissing(spec, ctx, run, input);
  if (flow.step === EDIT) return atEdit(spec, ctx, run, input);
  const step = spec.steps.find((s) => s.id === flow.step);
  if (!step) return advance(spec, ctx, run);
  return atStep(spec, ctx, run, step, input);
}

/** What the flow's current step takes, for the pipeline's rule on typed commands. */
export function expects<D>(spec: FlowSpec<D>, flow: FlowState): StepInput {
  if (flow.step === MISSING) return 'value';
  return spec.steps.find((s) => s.id === flow.step)?.input ?? 'choice';
}

/** The "kept as a draft" line, when the flow holds something worth keeping. */
export function parkedLine<D>(spec: FlowSpec<D>, flow: FlowState): string | null {
  const run = runOf<D>(flow);
  return run && spec.entered(run.draft) ? spec.texts.kept : null;
}

/** Whether a stored flow is one of this engine's (and not some older shape). */
export function isRun(flow: FlowState | null): flow is FlowState {
  return flow !== null && runOf(flow) !== null;
}
