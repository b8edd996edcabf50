import { describe, expect, it } from 'vitest';
import { createHandlingPacer } from '../../src/entry/handling-pacer';

/** A pacer on a hand-moved clock; `arrive(n, overMs)` accepts n updates spread over that time. */
function pacer() {
  let t = 0;
  const p = createHandlingPacer(() => t);
  return {
    p,
    arrive(n: number, overMs: number) {
      for (let i = 0; i < n; i++) {
        t += overMs / n;
        p.accepted();
      }
    },
    advance(ms: number) {
      t += ms;
    },
  };
}

describe('handling pacer', () => {
  it('leaves the loop to accepting while updates arrive faster than handling could keep up', () => {
    const { p, arrive } = pacer();
    // 2,000 updates a second, 1 ms to handle each: twice what the loop can do.
    arrive(200, 100);
    expect(p.pauseFor(8, 8, true)).toBe(72);
  });

  it('does not hold handling back at a steady few hundred updates a second', () => {
    const { p, arrive } = pacer();
    // 500 a second at 0.5 ms each: a quarter of the loop.
    arrive(50, 100);
    expect(p.pauseFor(4, 8, true)).toBe(0);
  });

  it('goes back to full speed once the flood is over', () => {
    const { p, arrive, advance } = pacer();
    arrive(200, 100);
    expect(p.pauseFor(8, 8, true)).toBeGreaterThan(0);
    advance(250);
    expect(p.pauseFor(8, 8, true)).toBe(0);
  });

  it('does not pause after a round that took everything waiting', () => {
    const { p, arrive } = pacer();
    arrive(200, 100);
    expect(p.pauseFor(8, 3, false)).toBe(0);
  });

  it('never pauses longer than a second', () => {
    const { p, arrive } = pacer();
    arrive(2_000, 100);
    expect(p.pauseFor(400, 8, true)).toBe(1_000);
  });
});
