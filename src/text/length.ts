/**
 * A text's length as the person sees it: one emoji, or a letter with its tone mark typed as two
 * code points, is one character. Limits are said in these, so the count in a refusal matches
 * what they can count on their screen, and a limit never splits a character.
 */
const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

/** The length when over `max`, else null: a limit checked and named in one place. */
export const overLimit = (text: string | undefined, max: number): number | null => {
  if (!text || text.length <= max) return null; // never fewer characters than code units
  const n = visibleLength(text);
  return n > max ? n : null;
};
