/**
 * Folding that keeps positions: one folded character per source character, so that what the parser
 * finds in folded text can be cut from the text the person typed, diacritics and all.
 */
import { fold } from '../../text/normalize';

export interface Aligned {
  chars: string[];
  folded: string;
}

export function align(text: string): Aligned {
  const chars = Array.from(text);
  let folded = '';
  for (const ch of chars) {
    const f = ch.length === 1 && ch.charCodeAt(0) < 0x80 ? ch.toLowerCase() : fold(ch);
    // Anything that does not fold to one character (emoji, lone marks) stands as a neutral symbol.
    folded += f.length === 1 ? f : '\u00b7';
  }
  return { chars, folded };
}

export function slice(a: Aligned, from: number, to = a.chars.length): string {
  return a.chars.slice(from, to).join('');
}

/** Removes separators people put between a heading and its text ("an ninh: ...", "sx - ..."). */
export function tidyValue(value: string): string {
  return value
    .replace(/^[\s:=\-–—.,>)]+/u, '')
    .replace(/[\s;,.]+$/u, '')
    .trim();
}

/** Edits between two words, a swap of neighbours counting as one ("nnih" for "ninh"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
