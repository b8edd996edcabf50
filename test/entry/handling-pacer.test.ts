import { describe, expect, it } from 'vitest';
import { createHandlingPacer, FLOOD_PER_SECOND } from '../../src/entry/handling-pacer';

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
  it('leaves the loop to accepting in a flood of webhooks while updates wait', () => {
    const { p, arrive } = pacer();
    arrive((FLOOD_PER_SECOND * 2) / 10, 100); // twice the flood rate
    expect(p.pauseFor(8, true)).toBe(72);
  });

  it('does not hold handling back at a steady 500 updates a second, however slow a round', () => {
    const { p, arrive } = pacer();
    arrive(50, 100);
    expect(p.pauseFor(40, true)).toBe(0);
  });

  it('does not pause after a round that took everything waiting', () => {
    const { p, arrive } = pacer();
    arrive((FLOOD_PER_SECOND * 2) / 10, 100);
    expect(p.pauseFor(8, false)).toBe(0);
  });

  it('goes back to full speed once the flood is over', () => {
    const { p, arrive, advance } = pacer();
    arrive((FLOOD_PER_SECOND * 2) / 10, 100);
    expect(p.pauseFor(8, true)).toBeGreaterThan(0);
    advance(250);
    expect(p.pauseFor(8, true)).toBe(0);
  });

  it('never pauses longer than a second', () => {
    const { p, arrive } = pacer();
    arrive(FLOOD_PER_SECOND, 100);
    expect(p.pauseFor(400, true)).toBe(1_000);
  });
});
