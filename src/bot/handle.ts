/**
 * One incoming message in, its effects committed at once: the processed-update key, the command's
 * writes, the flow state and every reply land in one write set, or none of them does. A redelivered
 * update finds its key and changes nothing.
 */
import type { CommandContext, CommandDef, CommandResult, FlowInput } from '../../commands/define';
import { commands as allCommands } from '../../commands/index';
import { clearFlow, loadFlow, saveFlow } from '../../db/repo/flows';
import { activeGroupLink } from '../../db/repo/groups';
import { isProcessed, markProcessed } from '../../db/repo/keys';
import { identityOf, type PersonContext, personContext } from '../../db/repo/people';
import type { Write } from '../../db/types';
import type { IncomingMessage, OutgoingMessage } from '../channels/types';
import type { Deps } from '../deps';
import { isQuiet, quietEnd } from '../domain/meetings/reminders';
import { common, onboarding, ROLE_NAMES } from '../messages/vi';
import { enqueue, type Target } from '../outbox/enqueue';
import { reachableAgain } from '../outbox/reachability';
import { matchCommand } from './match';
import { platformEvent } from './platform-events';
import { personTargets } from './targets';

export type HandleOutcome = 'done' | 'duplicate' | 'ignored' | 'failed';

export function mayUse(command: CommandDef, person: PersonContext | null): boolean {
  if (command.access === 'anyone') return true;
  if (!person) return false;
  if (command.access === 'linked') return true;
  const wanted = command.access;
  return person.roles.some((r) => wanted.includes(r.role));
}

export function helpText(
  person: PersonContext | null,
  commands: readonly CommandDef[] = allCommands,
): string {
  const usable = commands.filter((c) => mayUse(c, person));
  const title = person ? onboarding.helpTitle : onboarding.helpUnlinkedTitle;
  return [title, ...usable.map((c) => onboarding.helpLine(c.name, c.summary, c.example))].join('\n');
}

function accessNames(command: CommandDef): string {
  if (command.access === 'anyone' || command.access === 'linked') return common.linkedPeople;
  return command.access.map((r) => ROLE_NAMES[r]).join(', ');
}

interface Plan {
  result: CommandResult;
  person: PersonContext | null;
  /** Where replies go (the private chat when a personal command was typed in a group). */
  replyTo: Target;
  flowKey: string;
  extraReplies: { target: Target; message: OutgoingMessage }[];
}

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
  const here: Target = { platform: msg.platform, chatId: msg.chatId, personId: person?.id ?? null };
  const privateChat: Target = identity
    ? { platform: msg.platform, chatId: identity.chatId, personId: person?.id ?? null }
    : here;
  const base = { person, extraReplies: [] as Plan['extraReplies'] };

  const event = await platformEvent({ ...deps, db, personId: person?.id }, msg, now);
  if (event !== undefined) return event && { ...base, replyTo: here, flowKey: '', result: event };

  const text = msg.kind === 'text' ? (msg.text ?? '') : '';
  let match = text ? matchCommand(text, commands) : null;
  if (inGroup && !match) return null; // in groups we only answer commands
  if (inGroup && !person && match?.command.name !== 'batdau') return null;

  const personal = inGroup && match?.command.inGroup !== 'group';
  const replyTo = personal ? privateChat : here;
  const flowKey = `${msg.platform}:${replyTo.chatId}`;
  const flow = person ? await loadFlow(db, flowKey, now) : null;
  // Inside a step-by-step flow, free answers often start with a command word ("Họp đúng giờ",
  // "Đúng giờ", "Lịch sinh hoạt…"). There a typed command counts only with its slash, or alone.
  if (flow && match && !/^\s*\//.test(text) && match.args !== '') match = null;
  const ctxBase: Omit<CommandContext, 'args'> = {
    msg,
    now,
    person,
    db,
    config: deps.config,
    newId: deps.newId,
    flow,
    flowKey,
    helpText: helpText(person, commands),
    log: deps.log,
    groupUnitId: inGroup ? (await activeGroupLink(db, msg.platform, msg.chatId))?.unitId : undefined,
  };
  if (personal && match) base.extraReplies.push({ target: here, message: { text: common.groupPrivateOnly } });

  if (match) {
    const { command, args } = match;
    if (!mayUse(command, person)) {
      const text = person ? common.notAllowed(command.name, accessNames(command)) : common.notLinked;
      return { ...base, replyTo, flowKey, result: { replies: [{ text }] } };
    }
    return { ...base, replyTo, flowKey, result: await command.run({ ...ctxBase, args }) };
  }

  // Not a command: an answer inside a flow, or something we do not understand.
  const owner = flow ? commands.find((c) => c.name === flow.kind) : undefined;
  let input: FlowInput | null = null;
  if (msg.kind === 'choice' && msg.choice !== undefined) input = { kind: 'choice', value: msg.choice };
  else if (msg.kind === 'location' && msg.location) input = { kind: 'location', ...msg.location };
  else if (msg.kind === 'text' && text) {
    const n = /^\s*(\d{1,2})\s*\.?\s*$/.exec(text);
    const choices = flow?.choices ?? [];
    const i = n ? Number(n[1]) - 1 : -1;
    // A number within the menu picks that choice; any other number is an answer in its own right
    // (an attendance count, petitions), which the flow reads as text.
    if (n && i >= 0 && i < choices.length) input = { kind: 'choice', value: choices[i]! };
    else input = { kind: 'text', text };
  }

  if (owner?.resume && flow && input && person && mayUse(owner, person)) {
    return { ...base, replyTo, flowKey, result: await owner.resume({ ...ctxBase, args: text }, input) };
  }
  if (!person) return { ...base, replyTo, flowKey, result: { replies: [{ text: common.notLinked }] } };
  if (msg.kind === 'unsupported') {
    return {
      ...base,
      replyTo,
      flowKey,
      result: { replies: [{ text: flow ? common.unsupported : common.unsupportedIdle }] },
    };
  }
  if (msg.kind === 'choice')
    return { ...base, replyTo, flowKey, result: { replies: [{ text: common.choiceExpired }] } };
  return {
    ...base,
    replyTo,
    flowKey,
    result: { replies: [{ text: `${common.unknown}\n${ctxBase.helpText}` }] },
  };
}

async function buildWrites(deps: Deps, msg: IncomingMessage, p: Plan, now: Date): Promise<Write[]> {
  const db = deps.store.db;
  const writes: Write[] = [markProcessed(db, msg.updateKey, now), ...(p.result.writes ?? [])];
  if (p.result.flow === null) writes.push(clearFlow(db, p.flowKey));
  else if (p.result.flow && p.person) writes.push(saveFlow(db, p.flowKey, p.person.id, p.result.flow, now));
  // The person wrote: their chat takes our messages again. (A pressed button is answered at once
  // by the webhook, not through the outbox.)
  writes.push(...(await reachableAgain(db, msg)));
  for (const r of p.extraReplies)
    writes.push(...enqueue(db, r.target, r.message, now, { priority: 'reply' }));
  for (const r of p.result.replies) writes.push(...enqueue(db, p.replyTo, r, now, { priority: 'reply' }));
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
      ...enqueue(db, { platform: msg.platform, chatId: msg.chatId }, { text: common.internalError }, now),
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
