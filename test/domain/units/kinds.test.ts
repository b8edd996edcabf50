import { describe, expect, it } from 'vitest';
import { isCell, KIND_INFO, kindOf, placementProblem, UNIT_KINDS } from '../../../src/domain/units/kinds';

describe('unit kinds', () => {
  it.each([
    ['chi bộ', 'cell'],
    ['Chi Bo', 'cell'],
    ['thôn', 'cell'],
    ['THON', 'cell'],
    ['bản', 'cell'],
    ['ấp', 'cell'],
    ['khối phố', 'cell'],
    ['Tổ dân phố', 'cell'],
    ['to dan pho', 'cell'],
    ['TDP', 'cell'],
    ['chi bộ khu phố', 'cell'],
    ['xã', 'commune'],
    ['Đảng bộ xã', 'commune'],
    ['dang uy xa', 'commune'],
    ['thị trấn', 'commune'],
    ['phường', 'ward'],
    ['đặc khu', 'special_zone'],
    ['huyện', 'district'],
    ['tỉnh', 'province'],
    ['Ban Thường vụ', 'standing_committee'],
    ['standing_committee', 'standing_committee'],
    ['cấp uỷ', 'committee'],
  ])('reads "%s" as %s', (word, kind) => {
    expect(kindOf(word)).toBe(kind);
  });

  it.each(['hợp tác xã', 'thành phố', 'tt', '', 'cellular'])('does not guess "%s"', (word) => {
    expect(kindOf(word)).toBeNull();
  });

  it('gives every word of the vocabulary exactly one kind', () => {
    for (const kind of UNIT_KINDS) for (const w of KIND_INFO[kind].words) expect(kindOf(w)).toBe(kind);
  });

  it('puts a unit only under one of a higher level; committees anywhere', () => {
    expect(placementProblem('cell', 'commune')).toBeNull();
    expect(placementProblem('cell', 'province')).toBeNull();
    expect(placementProblem('cell', 'cell')).toBe('not_below');
    expect(placementProblem('commune', 'cell')).toBe('not_below');
    expect(placementProblem('commune', 'commune')).toBe('not_below');
    expect(placementProblem('standing_committee', 'cell')).toBeNull();
    expect(isCell('cell')).toBe(true);
    expect(isCell('thôn')).toBe(false);
  });
});
