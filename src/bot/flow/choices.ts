/**
 * Reading a pick among offered choices: the button itself, its number ("2", "số 2"), or the words
 * that name it ("khá", "trung binh", "luu", "đồng ý"), with or without diacritics and courtesy.
 */
import type { Button } from '../../channels/types';
import { fold } from '../../text/normalize';
import { tidyUtterance } from '../../text/utterance';

export interface Choice {
  /** Button data (at most 64 bytes), recorded with the flow: only a recorded value is accepted. */
  value: string;
  label: string;
  /** Folded words that pick this choice when typed, besides its label. */
  words?: readonly string[];
}

/** A typed menu number: "2", "2.", "số 2", "chọn 2". Zero-based, or -1. */
export function menuIndex(text: string): number {
  const m = /^(?:so|chon|muc)?\s*(\d{1,2})\s*[.)]?$/.exec(fold(tidyUtterance(text)));
  return m ? Number(m[1]) - 1 : -1;
}

/** The folded words of an answer, courtesy and end punctuation removed ("Khá ạ." → "kha"). */
export function answerWords(text: string): string {
  return fold(tidyUtterance(text))
    .replace(/[.!:;,]+$/, '')
    .trim();
}

/** The choice a typed answer names, by its number or its words. */
export function typedChoice(text: string, choices: readonly Choice[]): Choice | undefined {
  const i = menuIndex(text);
  if (i >= 0) return choices[i];
  const words = answerWords(text);
  if (!words) return undefined;
  const exact = choices.find((c) => fold(c.label) === words || c.words?.includes(words));
  if (exact || words.length < 3) return exact;
  // The first words of one choice only ("cap tren" for "Cấp trên dự", "ngay" for "Ngày họp").
  const names = (c: Choice) => [fold(c.label), ...(c.words ?? [])];
  const begun = choices.filter((c) => names(c).some((n) => n.startsWith(`${words} `)));
  return begun.length === 1 ? begun[0] : undefined;
}

/** Acknowledgements that answer no question ("ok", "ừ", "dạ vâng"): never stored as a name or a note. */
const FILLERS = new Set([
  'ok',
  'oke',
  'okay',
  'okie',
  'uh',
  'u',
  'uhm',
  'um',
  'hm',
  'hmm',
  'vang',
  'da',
  'da vang',
  'roi',
  'co',
  'yes',
  'alo',
  'a',
]);

export const isFiller = (text: string) => FILLERS.has(answerWords(text));

/** "quay lại", "lùi lại", "trở lại": the question before this one. */
const BACK = new Set(['quay lai', 'lui lai', 'tro lai', 'quay ve', 'lui', 'back']);

export const isBack = (text: string) => BACK.has(answerWords(text));

/** One button a row, easiest to read and press on a phone; `inline`: all in one row (short labels). */
export function buttonsOf(choices: readonly Choice[], inline = false): Button[][] {
  const buttons = choices.map((c) => ({ label: c.label, data: c.value }));
  return inline ? [buttons] : buttons.map((b) => [b]);
}
