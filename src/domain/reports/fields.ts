/**
 * The headings people write in a one-message report, folded and without spaces, and a tolerant
 * match: "an ninh", "anninh", "ANTT", "an nnih" (a typo) all name the security section.
 */

import { editDistance } from '../../text/edit-distance';
import type { Section } from './draft';

interface Keyword {
  word: string;
  section: Section;
  /** Strong headings may also start a section after a comma or full stop inside a segment. */
  strong?: boolean;
}

const KEYWORDS: Keyword[] = [
  { word: 'anninh', section: 'security', strong: true },
  { word: 'anninhtrattu', section: 'security', strong: true },
  { word: 'anninhchinhtri', section: 'security', strong: true },
  { word: 'antt', section: 'security' },
  { word: 'antoan', section: 'security' },
  { word: 'trattu', section: 'security' },
  { word: 'security', section: 'security' },
  { word: 'sanxuat', section: 'production', strong: true },
  { word: 'sanxuatdoisong', section: 'production', strong: true },
  { word: 'sanxuatkinhdoanh', section: 'production', strong: true },
  { word: 'sx', section: 'production' },
  { word: 'kinhte', section: 'production' },
  { word: 'doisong', section: 'production' },
  { word: 'production', section: 'production' },
  { word: 'kiennghi', section: 'petitions', strong: true },
  { word: 'kiennghicuadan', section: 'petitions', strong: true },
  { word: 'kiennghicutri', section: 'petitions', strong: true },
  { word: 'kn', section: 'petitions' },
  { word: 'donthu', section: 'petitions' },
  { word: 'petitions', section: 'petitions' },
  { word: 'khokhan', section: 'difficulties', strong: true },
  { word: 'khokhanvuongmac', section: 'difficulties', strong: true },
  { word: 'vuongmac', section: 'difficulties' },
  { word: 'kk', section: 'difficulties' },
  { word: 'difficulties', section: 'difficulties' },
  { word: 'dexuat', section: 'proposals', strong: true },
  { word: 'denghi', section: 'proposals', strong: true },
  { word: 'kiennghidexuat', section: 'proposals', strong: true },
  { word: 'dexuatkiennghi', section: 'proposals', strong: true },
  { word: 'dx', section: 'proposals' },
  { word: 'proposals', section: 'proposals' },
];

/** How many typos a heading of this length may carry; short ones must be exact. */
function allowed(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

export interface HeadingMatch {
  section: Section;
  /** Length in the folded text of the heading words (not the separator after them). */
  length: number;
  distance: number;
}

/**
 * The heading at the start of folded text, looking at its first one to four words. An exact
 * heading beats a near one; among equals the longer heading wins ("san xuat doi song").
 */
export function matchHeading(folded: string, opts: { exactOnly?: boolean; strongOnly?: boolean } = {}) {
  const words: { end: number; text: string }[] = [];
  // Headings are words only and end at the first punctuation ("an ninh: ...", "sx- ...", "kn 3/2").
  for (const m of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (words.length >= 4) break;
    const gap = folded.slice(words.length === 0 ? 0 : words[words.length - 1]!.end, m.index);
    if (gap.trim() !== '' || /\d/.test(m[0])) break;
    words.push({ end: m.index + m[0].length, text: m[0] });
  }
  let best: HeadingMatch | null = null;
  for (let n = 1; n <= words.length; n++) {
    const joined = words
      .slice(0, n)
      .map((w) => w.text)
      .join('');
    for (const k of KEYWORDS) {
      if (opts.strongOnly && !k.strong) continue;
      if (Math.abs(joined.length - k.word.length) > 2) continue;
      const d = joined === k.word ? 0 : opts.exactOnly ? 99 : editDistance(joined, k.word);
      if (d > (opts.exactOnly ? 0 : allowed(k.word.length))) continue;
      const length = words[n - 1]!.end;
      if (!best || d < best.distance || (d === best.distance && length > best.length))
        best = { section: k.section, length, distance: d };
    }
  }
  return best;
}
