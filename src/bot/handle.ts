/**
 * One incoming message in, its effects committed at once: the processed-update key, the command's
 * writes, the flow state and every reply land in one write set, or none of them does. A redelivered
 * update finds its key and changes nothing.
 */
import type { CommandContext, CommandDef, CommandResult, FlowInput, Unanswered } from '../../commands/define';
import { commands as allCommands } from '../../commands/index';
import { clearFlow, draftKey, type FlowState, loadFlow, saveFlow } from '../../db/repo/flows';
import { activeGroupLink } from '../../db/repo/groups';
import { isProcessed, markProcessed } from '../../db/repo/keys';
import { identityOf, type PersonContext, personContext } from '../../db/repo/people';
import { countUse } from '../../db/repo/usage';
import type { Write } from '../../db/types';
import type { IncomingMessage, OutgoingMessage } from '../channels/types';
import type { Deps } from '../deps';
import { isQuiet, quietEnd } from '../domain/meetings/reminders';
import { common } from '../messages/vi';
import { enqueue, type Target, TEXT_LIMITS } from '../outbox/enqueue';
import { reachableAgain } from '../outbox/reachability';
import { helpText, mayUse, notAllowedText } from './access';
import { menuIndex } from './flow/choices';
import { prepend } from './flow/command';
import { type Match, matchCommand } from './match';
import { platformEvent } from './platform-events';
import { capReplies } from './reply-cap';
import { personTargets } from './targets';
import { unknownReply } from './unknown';

export { helpText, mayUse };

export type HandleOutcome = 'done' | 'duplicate' | 'ignored' | 'failed';

interface Plan {
  result: CommandResult;
  person: PersonContext | null;
  /** Where replies go (the private chat when a personal command was typed in a group). */
  replyTo: Target;
  flowKey: string;
  extraReplies: { target: Target; message: OutgoingMessage }[];
  /** The flow put aside by the command that interrupted it (kept under its draft key). */
  parked?: FlowState;
  /** A flow command ran and settled its flow: its put-aside draft is consumed. */
  draftUsed?: string;
  /** The command run, counted for the person's usual commands. */
  used?: string;
}

const isUnanswered = (r: CommandResult | Unanswered): r is Unanswered => 'unanswered' in r;

/** A typed number within the menu picks that choice; any other number is an answer in its own right. */
function flowInput(msg: IncomingMessage, text: string, flow: FlowState | null): FlowInput | null {
  if (msg.kind === 'choice' && msg.choice !== undefined) return { kind: 'choice', value: msg.choice };
  if (msg.kind === 'location' && msg.location) return { kind: 'location', ...msg.location };
  if (msg.kind !== 'text' || !text) return null;
  const choices = flow?.choices ?? [];
  const i = menuIndex(text);
  return i >= 0 && i < choices.length ? { kind: 'choice', value: choices[i]! } : { kind: 'text', text };
}

/**
 * Whether a typed command interrupts the flow instead of answering it: a slash command always; at a
 * free-text step only the command alone (a note may begin with "Họp…") or the flow's own command
 * with a whole new entry; elsewhere another flow command with arguments, and any other command when
 * the step cannot read the message as an answer (tried first, so that "tb" is still "trung bình" at
 * a grade and "tối 5/12" a date).
 */
