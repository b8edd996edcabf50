/**
 * The closed vocabulary of unit kinds. A kind is stored as its code (`cell`, `commune`, …); people
 * and CSV files may write any of its words, in Vietnamese or English, with or without diacritics
 * (folded matching). Everything that asks "is this a cell?" asks `isCell`, so a unit imported as
 * "thôn" or "tổ dân phố" is counted, reminded and summarised like one imported as "cell".
 *
 * Levels order the tree: a unit's nearest levelled ancestor must have a higher level (a cell is
 * never under a cell, a commune never under a cell). Committees have no level: they sit beside the
 * unit they belong to and never count as cells.
 */
import { fold } from '../../text/normalize';

export const UNIT_KINDS = [
  'province',
  'district',
  'commune',
  'ward',
  'special_zone',
  'partial_committee',
  'cell',
  'committee',
  'standing_committee',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const CELL: UnitKind = 'cell';
export const STANDING_COMMITTEE: UnitKind = 'standing_committee';

interface KindInfo {
  /** Higher contains lower; null: a committee, outside the levels. */
  level: number | null;
  /** Accepted words, as written in Vietnamese (diacritics optional when typed) or English. */
  words: readonly string[];
}

export const KIND_INFO: Record<UnitKind, KindInfo> = {
  province: {
    level: 5,
    words: ['tỉnh', 'tỉnh ủy', 'thành ủy', 'đảng bộ tỉnh', 'province'],
  },
  district: {
    level: 4,
    words: ['huyện', 'quận', 'thị xã', 'huyện ủy', 'quận ủy', 'thị ủy', 'đảng bộ huyện', 'district'],
  },
  commune: {
    level: 3,
    words: [
      'xã',
      'thị trấn',
      'đảng bộ xã',
      'đảng ủy xã',
      'đảng bộ thị trấn',
      'đảng ủy thị trấn',
      'đảng bộ cơ sở',
      'commune',
      'township',
    ],
  },
  ward: { level: 3, words: ['phường', 'đảng bộ phường', 'đảng ủy phường', 'ward'] },
  special_zone: { level: 3, words: ['đặc khu', 'đảng bộ đặc khu', 'special zone'] },
  partial_committee: {
    level: 2,
    words: ['đảng bộ bộ phận', 'đảng ủy bộ phận', 'partial committee'],
  },
  cell: {
    level: 1,
    words: [
      'chi bộ',
      'thôn',
      'bản',
      'ấp',
      'làng',
      'xóm',
      'buôn',
      'sóc',
      'plei',
      'khu phố',
      'khối phố',
      'khối',
      'tổ dân phố',
      'tổ',
      'khu dân cư',
      'khu',
      'tiểu khu',
      'cell',
      'village',
      'neighbourhood',
      'neighborhood',
      'residential group',
    ],
  },
  committee: {
    level: null,
    words: ['cấp ủy', 'ban chấp hành', 'chi ủy', 'committee', 'executive committee'],
  },
  standing_committee: {
    level: null,
    words: ['ban thường vụ', 'thường vụ', 'thường trực', 'standing committee'],
  },
};

/** Words as they are matched: folded, `_` and `-` read as spaces, "chi bộ thôn" read as "thôn". */
function key(word: string): string {
  return fold(word.replace(/[_-]/g, ' '))
    .replace(/^(?:chi bo|cb)\s+(?=\S)/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const BY_WORD = new Map<string, UnitKind>();
for (const kind of UNIT_KINDS) {
  BY_WORD.set(key(kind), kind);
  for (const w of KIND_INFO[kind].words) BY_WORD.set(key(w), kind);
}
// Abbreviations seen in unit lists (TDP, KP, BTV). Not taken because they name two levels: "TT"
// (thị trấn, thường trực) and "thành phố" (a province-level city or a district-level one).
for (const [abbr, kind] of [
  ['tdp', 'cell'],
  ['kp', 'cell'],
  ['btv', 'standing_committee'],
  ['bch', 'committee'],
] as const)
  BY_WORD.set(abbr, kind);

/** The kind a word names, or null when it is not in the vocabulary. */
export function kindOf(word: string | null | undefined): UnitKind | null {
  if (!word) return null;
  return BY_WORD.get(key(word)) ?? null;
}

export function isCell(kind: string | null | undefined): boolean {
  return kind === CELL;
}

export function isKnownKind(kind: string): kind is UnitKind {
  return (UNIT_KINDS as readonly string[]).includes(kind);
}

export function levelOf(kind: string): number | null {
  return isKnownKind(kind) ? KIND_INFO[kind].level : null;
}

/** One line per kind, for error messages and the README: `cell: chi bộ, thôn, bản, …`. */
export function acceptedWords(): string[] {
  return UNIT_KINDS.map((k) => `${k}: ${KIND_INFO[k].words.filter((w) => w !== k).join(', ')}`);
}

/**
 * Why `child` cannot sit under `ancestorKind` (its nearest ancestor with a level), or null when it
 * can. Committees go anywhere but never hold a levelled unit of their own (they are skipped, so the
 * unit above the committee decides).
 */
export function placementProblem(childKind: UnitKind, ancestorKind: UnitKind | null): 'not_below' | null {
  const child = KIND_INFO[childKind].level;
  if (child === null || ancestorKind === null) return null;
  const above = KIND_INFO[ancestorKind].level;
  return above !== null && above <= child ? 'not_below' : null;
}
