import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeEqual } from '../../src/util/safe-equal';

describe('safeEqual', () => {
  it.each([
    ['secret_123', 'secret_123', true],
    ['secret_124', 'secret_123', false],
    ['secret_12', 'secret_123', false],
    ['secret_1234', 'secret_123', false],
    ['', 'secret_123', false],
    ['', '', false],
    ['bí mật', 'bí mật', true],
  ])('%j vs %j → %s', (a, b, want) => {
    expect(safeEqual(a, b)).toBe(want);
  });

  it('agrees with === for any pair of non-empty strings', () => {
    fc.assert(fc.property(fc.string(), fc.string({ minLength: 1 }), (a, b) => safeEqual(a, b) === (a === b)));
  });
});
