export type WholeNumber = { ok: true; value: number } | { ok: false };

/**
 * A count as people write it: `1234`, or `1.234` with dots between groups of three (the Vietnamese
 * thousands separator). `25.5`, `25,5`, `1,234`, `-3`, `1e3` are not whole numbers: a decimal is
 * refused, never read as 255 or 25.
 */
export function parseWholeNumber(text: string, max = Number.MAX_SAFE_INTEGER): WholeNumber {
  const t = text.trim();
  if (!/^\d+$/.test(t) && !/^\d{1,3}(\.\d{3})+$/.test(t)) return { ok: false };
  const value = Number(t.replace(/\./g, ''));
  return Number.isSafeInteger(value) && value <= max ? { ok: true, value } : { ok: false };
}
