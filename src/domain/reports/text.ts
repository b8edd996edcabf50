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
