/**
 * The "realistic command" the benchmarks and the crash test send: a monthly report in one message
 * once the report command is registered, until then `/toi` (a linked person's read of their roles).
 * Chosen at run time from the registry, so the proof follows the features as they land.
 */
import { commands } from '../../commands/index';

export const usesReport = commands.some((c) => c.name === 'baocao');

/** The text a secretary sends; `i` varies nothing that the handler would reject. */
export function realisticText(): string {
  return usesReport
    ? 'baocao thang 11: anninh on dinh; sanxuat lua dat; kiennghi 3/2 duong xuong cap; dexuat ho tro'
    : '/toi';
}

export const realisticLabel = usesReport
  ? 'report in one message (baocao → checked, confirmation asked)'
  : '/toi (report command not landed)';

/**
 * A whole submission: the report, then "1" (the first button, "Gửi báo cáo") which saves it and
 * answers with the confirmation. Without the report command, one `/toi`.
 */
export function submissionSteps(): string[] {
  return usesReport ? [realisticText(), '1'] : ['/toi'];
}

/** A Telegram update carrying `text` from user `userId` in their private chat. */
export function telegramUpdate(updateId: number, userId: number, text: string) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1764126000,
      chat: { id: userId, type: 'private', first_name: 'An' },
      from: { id: userId, is_bot: false, first_name: 'An', language_code: 'vi' },
      text,
    },
  };
}
