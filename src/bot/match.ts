/**
 * Command recognition: slash optional, case and diacritics ignored, `@botname` ignored, aliases and
 * multi-word spellings ("bat dau") accepted, the longest matching alias wins. Courtesy around the
 * command ("ạ", "nhé?", an emoji) is ignored, and a slip of one letter in a long command name
 * ("baocoa", "tonhop", "lcih") still finds it when no other command is as close.
 */
import type { CommandDef } from '../../commands/define';
import { editDistance } from '../text/edit-distance';
import { cleanText, fold } from '../text/normalize';
import { untelex } from '../text/telex';
import { stripLeading, tidyUtterance } from '../text/utterance';

export interface Match {
  command: CommandDef;
  /** The text after the command words, cleaned to one line (single spaces), diacritics kept. */
  args: string;
  /** The same with its line breaks kept (a report written on several lines). */
  lines: string;
  /** Found by a one-letter slip, not typed exactly. */
  fuzzy?: boolean;
}

/** NFC, invisible characters removed, spaces collapsed inside each line, blank lines dropped. */
function cleanLines(text: string): string[] {
  return text
    .split(/\r\n?|\n/)
    .map(cleanText)
    .filter((l) => l !== '');
}

/** Two neighbouring letters swapped ("lcih" for "lich"). */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!];
}

/** A command whose name is one slip away from `word`, when exactly one is. */
function closeCommand(word: string, commands: readonly CommandDef[]): CommandDef | null {
  if (word.length < 4) return null;
  const hits = commands.filter((c) => {
    // Leaving a flow by a slip ("thoai" for "thoat") would lose work: huy must be typed exactly.
    if (c.ownsFlow || c.name === word) return false;
    if (c.name.length >= 5) return editDistance(word, c.name) === 1;
    return c.name.length === 4 && isSwap(word, c.name);
  });
  return hits.length === 1 ? hits[0]! : null;
}

// Every update is matched against every alias: their words are split once per command list.
const split = new WeakMap<
  readonly CommandDef[],
  { command: CommandDef; alias: string; aliasWords: string[] }[]
>();
function aliasesOf(commands: readonly CommandDef[]) {
  let list = split.get(commands);
  if (!list) {
    list = commands.flatMap((command) =>
      [command.name, ...command.aliases].map((alias) => ({ command, alias, aliasWords: alias.split(' ') })),
    );
    split.set(commands, list);
  }
  return list;
}

export function matchCommand(text: string, commands: readonly CommandDef[]): Match | null {
  const lines = cleanLines(tidyUtterance(text));
  if (lines.length === 0) return null;
  lines[0] = lines[0]!.replace(/^\/\s*/, '');
  const words = lines[0].split(' ').filter((w) => w !== '');
  if (words.length === 0) return null;
  // "/start@chibo_bot CODE" and "batdau@chibo_bot": drop the bot mention from the first word.
  words[0] = words[0]!.replace(/@[A-Za-z0-9_]+$/, '');
  const folded = words.map((w) => fold(w));
  // "bat dau" typed as one word is caught by the alias list; "batdau:" by stripping punctuation.
  const bare = folded[0]!.replace(/[:.,!?]+$/, '');
  let best: { command: CommandDef; n: number; fuzzy?: boolean } | null = null;
  for (const { command, alias, aliasWords } of aliasesOf(commands)) {
    const n = aliasWords.length;
    if (n > folded.length || (best && n <= best.n)) continue;
    if (aliasWords.every((w, i) => folded[i] === w)) best = { command, n };
    else if (n === 1 && bare === alias) best = { command, n };
  }
  if (!best) {
    // Telex keys left in the command words ("baos caos", "hopj"): read as the command, not typed exactly.
    const plain = folded.map((w) => untelex(w.replace(/[:.,!?]+$/, '')));
    for (const { command, aliasWords } of aliasesOf(commands)) {
      const n = aliasWords.length;
      if (n > plain.length || (best && n <= best.n)) continue;
      if (aliasWords.every((w, i) => plain[i] === w)) best = { command, n, fuzzy: true };
    }
  }
  if (!best) {
    const close = closeCommand(bare, commands);
    if (close) best = { command: close, n: 1, fuzzy: true };
  }
  if (!best) return null;
  const rest = [words.slice(best.n).join(' '), ...lines.slice(1)].filter((l) => l !== '');
  if (best.command.keepsTail && rest.length > 0) {
    // The same words, read again from the text with its end as typed (the start is tidied alike).
    const typed = cleanLines(stripLeading(text));
    const first = typed[0]!
      .replace(/^\/\s*/, '')
      .split(' ')
      .filter((w) => w !== '');
    rest.splice(
      0,
      rest.length,
      ...[first.slice(best.n).join(' '), ...typed.slice(1)].filter((l) => l !== ''),
    );
  }
  return {
    command: best.command,
    args: rest.join(' ').trim(),
    lines: rest.join('\n').trim(),
    ...(best.fuzzy ? { fuzzy: true } : {}),
  };
}
