/**
 * What people put around what they mean: a leading emoji or bullet, a trailing "ạ", "nhé", "?" or
 * emoji ("baocao ạ", "🙏 lich nhé?"). Removed before a command or an answer is read; free text
 * (notes, petitions) is stored as typed.
 */
import { fold } from './normalize';

/** Folded courtesy words that carry no meaning at the end of a command or an answer. */
const COURTESY = new Set([
  'a',
  'ah',
  'nhe',
  'nha',
  'nhi',
  'nhen',
  'ne',
  'voi',
  // "giúp" alone is not here: "trợ giúp" is a command.
  'giup em',
  'giup toi',
  'giup minh',
  'giup con',
  'gium',
  'dum',
  'di',
  'cam on',
  'xin cam on',
  'thanks',
  'please',
]);

/** Emoji, their joiners and modifiers, punctuation and symbols: decoration at the ends of a message. */
const EMOJI =
  '\\p{Extended_Pictographic}|\\p{Emoji_Modifier}|\\u{FE0F}|\\u{200D}|\\u{20E3}|[\\u{1F1E6}-\\u{1F1FF}]';
const DECORATION = new RegExp(`^(?:\\s|${EMOJI}|\\p{P}|\\p{S})$`, 'u');
const TRAILING = new RegExp(`(?:\\s|${EMOJI}|[?!.…,;~])+$`, 'u');

/** The text without decoration at its start: an emoji or a bullet before the command. */
export function stripLeading(text: string): string {
  let i = 0;
  for (const ch of text) {
    // The slash of "/hop" and a sign before a number ("-3/2") stay: they mean something.
    if (ch === '/' || !DECORATION.test(ch)) break;
    if ((ch === '-' || ch === '+') && /\d/.test(text[i + 1] ?? '')) break;
    i += ch.length;
  }
  return text.slice(i);
}

/** The text without decoration at its ends; inner text, line breaks included, is left alone. */
export function tidyUtterance(text: string): string {
  const out = stripLeading(text).replace(TRAILING, '');
  const words = out.split(/(\s+)/);
  // words alternates word, space, word…; drop courtesy words from the end, keeping at least one word.
  for (;;) {
    const n = words.length;
    if (n >= 5 && COURTESY.has(fold(`${words[n - 3]} ${words[n - 1]}`))) words.splice(n - 4, 4);
    else if (n >= 3 && COURTESY.has(fold(words[n - 1]!))) words.splice(n - 2, 2);
    else break;
    words[words.length - 1] = words[words.length - 1]!.replace(TRAILING, '');
  }
  return words.join('');
}
