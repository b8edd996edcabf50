/**
 * The answer to a message nobody understood: one or two lines, never the whole help. The command
 * the person probably meant (a slip in its name), else the few they use most, and "trogiup".
 */
import type { CommandDef } from '../../commands/define';
import type { PersonContext } from '../../db/repo/people';
import { usualCommands } from '../../db/repo/usage';
import type { Db } from '../../db/types';
import { isNext } from '../domain/summaries/paging';
import { common } from '../messages/vi';
import { editDistance } from '../text/edit-distance';
import { fold } from '../text/normalize';
import { tidyUtterance } from '../text/utterance';
import { mayUse } from './access';
import { keptDraftLines } from './kept-drafts';

/** Never offered as "usual": they are not what a person came to do. */
const NOT_USUAL = new Set(['batdau', 'trogiup', 'huy', 'toi']);
const USUAL_COUNT = 4;

function closest(word: string, usable: readonly CommandDef[]): CommandDef | null {
  // Short words ("noi", "toi") are ordinary Vietnamese: only longer ones are taken for slips.
  if (word.length < 4) return null;
  let best: { c: CommandDef; d: number } | null = null;
  for (const c of usable) {
    for (const alias of [c.name, ...c.aliases]) {
      if (alias.includes(' ') || alias.length < 3) continue;
      const d = editDistance(word, alias);
      if (d <= (word.length >= 6 ? 2 : 1) && (!best || d < best.d)) best = { c, d };
    }
  }
  return best?.c ?? null;
}

export async function unknownReply(
  db: Db,
  person: PersonContext | null,
  text: string,
  commands: readonly CommandDef[],
  flowKey: string,
): Promise<string> {
  if (isNext({ kind: 'text', text })) return common.noMorePages;
  if (!person) return common.notLinked;
  const usable = commands.filter((c) => mayUse(c, person));
  const typed = tidyUtterance(text).split(/\s+/)[0] ?? '';
  const near = closest(fold(typed).replace(/[^a-z0-9]/g, ''), usable);
  if (near) return common.unknownClosest(typed.slice(0, 20), near.name);
  // Most often an answer to the question of a record put aside a moment ago: say how to go back to it.
  const kept = await keptDraftLines(db, flowKey);
  if (kept.length > 0) return [common.unknownBrief, ...kept].join('\n');
  const offered = (name: string) => !NOT_USUAL.has(name) && usable.some((c) => c.name === name);
  const usual = (await usualCommands(db, person.id, USUAL_COUNT + NOT_USUAL.size)).filter(offered);
  // Someone new has no history yet: the first commands of the help list they may use.
  if (usual.length === 0)
    usual.push(
      ...usable
        .map((c) => c.name)
        .filter(offered)
        .slice(0, USUAL_COUNT - 1),
    );
  return usual.length > 0 ? common.unknownUsual(usual.slice(0, USUAL_COUNT)) : common.unknownBare;
}
