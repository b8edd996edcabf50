/** One answer of the step-by-step report applied to the draft, or the reason it cannot be. Pure. */
import { overLimit } from '../../text/length';
import { cleanText, fold } from '../../text/normalize';
import { tidyUtterance } from '../../text/utterance';
import { FIELD_MAX, type FieldError, type ReportDraft, type Section } from './draft';
import { parsePetitions } from './numbers';
import { align, slice, tidyValue } from './text';

export type AnswerResult =
  | { ok: true; draft: ReportDraft }
  | { ok: false; error: FieldError; length?: number };

const NONE_WORDS = new Set([
  'khong',
  'khong co',
  'ko',
  'ko co',
  'k',
  'k co',
  'khong co gi',
  'chua co',
  'chua co gi',
  'none',
  'no',
]);

/** "không", "ko có", "chưa có gì": the section has nothing to say (never stored as its text). */
export const saysNone = (text: string) => NONE_WORDS.has(fold(tidyUtterance(text)).replace(/[.!]+$/, ''));

/** `none`: the "Không có" button (or the words) for a section that may be empty. */
export function applyAnswer(
  draft: ReportDraft,
  section: Section,
  text: string | { none: true },
): AnswerResult {
  const next: ReportDraft = { ...draft };
  const none = typeof text !== 'string' || saysNone(text);
  if (section === 'petitions') {
    if (none) {
      next.petitionsRaised = 0;
      next.petitionsResolved = 0;
      delete next.petitionsText;
      return { ok: true, draft: next };
    }
    const value = cleanText(text as string);
    const a = align(value);
    const p = parsePetitions(a.folded);
    if (!p.ok) return { ok: false, error: p.error };
    const line = tidyValue(slice(a, p.textStart));
    const long = overLimit(line, FIELD_MAX);
    if (long !== null) return { ok: false, error: 'too_long', length: long };
    next.petitionsRaised = p.raised;
    next.petitionsResolved = p.resolved;
    if (line) next.petitionsText = line;
    else delete next.petitionsText;
    return { ok: true, draft: next };
  }
  if (none && (section === 'difficulties' || section === 'proposals')) {
    delete next[section];
    return { ok: true, draft: next };
  }
  if (typeof text !== 'string') return { ok: false, error: 'empty' };
  const value = tidyValue(cleanText(text));
  if (!value) return { ok: false, error: 'empty' };
  const long = overLimit(value, FIELD_MAX);
  if (long !== null) return { ok: false, error: 'too_long', length: long };
  next[section] = value;
  return { ok: true, draft: next };
}

/** Sections a "Không có" button is offered for. */
export function mayBeNone(section: Section): boolean {
  return section === 'petitions' || section === 'difficulties' || section === 'proposals';
}
