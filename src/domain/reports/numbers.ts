/**
 * Counts as Vietnamese users write them ("." separates thousands: 1.200) and the petitions answer:
 * "3/2 đường liên thôn", "tiếp nhận 3, giải quyết 2", "không có". Works on folded text.
 */
import { COUNT_MAX, type FieldError } from './draft';

const NUM = '(\\d{1,3}(?:\\.\\d{3})+|\\d+)';

/** A whole count; undefined when it is not one (3,5 · 2.50 · ba). */
export function parseCount(text: string): number | undefined {
  const t = text.trim();
  if (!/^(\d{1,3}(\.\d{3})+|\d+)$/.test(t)) return undefined;
  const n = Number(t.replace(/\./g, ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

export type PetitionsParse =
  | { ok: true; raised: number; resolved: number; textStart: number }
  | { ok: false; error: FieldError };

const PAIR = new RegExp(`^${NUM}\\s*(?:/|:|-|tren)\\s*${NUM}(?![\\d.,]*\\d)`);
const WORDS = new RegExp(
  `^(?:(?:tiep\\s*nhan|nhan|co|phat\\s*sinh|tong)\\s*)?${NUM}\\s*(?:kien\\s*nghi|kn|vu\\s*viec|vu|y\\s*kien|don)?` +
    `\\s*[,;(]?\\s*(?:da\\s*)?(?:giai\\s*quyet|gq|xu\\s*ly|xl)\\s*(?:duoc\\s*|xong\\s*)?${NUM}(?![\\d.,]*\\d)\\)?`,
);
const NONE =
  /^(?:(?:khong|ko|k|chua)\s*co|khong|ko|0)(?:\s*(?:kien\s*nghi|kn|y\s*kien|gi|vu\s*viec)(?:\s*nao)?)?(?![\p{L}\p{N}])/u;
const SINGLE = new RegExp(`^(?:(?:tiep\\s*nhan|nhan|co|phat\\s*sinh)\\s*)?${NUM}(?![\\d.,]*\\d)(?!\\s*/)`);

/** Reads the two counts at the start of a folded petitions answer; the rest is the line of text. */
export function parsePetitions(folded: string): PetitionsParse {
  // A dash before a space separates ("kiến nghị - 3/2"); glued to the digit it is a minus ("-3/2").
  const lead = /^(?:[\s:=–—]|-(?!\d))*/.exec(folded)![0].length;
  const t = folded.slice(lead);
  if (/^-\d/.test(t)) return { ok: false, error: 'negative' };
  const m = PAIR.exec(t) ?? WORDS.exec(t);
  if (m) {
    const raised = parseCount(m[1]!);
    const resolved = parseCount(m[2]!);
    if (raised === undefined || resolved === undefined) return { ok: false, error: 'numbers' };
    if (raised > COUNT_MAX || resolved > COUNT_MAX) return { ok: false, error: 'too_many' };
    if (resolved > raised) return { ok: false, error: 'resolved_gt_raised' };
    return { ok: true, raised, resolved, textStart: lead + m[0].length };
  }
  const none = NONE.exec(t);
  if (none) return { ok: true, raised: 0, resolved: 0, textStart: lead + none[0].length };
  if (SINGLE.exec(t)) return { ok: false, error: 'resolved_missing' };
  return { ok: false, error: 'numbers' };
}
