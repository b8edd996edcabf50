/** Words people type for roles, folded, mapped to the stored role. */
import type { Role } from '../../db/schema';
import { fold } from '../text/normalize';

const WORDS: Record<string, Role | 'group'> = {
  bithu: 'secretary',
  'bi thu': 'secretary',
  secretary: 'secretary',
  phobithu: 'deputy',
  'pho bi thu': 'deputy',
  deputy: 'deputy',
  giamsat: 'supervisor',
  'giam sat': 'supervisor',
  supervisor: 'supervisor',
  capuy: 'committee',
  'cap uy': 'committee',
  committee: 'committee',
  tochuc: 'coordinator',
  'to chuc': 'coordinator',
  dieuphoi: 'coordinator',
  coordinator: 'coordinator',
  nhom: 'group',
  group: 'group',
};

/** Reads a role word at the start of `text`; returns it and the rest. */
export function takeRole(text: string): { role: Role | 'group'; rest: string } | null {
  const words = text.trim().split(/\s+/);
  for (const n of [3, 2, 1]) {
    const head = fold(words.slice(0, n).join(' '));
    const role = WORDS[head];
    if (role && words.length >= n) return { role, rest: words.slice(n).join(' ') };
  }
  return null;
}