function commandFirst(
  match: Match,
  text: string,
  flow: FlowState,
  owner: CommandDef,
  ctx: CommandContext,
): boolean {
  if (/^\s*\//.test(text) || !owner.expects) return true;
  if (owner.expects(flow) !== 'text')
    // Another step-by-step command with its entry ("hop hom qua co mat 25/27 ..." at a visit's
    // read-back) starts it: read as a correction, its "xl tot" would change the visit and the
    // meeting record would be lost. Short forms stay answers first ("tb" is "trung bình").
    return match.command !== owner && !match.fuzzy && match.args !== '' && !!match.command.resume;
  if (match.args === '' && !match.fuzzy) return true;
  return match.command === owner && !!owner.isEntry?.(ctx, match.lines);
}

/** The longest text read: Telegram's limit for one message. */
export const MAX_TEXT_CHARS = 4096;

async function plan(
  deps: Deps,
  msg: IncomingMessage,
  now: Date,
  commands: readonly CommandDef[],
): Promise<Plan | null> {
  const db = deps.store.db;
  const identity = await identityOf(db, msg.platform, msg.userId);
  const person = identity ? await personContext(db, identity.personId, now) : null;
  const inGroup = msg.chatType === 'group';
  const here: Target = {
    platform: msg.platform,
    chatId: msg.chatId,
    personId: person?.id ?? null,
    ...(msg.threadId ? { threadId: msg.threadId } : {}),
  };
  const privateChat: Target = identity
    ? { platform: msg.platform, chatId: identity.chatId, personId: person?.id ?? null }
    : here;
  const base = { person, extraReplies: [] as Plan['extraReplies'] };

  const event = await platformEvent({ ...deps, db, personId: person?.id }, msg, now);
  if (event !== undefined) return event && { ...base, replyTo: here, flowKey: '', result: event };

  const text = msg.kind === 'text' ? (msg.text ?? '') : '';
  if (text.length > MAX_TEXT_CHARS) {
    // No platform lets a longer text through (Telegram 4,096, the simulator 4,000): it came by a
    // forged or replayed webhook, and some readers take time growing faster than the length
    // (900,000 characters of a report held handling for minutes). Answered, never read.
    if (inGroup) return null;
    return {
      ...base,
      replyTo: here,
      flowKey: '',
      result: { replies: [{ text: common.tooLong(MAX_TEXT_CHARS) }] },
    };
  }
  const match = text ? matchCommand(text, commands) : null;
  if (inGroup && !match) return null; // in groups we only answer commands
  if (inGroup && !person && match?.command.name !== 'batdau') return null;

  const personal = inGroup && match?.command.inGroup !== 'group';
  const replyTo = personal ? privateChat : here;
  const flowKey = `${msg.platform}:${replyTo.chatId}`;
  const flow = person ? await loadFlow(db, flowKey, now) : null;
  const owner = flow ? commands.find((c) => c.name === flow.kind) : undefined;
  const ownerUsable = !!owner && !!flow && mayUse(owner, person);
  const ctx: CommandContext = {
    msg,
    args: '',
    lines: '',
    now,
    person,
    db,
    config: deps.config,
    newId: deps.newId,
    flow,
    draft: null,
    flowKey,
    helpText: helpText(person, commands),
    unknown: () => unknownReply(db, person, text, commands, flowKey),
    log: deps.log,
    groupUnitId: inGroup ? (await activeGroupLink(db, msg.platform, msg.chatId))?.unitId : undefined,
  };
  if (personal && match) base.extraReplies.push({ target: here, message: { text: common.groupPrivateOnly } });
  const answer = (result: CommandResult): Plan => ({ ...base, replyTo, flowKey, result });

  const runCommand = async (m: Match): Promise<Plan> => {
    const { command } = m;
    if (!mayUse(command, person)) {
      const refused = notAllowedText(command, person);
      // The flow at hand stays, and its question is asked again under the refusal.
      if (ownerUsable && owner?.reprompt) return answer(await owner.reprompt(ctx, [refused]));
      return answer({ replies: [{ text: refused }] });
    }
    // Another command's flow is put aside (kept as a draft when something was entered, said in one line).
    const other = flow && owner && flow.kind !== command.name && !command.ownsFlow ? flow : null;
    const draft = person && command.parked ? await loadFlow(db, draftKey(flowKey, command.name), now) : null;
    let result = await command.run({
      ...ctx,
      args: m.args,
      lines: m.lines,
      flow: other ? null : flow,
      draft,
    });
    // The flow's own command doing something else ("giamsat xem" in the middle of a visit) puts it aside too.
    const aside = other ?? (flow && flow.kind === command.name && result.flow === undefined ? flow : null);
    const line = aside ? (owner?.parked?.(aside) ?? null) : null;
    if (aside && result.flow === undefined) result = { ...result, flow: null };
    if (line) result = prepend(result, line);
    return {
      ...answer(result),
      parked: line && aside ? aside : undefined,
      draftUsed: command.parked && result.flow !== undefined ? command.name : undefined,
      used: person ? command.name : undefined,
    };
  };

  // A pressed button counts only if the flow offered it (forged or old button data is never read).
  if (msg.kind === 'choice') {
    const offered = !!flow && !!msg.choice && (flow.choices ?? []).includes(msg.choice);
    if (!offered) {
      if (ownerUsable && owner?.reprompt) return answer(await owner.reprompt(ctx, [common.buttonExpired]));
      return answer({ replies: [{ text: common.choiceExpired }] });
    }
  }

  const input = flowInput(msg, text, flow);
  if (match && !(ownerUsable && flow && owner?.resume && input)) return runCommand(match);
  if (match && flow && owner && commandFirst(match, text, flow, owner, ctx)) return runCommand(match);

  if (ownerUsable && owner?.resume && input && person) {
    const result = await owner.resume({ ...ctx, args: text, lines: text }, input);
    if (!isUnanswered(result)) return answer(result);
    // Not an answer to the step: a command typed there starts that command; anything else is refused.
    if (match) return runCommand(match);
    return answer(result.unanswered);
  }
  if (!person) return answer({ replies: [{ text: common.notLinked }] });
  // The role behind the flow ended meanwhile (a new secretary took over, an assignment ended): an
  // answer to it would be read as unknown text; say why once, and end the flow.
  if (flow && owner && !ownerUsable)
    return answer({ replies: [{ text: common.flowRoleEnded(owner.name) }], flow: null });
  if (msg.kind === 'unsupported') {
    // A sticker or a photo in a flow: the question it did not answer is asked again.
    if (ownerUsable && owner?.reprompt) return answer(await owner.reprompt(ctx, [common.unsupported]));
    return answer({ replies: [{ text: flow ? common.unsupported : common.unsupportedIdle }] });
  }
  if (msg.kind === 'choice') return answer({ replies: [{ text: common.choiceExpired }] });
  return answer({ replies: [{ text: await ctx.unknown() }] });
}

async function buildWrites(deps: Deps, msg: IncomingMessage, p: Plan, now: Date): Promise<Write[]> {
  const db = deps.store.db;
  const writes: Write[] = [markProcessed(db, msg.updateKey, now), ...(p.result.writes ?? [])];
  if (p.person && p.parked)
    writes.push(saveFlow(db, draftKey(p.flowKey, p.parked.kind), p.person.id, p.parked, now));
  if (p.draftUsed) writes.push(clearFlow(db, draftKey(p.flowKey, p.draftUsed)));
  if (p.result.flow === null) writes.push(clearFlow(db, p.flowKey));
  else if (p.result.flow && p.person) writes.push(saveFlow(db, p.flowKey, p.person.id, p.result.flow, now));
  if (p.person && p.used) writes.push(countUse(db, p.person.id, p.used, now));
  // The person wrote: their chat takes our messages again. (A pressed button is answered at once
  // by the webhook, not through the outbox.)
  writes.push(...(await reachableAgain(db, msg)));
  for (const r of p.extraReplies)
    writes.push(...enqueue(db, r.target, r.message, now, { priority: 'reply' }));
  // However much a message asked for, the sender gets at most a few messages back.
  for (const r of capReplies(p.result.replies, TEXT_LIMITS[p.replyTo.platform]))
    writes.push(...enqueue(db, p.replyTo, r, now, { priority: 'reply' }));
  for (const n of p.result.notify ?? []) {
    const targets = n.personId
      ? await personTargets(db, n.personId)
      : n.platform && n.chatId
        ? [{ platform: n.platform, chatId: n.chatId }]
        : [];
    // Messages to other people wait for the end of quiet hours; replies to the sender never do.
    const notBefore = isQuiet(now, deps.config) ? quietEnd(now, deps.config) : undefined;
    for (const t of targets) writes.push(...enqueue(db, t, n.message, now, { notBefore }));
  }
  return writes;
}

export async function handleIncoming(
  deps: Deps,
  msg: IncomingMessage,
  commands: readonly CommandDef[] = allCommands,
): Promise<HandleOutcome> {
  const db = deps.store.db;
  for (let attempt = 0; attempt < 2; attempt++) {
    const now = deps.clock();
    if (await isProcessed(db, msg.updateKey)) return 'duplicate';
    try {
      const p = await plan(deps, msg, now, commands);
      if (!p) {
        await deps.store.commit([markProcessed(db, msg.updateKey, now)]);
        return 'ignored';
      }
      await deps.store.commit(await buildWrites(deps, msg, p, now));
      deps.kick();
      return 'done';
    } catch (err) {
      // A conflicting write (the same update twice at once, a code used by someone else a moment ago):
      // the next attempt reads the new state and answers accordingly.
      deps.log.warn('update failed', {
        updateKey: msg.updateKey,
        attempt,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  const now = deps.clock();
  if (await isProcessed(db, msg.updateKey)) return 'duplicate';
  try {
    await deps.store.commit([
      markProcessed(db, msg.updateKey, now),
      ...enqueue(
        db,
        { platform: msg.platform, chatId: msg.chatId, threadId: msg.threadId },
        { text: common.internalError },
        now,
      ),
    ]);
    deps.kick();
  } catch (err) {
    deps.log.error('could not record failure', {
      updateKey: msg.updateKey,
      error: err instanceof Error ? err.message : String(err),
    });
  }
  return 'failed';
}
