/** Text folding so that "BẮT ĐẦU", "bat dau" and "Bắt đầu" compare equal. */

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** NFC, invisible characters removed, whitespace collapsed: what we store of user text. */
export function cleanText(input: string): string {
  return input.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Lower case without diacritics; đ is mapped by hand because NFD does not decompose it. */
export function fold(input: string): string {
  return cleanText(input)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(input: string): string {
  return input.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
