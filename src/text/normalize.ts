/** Text folding so that "BẮT ĐẦU", "bat dau" and "Bắt đầu" compare equal. */

/**
 * Format characters a keyboard, a copy from a web page or a chat app's bidi handling slips into
 * words: soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space / joiners,
 * directional marks, embeddings, overrides and isolates (U+2066–U+2069), word joiner, BOM.
 */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** NFC, invisible characters removed, whitespace collapsed: what we store of user text. */
export function cleanText(input: string): string {
  return input.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * Lower case without diacritics; đ is mapped by hand because NFD does not decompose it. NFKD, not
 * NFD, so that full-width letters and digits from a phone's CJK keyboard ("ＣＢ１") compare as
 * "cb1"; look-alikes from other scripts (Cyrillic "СВ1") stay themselves and match nothing.
 */
export function fold(input: string): string {
  return cleanText(input)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(input: string): string {
  return input.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
