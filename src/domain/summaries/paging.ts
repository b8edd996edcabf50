/**
 * Long answers page by page: the first page now, the next on "xem tiếp" (typed on Zalo and the
 * simulator, a button on Telegram). The flow keeps only what to recompute and the page number.
 */
import type { CommandContext, CommandResult, FlowInput } from '../../../commands/define';
import type { FlowState } from '../../../db/repo/flows';
import type { OutgoingMessage } from '../../channels/types';
import { summaries as t } from '../../messages/vi/summaries';
import { TEXT_LIMITS } from '../../outbox/enqueue';
import { fold } from '../../text/normalize';
import { type PageLayout, paginate } from './paginate';

export const NEXT = 'next';
const NEXT_WORDS = new Set(['xem tiep', 'xemtiep', 'tiep', 'tiep theo', 'next', 'xt', 'more']);

export function isNext(input: FlowInput): boolean {
  if (input.kind === 'choice') return input.value === NEXT;
  if (input.kind === 'text') return NEXT_WORDS.has(fold(input.text).replace(/[.!]+$/, ''));
  return false;
}

export interface PagedAnswer {
  header: string[];
  body: string[];
  continued: string;
}

/**
 * Page `page` (1-based) of an answer, with the flow that lets the person ask for the next one.
 * Another feature's flow in progress (a half-written report) is never replaced: then every page
 * goes at once.
 */
export function pagedReply(
  ctx: Pick<CommandContext, 'msg' | 'flow'>,
  kind: string,
  answer: PagedAnswer,
  data: Record<string, unknown>,
  page = 1,
): CommandResult {
  const buttons = ctx.msg.platform === 'telegram';
  const layout: PageLayout = { ...answer, footer: buttons ? t.pageFooterButtons : t.pageFooter };
  const pages = paginate(layout, TEXT_LIMITS[ctx.msg.platform]);
  if (page > pages.length) return { replies: [{ text: t.noMorePages }], flow: null };
  // Groups only hear commands, so "xem tiếp" would go unheard there: a group gets every page at once.
  const ownFlow = (!ctx.flow || ctx.flow.kind === kind) && ctx.msg.chatType !== 'group';
  if (!ownFlow) return { replies: pages.map((p) => ({ text: p.text })) };

  const current = pages[page - 1]!;
  const more = page < pages.length;
  const message: OutgoingMessage = { text: current.text };
  if (more && buttons) message.buttons = [[{ label: t.nextButton, data: NEXT }]];
  const flow: FlowState | null = more
    ? { kind, step: 'page', data: { ...data, page: page + 1 }, choices: buttons ? [NEXT] : undefined }
    : null;
  return { replies: [message], flow: ctx.flow || flow ? flow : undefined };
}
