/**
 * The one-message report: `baocao tháng 11: an ninh ổn định; sản xuất lúa đông xuân đạt; kiến nghị
 * 3/2 đường liên thôn xuống cấp; đề xuất hỗ trợ kinh phí`. Sections are split on ";" and new lines
 * (and on ", <heading>" for the main headings), headings are matched loosely, and a section that
 * cannot be read is reported back as an error, never guessed. Never throws.
 */
import { type FieldError, type ReportDraft, type Section, validateDraft } from './draft';
import { matchHeading } from './fields';
import { parsePetitions } from './numbers';
import { matchPeriod, type PeriodResult } from './period';
import { type Aligned, align, slice, tidyValue } from './text';

export interface ParsedReport {
  /** The month written at the start, when one was. */
  period?: PeriodResult;
  /** A unit code written before the month or the sections ("KP3"), as typed. */
  unitWord?: string;
  draft: ReportDraft;
  /** Sections written but unreadable; they are asked again. */
  errors: { section: Section; error: FieldError }[];
  /** Pieces with no heading we know (shown back so the person sees what was left out). */
  unknown: string[];
  /** True when at least one heading was found. */
  anySection: boolean;
}

const BULLET = /^[\s\-*•+>]*(?:\d{1,2}[.)]\s+)?/u;

interface Piece {
  start: number;
  end: number;
}

/** Splits on ; and new lines, then before a strong heading that follows ", " or ". ". */
function pieces(a: Aligned): Piece[] {
  const out: Piece[] = [];
  const f = a.folded;
  let start = 0;
  const push = (end: number) => {
    if (f.slice(start, end).trim() !== '') out.push({ start, end });
  };
  for (let i = 0; i < f.length; i++) {
    const ch = f[i]!;
    if (ch === ';' || ch === '\n') {
      push(i);
      start = i + 1;
    } else if ((ch === ',' || ch === '.') && f[i + 1] === ' ') {
      const rest = f.slice(i + 1).replace(/^\s+/, '');
      if (matchHeading(rest, { exactOnly: true, strongOnly: true })) {
        push(i);
        start = i + 1;
      }
    }
  }
  push(f.length);
  return out;
}

/** The same heading twice ("an ninh ...; an ninh ...") keeps both texts. */
function setText(d: ReportDraft, s: Exclude<Section, 'petitions'>, value: string) {
  d[s] = d[s] ? `${d[s]}; ${value}` : value;
}

export function parseReport(input: string, now: Date, tz: string): ParsedReport {
  const out: ParsedReport = { draft: {}, errors: [], unknown: [], anySection: false };
  const text = String(input)
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ');
  const a = align(text);
  let from = 0;

  // A unit code ("KP3") and a month may come first, in either order.
  for (let round = 0; round < 2; round++) {
    const rest = a.folded.slice(from);
    const lead = /^[\s,:;-]*/.exec(rest)![0].length;
    const period = out.period ? null : matchPeriod(rest.slice(lead), now, tz);
    if (period) {
      out.period = period.result;
      from += lead + period.length;
      continue;
    }
    const code = /^([a-z]{1,6}\d{1,4}[a-z0-9]*)(?![\p{L}\p{N}])/u.exec(rest.slice(lead));
    if (code && !out.unitWord && !matchHeading(rest.slice(lead))) {
      out.unitWord = slice(a, from + lead, from + lead + code[1]!.length).toUpperCase();
      from += lead + code[1]!.length;
    }
  }
  const body = align(slice(a, from).replace(/^[\s:,.-]+/, ''));

  const seen = new Set<Section>();
  for (const p of pieces(body)) {
    const piece = align(slice(body, p.start, p.end).replace(BULLET, ''));
    const heading = matchHeading(piece.folded);
    if (!heading) {
      // Not guessed into a neighbouring section: shown back so the person can place it.
      const value = tidyValue(slice(piece, 0));
      if (value) out.unknown.push(value.length > 60 ? `${value.slice(0, 60)}…` : value);
      continue;
    }
    out.anySection = true;
    const value = tidyValue(slice(piece, heading.length));
    const section = heading.section;
    if (section === 'petitions') {
      if (seen.has('petitions')) {
        out.errors.push({ section, error: 'numbers' });
        continue;
      }
      seen.add(section);
      if (!value) {
        out.errors.push({ section, error: 'empty' });
        continue;
      }
      const v = align(value);
      const pet = parsePetitions(v.folded);
      if (!pet.ok) {
        out.errors.push({ section, error: pet.error });
        continue;
      }
      out.draft.petitionsRaised = pet.raised;
      out.draft.petitionsResolved = pet.resolved;
      const line = tidyValue(slice(v, pet.textStart));
      if (line) out.draft.petitionsText = line;
      continue;
    }
    seen.add(section);
    if (!value) {
      out.errors.push({ section, error: 'empty' });
      continue;
    }
    setText(out.draft, section, value);
  }

  for (const e of validateDraft(out.draft)) {
    if (!out.errors.some((x) => x.section === e.section)) out.errors.push(e);
  }
  // An unreadable section is asked again: drop what was half-read of it.
  for (const e of out.errors) {
    if (e.section === 'petitions') {
      delete out.draft.petitionsRaised;
      delete out.draft.petitionsResolved;
      delete out.draft.petitionsText;
    } else delete out.draft[e.section];
  }
  return out;
}
