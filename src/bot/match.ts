/**
 * Command recognition: slash optional, case and diacritics ignored, `@botname` ignored, aliases and
 * multi-word spellings ("bat dau") accepted. The longest matching alias wins.
 */
import type { CommandDef } from '../../commands/define';
import { cleanText, fold } from '../text/normalize';

export interface Match {
  command: CommandDef;
  /** The text after the command words, cleaned, diacritics kept. */
  args: string;
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
  const cleaned = cleanText(text).replace(/^\/\s*/, '');
  if (!cleaned) return null;
  const words = cleaned.split(' ');
  // "/start@chibo_bot CODE" and "batdau@chibo_bot": drop the bot mention from the first word.
  words[0] = words[0]!.replace(/@[A-Za-z0-9_]+$/, '');
  const folded = words.map((w) => fold(w));
  // "bat dau" typed as one word is caught by the alias list; "batdau:" by stripping punctuation.
  const bare = folded[0]!.replace(/[:.,!?]+$/, '');
  let best: { command: CommandDef; n: number } | null = null;
  for (const { command, alias, aliasWords } of aliasesOf(commands)) {
    const n = aliasWords.length;
    if (n > folded.length || (best && n <= best.n)) continue;
    if (aliasWords.every((w, i) => folded[i] === w)) best = { command, n };
    else if (n === 1 && bare === alias) best = { command, n };
  }
  if (!best) return null;
  return { command: best.command, args: words.slice(best.n).join(' ').trim() };
}
