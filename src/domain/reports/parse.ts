/**
 * The one-message report as people write it: `baocao tháng 11: an ninh ổn định; sản xuất lúa đạt;
 * kiến nghị 3/2 đường xuống cấp`, but also `baocao thang 11 an ninh on dinh san xuat binh thuong
 * khong co kien nghi` (no separators at all), one section a line with bullets, `3 kiến nghị đã giải
 * quyết 2`. A section starts at its heading: anywhere after ";", a new line or a bullet (typos
 * allowed), after ", " or ". " (exact main headings), and in the middle of a sentence for an exact
 * main heading not seen yet that has words after it. A section that cannot be read is reported
 * back as an error, never guessed. Never throws.
 */
import { mayBeNone, saysNone } from './answers';
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

/** A bullet or number at the start of a line: "- ", "• ", "1. ", "2) ". */
const BULLET = /^[ \t]*(?:[-*•+>]+[ \t]*|\d{1,2}[.)][ \t]+)/u;
/** "không có kiến nghị", "3 kiến nghị …", "có 3 kiến nghị …": the petitions section starting before its heading. */
const PETITIONS_LEAD =
  /^(?:(?:khong|ko|k|chua)\s*co\s*(?:kien\s*nghi|kn)|khong\s*(?:kien\s*nghi|kn)|(?:co\s+|tiep\s*nhan\s+|nhan\s+)?\d[\d.]*\s*(?:kien\s*nghi|kn)(?![\p{L}]))/u;
const WORD_START = /(?<![\p{L}\p{N}])[\p{L}\p{N}]/gu;

interface Cut {
  start: number;
  /** Where the value begins (after the heading words). */
  value: number;
  section: Section;
}

/**
 * The sections' starts in folded text. ";" and new lines end a section: what follows them without
 * a heading is not added to the section before.
 */
function cuts(f: string): { cuts: Cut[]; stops: number[] } {
  const out: Cut[] = [];
  const stops: number[] = [];
  const seen = new Set<Section>();
  let from = 0;
  for (const m of f.matchAll(/[;\n]/g)) stops.push(m.index);
  for (const m of f.matchAll(WORD_START)) {
    const at = m.index;
    if (at < from) continue;
    const before = f.slice(0, at).replace(/[ \t]+$/, '');
    const prev = before.at(-1);
    const rest = f.slice(at);
    const boundary = prev === undefined || prev === ';' || prev === '\n';
    const soft = prev === ',' || prev === '.';
    const lead = PETITIONS_LEAD.exec(rest);
    let cut: Cut | null = null;
    if (lead && (boundary || soft || !seen.has('petitions')))
      cut = { start: at, value: at, section: 'petitions' };
    else {
      const h = matchHeading(rest, boundary ? {} : { exactOnly: true, strongOnly: true });
      // In the middle of a sentence a heading counts once, and only with words after it.
      const words = /[\p{L}\p{N}]/u.test(rest.slice(h?.length ?? 0).split(/[;\n]/)[0] ?? '');
      if (h && (boundary || soft || (!seen.has(h.section) && words)))
        cut = { start: at, value: at + h.length, section: h.section };
    }
    if (!cut) continue;
    out.push(cut);
    seen.add(cut.section);
    from = cut.value;
  }
  return { cuts: out, stops };
}

/** The same heading twice ("an ninh ...; an ninh ...") keeps both texts. */
function setText(d: ReportDraft, s: Exclude<Section, 'petitions'>, value: string) {
  // "khó khăn: chưa có", "đề xuất không": typed, and empty (a correction clears the old text).
  if (mayBeNone(s) && saysNone(value)) {
    if (!d[s]) d[s] = undefined;
    return;
  }
  d[s] = d[s] ? `${d[s]}; ${value}` : value;
}

/** Bullets become spaces of the same length, so folded positions still cut the typed text. */
function withoutBullets(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(BULLET, (b) => ' '.repeat(b.length)))
    .join('\n');
}

function readPetitions(out: ParsedReport, raw: string) {
  const v = align(raw);
  const pet = parsePetitions(v.folded);
  if (!pet.ok) {
    out.errors.push({ section: 'petitions', error: pet.error });
    return;
  }
  out.draft.petitionsRaised = pet.raised;
  out.draft.petitionsResolved = pet.resolved;
  const line = tidyValue(slice(v, pet.textStart));
  if (line) out.draft.petitionsText = line;
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
  const body: Aligned = align(withoutBullets(slice(a, from).replace(/^[\s:,.-]+/, '')));
  const { cuts: found, stops } = cuts(body.folded);
  const length = body.chars.length;
  const stopAfter = (at: number) => stops.find((s) => s >= at) ?? length;
  const keepUnknown = (start: number, end: number) => {
    for (const piece of slice(body, start, end).split(/[;\n]/)) {
      const value = tidyValue(piece);
      if (value) out.unknown.push(value.length > 60 ? `${value.slice(0, 60)}…` : value);
    }
  };
  // Text with no heading before it has no section: shown back so the person can place it.
  let covered = 0;
  let petitions = 0;
  for (const [i, c] of found.entries()) {
    keepUnknown(covered, c.start);
    const end = Math.min(found[i + 1]?.start ?? length, stopAfter(c.value));
    covered = end;
    out.anySection = true;
    const raw = slice(body, c.value, end);
    const section = c.section;
    if (section === 'petitions') {
      if (++petitions > 1) continue;
      if (!tidyValue(raw) && c.value !== c.start) out.errors.push({ section, error: 'empty' });
      else readPetitions(out, raw);
      continue;
    }
    const value = tidyValue(raw);
    if (!value) out.errors.push({ section, error: 'empty' });
    else setText(out.draft, section, value);
  }
  keepUnknown(covered, length);
  if (petitions > 1 && !out.errors.some((e) => e.section === 'petitions'))
    out.errors.push({ section: 'petitions', error: 'numbers' });

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

/** Typed sections over a saved or drafted report; new petition counts without text drop the old text. */
export function mergeTyped(base: ReportDraft, typed: ReportDraft): ReportDraft {
  const merged = { ...base, ...typed };
  for (const k of Object.keys(typed) as (keyof ReportDraft)[]) if (typed[k] === undefined) delete merged[k];
  if (typed.petitionsRaised !== undefined && typed.petitionsText === undefined) delete merged.petitionsText;
  return merged;
}
