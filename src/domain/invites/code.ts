/**
 * Invite codes: 16 digits, shown as four groups of four ("4827 1936 0512 3384").
 *
 * Why digits only. The people who type them are often elderly, on a phone, with a Vietnamese
 * keyboard. Telex turns letters after a vowel into tone marks ("as" → "á", "dd" → "đ", "w" → "ư")
 * and VNI does the same with digits after a vowel ("a1" → "á"), so a code with vowels or letters
 * can change while it is typed; digits with no letter around them are left alone by both. Digits are
 * one keyboard page (no switching between letters and numbers), have no capitals, and read out
 * unambiguously over the phone ("bốn tám hai bảy"), where Vietnamese letter names rhyme (bê, pê,
 * vê, đê, tê, xê, giê). Four groups of four read like a card number; Excel keeps a grouped code as
 * text (an ungrouped 16-digit number loses its last digit there).
 *
 * The last digit is a Damm check digit: every single wrong digit and every swap of two neighbours
 * is caught before the database is asked, so a typo gets "one digit is wrong" instead of "unknown
 * code" and does not count against the limit shared by everybody (see ./attempts).
 *
 * Why 15 random digits are enough (10^15 codes). The guesses that reach the database are capped at
 * OVERALL_LIMIT = 600 per hour for the whole deployment, whatever the number of accounts used, so
 * over the longest lifetime a code may have (INVITE_TTL_DAYS ≤ 365) at most
 * 600 × 24 × 365 = 5,256,000 guesses are looked up. Even with 100,000 codes valid at once (a whole
 * province imported in one go is about 10,000), the chance that any guess ever hits one is at most
 * 5,256,000 × 100,000 / 10^15 ≈ 5.3 × 10^-4; with the defaults (14 days, 10,000 codes) it is
 * 600 × 24 × 14 × 10,000 / 10^15 ≈ 2.0 × 10^-6. Codes are drawn without bias (rejection sampling).
 */

export const CODE_DIGITS = 16;

// Damm's quasigroup of order 10 (H. M. Damm, 2004): check = fold(table, 0, digits).
const DAMM = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
] as const;

export function dammDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim]![Number(ch)]!;
  return interim;
}

/** A new code, digits only (store this; show `formatInviteCode` of it). */
export function newInviteCode(
  random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  let body = '';
  while (body.length < CODE_DIGITS - 1) {
    for (const b of random(CODE_DIGITS)) {
      // 250 is the largest multiple of 10 below 256: bytes above it would favour 0–5.
      if (b < 250 && body.length < CODE_DIGITS - 1) body += String(b % 10);
    }
  }
  return body + String(dammDigit(body));
}

export function formatInviteCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

export type CodeReading =
  | { kind: 'empty' }
  | { kind: 'ok'; code: string }
  /** Digits, but one is wrong or two are swapped (the check digit does not match). */
  | { kind: 'typo' }
  /** The 6-character codes of earlier versions: no longer accepted (too easy to guess). */
  | { kind: 'old' }
  | { kind: 'malformed' };

/**
 * What a person typed after `batdau`: spaces, dots, dashes and full-width digits are forgiven, as
 * they come from copying "4827 1936 0512 3384" or from a phone's number pad, and so are words around
 * the digits ("mã 4827 … ạ"): the check digit, not the shape, decides whether it is worth a lookup.
 */
export function readInviteCode(typed: string): CodeReading {
  const compact = typed.normalize('NFKC').replace(/[\s.\-_–—]+/g, '');
  if (!compact) return { kind: 'empty' };
  const digits = compact.replace(/\D/g, '');
  if (digits.length === CODE_DIGITS)
    return dammDigit(digits) === 0 ? { kind: 'ok', code: digits } : { kind: 'typo' };
  if (/^[A-Za-z0-9]{6}$/.test(compact) && /[A-Za-z]/.test(compact)) return { kind: 'old' };
  return { kind: 'malformed' };
}
