import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/text/edit-distance';

/** The textbook table (optimal string alignment), written out in full. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

describe('editDistance', () => {
  it('counts typos people make in keywords', () => {
    expect(editDistance('anninh', 'anninh')).toBe(0);
    expect(editDistance('annnih', 'anninh')).toBe(1); // neighbours swapped
    expect(editDistance('sanxat', 'sanxuat')).toBe(1);
    expect(editDistance('', 'kien')).toBe(4);
    expect(editDistance('xa quan son', '')).toBe(11);
  });

  it('agrees with the full table on any pair, short or long, in either order', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'n', 'h', 'i', ' ', 'đ', 'ộ'), maxLength: 90 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, b)).toBe(reference(a, b));
        expect(editDistance(b, a)).toBe(reference(b, a));
      }),
      { numRuns: 500 },
    );
  });
});
