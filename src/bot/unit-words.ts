/**
 * A unit named at the start of what was typed, by its code or by its name without diacritics, in
 * full or by its last words: "KP3 5/12 …", "khu pho dong tam 5/12 …", "dong tam 5/12 …".
 */
import { fold } from '../text/normalize';

export interface Named {
  code: string;
  name: string;
}

/** Generic heads of unit names, dropped so that "khu pho dong tam" names "Chi bộ khu phố Đông Tâm". */
const HEADS = /^(?:chi bo|dang bo|dang uy|to dang)\s+/;

/** The folded ways a unit can be named: its whole name, without "Chi bộ", or its last words. */
export function nameKeys(u: Named): string[] {
  const keys = keysOf(fold(u.name));
  // A note in brackets after the name ("Chi bộ bản Chanh (mẫu)", "… (cũ)") is not typed.
  const plain = fold(u.name).replace(/\s*\([^)]*\)\s*$/, '');
  return plain !== fold(u.name) && plain !== '' ? [...keys, ...keysOf(plain)] : keys;
}

function keysOf(folded: string): string[] {
  const name = folded
    .replace(/[(),.]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const bare = name.replace(HEADS, '');
  const words = bare.split(' ');
  // The last words alone, two or more of them ("dong tam" of "khu pho dong tam").
  const tails = words.slice(1, -1).map((_, i) => words.slice(i + 1).join(' '));
  return [name, bare, ...tails];
}

export interface UnitAtStart<U> {
  /** The units the words name (several: the person must choose). */
  units: U[];
  /** What follows the unit's words. */
  rest: string;
}

export function unitAtStart<U extends Named>(units: readonly U[], text: string): UnitAtStart<U> | null {
  const words = text.split(' ').filter((w) => w !== '');
  if (words.length === 0) return null;
  const first = fold(words[0]!).replace(/[,.:;]+$/, '');
  const byCode = units.filter((u) => fold(u.code) === first);
  if (byCode.length > 0) return { units: byCode, rest: words.slice(1).join(' ') };
  const keyed = units.map((u) => ({ u, keys: nameKeys(u) }));
  for (let n = Math.min(6, words.length); n >= 1; n--) {
    const phrase = fold(words.slice(0, n).join(' ')).replace(/[,.:;]+$/, '');
    const hits = keyed.filter((k) => k.keys.includes(phrase)).map((k) => k.u);
    if (hits.length > 0) return { units: hits, rest: words.slice(n).join(' ') };
  }
  return null;
}
