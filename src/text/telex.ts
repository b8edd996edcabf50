/**
 * Telex left in the text: a phone whose Vietnamese keyboard is off sends the keys themselves
 * ("baos caos" for "báo cáo", "hopj" for "họp", "toongr howpj" for "tổng hợp"). Vietnamese
 * syllables never end in s, f, r, x or j, so on a folded word those are tone keys; "w" and the
 * doubled vowels and "dd" are the marks of ă, â, ê, ô, ơ, ư and đ.
 */
export function untelex(word: string): string {
  if (!/^[a-z]{2,}$/.test(word)) return word;
  return word
    .replace(/(?<=[a-z])[sfrxj]$/, '')
    .replace(/(?<=[a-z])w/g, '')
    .replace(/([aeod])\1/g, '$1');
}
