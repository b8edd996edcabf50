/**
 * Telegram's command menu (setMyCommands), generated from the command registry. Telegram picks the
 * menu by scope and language, most specific first: a person whose app is not in Vietnamese sees the
 * menu set without a language, so the same menu is set both without one and for `vi`. Groups get
 * only the commands that answer in the group (Telegram adds `@bot` when one is picked there, which
 * is what privacy mode lets through).
 */
import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';

/** The registry's fields the menu needs (a CommandDef fits). */
export interface MenuCommand {
  name: string;
  /** The menu's description. */
  summary: string;
  /** 'group': the command answers in a group chat (see CommandDef.inGroup). */
  inGroup?: 'group' | 'private';
}

export interface TelegramMenu {
  commands: BotCommand[];
  scope: BotCommandScope;
  language_code?: 'vi';
}

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;

export function telegramCommandMenus(list: readonly MenuCommand[]): TelegramMenu[] {
  const all = toBotCommands(list);
  const inGroups = toBotCommands(list.filter((c) => c.inGroup === 'group'));
  const scopes: [BotCommandScope, BotCommand[]][] = [
    [{ type: 'all_private_chats' }, all],
    [{ type: 'all_group_chats' }, inGroups],
  ];
  return scopes.flatMap(([scope, commands]) => [
    { commands, scope },
    { commands, scope, language_code: 'vi' as const },
  ]);
}

/** Sets every menu; the first failure is thrown after all were tried. */
export async function applyTelegramMenus(api: Api, menus: readonly TelegramMenu[]): Promise<void> {
  const results = await Promise.allSettled(
    menus.map((m) =>
      api.setMyCommands(m.commands, {
        scope: m.scope,
        ...(m.language_code ? { language_code: m.language_code } : {}),
      }),
    ),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

function toBotCommands(list: readonly MenuCommand[]): BotCommand[] {
  if (list.length > 100) throw new RangeError('Telegram allows at most 100 commands');
  return list.map(({ name, summary }) => {
    if (!COMMAND_NAME.test(name)) throw new RangeError(`command "${name}" must be 1–32 of a-z 0-9 _`);
    const text = summary.trim();
    if (text.length < 1 || text.length > 256) {
      throw new RangeError(`description of "${name}" must be 1–256 characters`);
    }
    return { command: name, description: text };
  });
}
