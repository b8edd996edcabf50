/** A monthly report as the secretary writes it, before or after it is saved; every field optional. */
import { overLimit } from '../../text/length';

export const FIELD_MAX = 500;
export const COUNT_MAX = 100_000;

export interface ReportDraft {
  security?: string;
  production?: string;
  petitionsRaised?: number;
  petitionsResolved?: number;
  petitionsText?: string;
  difficulties?: string;
  proposals?: string;
}

/** The parts a secretary answers one by one; petitions carry the two counts and their line of text. */
export const SECTIONS = ['security', 'production', 'petitions', 'difficulties', 'proposals'] as const;
export type Section = (typeof SECTIONS)[number];

/** Sections that must have an answer; difficulties and proposals may be left out ("không có"). */
export const REQUIRED: readonly Section[] = ['security', 'production', 'petitions'];

export type FieldError =
  | 'empty'
  | 'too_long'
  | 'numbers'
  | 'resolved_missing'
  | 'resolved_gt_raised'
  | 'too_many'
  | 'negative';

export function hasSection(d: ReportDraft, s: Section): boolean {
  if (s === 'petitions') return d.petitionsRaised !== undefined && d.petitionsResolved !== undefined;
  return d[s] !== undefined;
}

export function missingRequired(d: ReportDraft): Section[] {
  return REQUIRED.filter((s) => !hasSection(d, s));
}

/** Nothing at all worth sending: no text in any field and no petition. */
export function isEmptyDraft(d: ReportDraft): boolean {
  const texts = [d.security, d.production, d.petitionsText, d.difficulties, d.proposals];
  return texts.every((t) => !t || t.trim() === '') && !d.petitionsRaised && !d.petitionsResolved;
}

/** The checks every saved report passes, whatever way it was typed. */
export function validateDraft(d: ReportDraft): { section: Section; error: FieldError }[] {
  const out: { section: Section; error: FieldError }[] = [];
  for (const s of ['security', 'production', 'difficulties', 'proposals'] as const) {
    if (overLimit(d[s], FIELD_MAX) !== null) out.push({ section: s, error: 'too_long' });
  }
  if (overLimit(d.petitionsText, FIELD_MAX) !== null) out.push({ section: 'petitions', error: 'too_long' });
  const { petitionsRaised: r, petitionsResolved: g } = d;
  if (r !== undefined && g !== undefined && g > r)
    out.push({ section: 'petitions', error: 'resolved_gt_raised' });
  return out;
}

/** The JSON kept in each revision. */
export function snapshot(d: ReportDraft): Required<{ [K in keyof ReportDraft]: ReportDraft[K] | null }> {
  return {
    security: d.security ?? null,
    production: d.production ?? null,
    petitionsRaised: d.petitionsRaised ?? null,
    petitionsResolved: d.petitionsResolved ?? null,
    petitionsText: d.petitionsText ?? null,
    difficulties: d.difficulties ?? null,
    proposals: d.proposals ?? null,
  };
}
