import { describe, expect, it } from 'vitest';
import { createKicker } from '../../src/outbox/dispatcher';
import { gate } from './support';

describe('kicker', () => {
  it('runs one drain for many kicks, plus one follow-up for the kicks that came during it', async () => {
    const runs: ReturnType<typeof gate<void>>[] = [];
    const kicker = createKicker(() => {
      const g = gate<void>();
      runs.push(g);
      return g.promise;
    });

    const first = kicker.kick();
    expect(runs).toHaveLength(0); // starts after the caller's turn, never inside it
    await Promise.resolve();
    await Promise.resolve();
    expect(runs).toHaveLength(1);

    const later = [kicker.kick(), kicker.kick(), kicker.kick()];
    expect(later[1]).toBe(later[0]);
    runs[0]!.open();
    await first;
    await until(() => runs.length === 2);
    expect(kicker.kick()).toBe(kicker.kick());
    runs[1]!.open();
    await Promise.all(later);
    await until(() => runs.length === 3);
    runs[2]!.open();
    await kicker.idle();
    expect(runs).toHaveLength(3);
  });

  it('reports a failing drain and never rejects the kick', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const kicker = createKicker(
      async () => {
        calls++;
        throw new Error('database is locked');
      },
      (err) => errors.push(err),
    );
    await expect(kicker.kick()).resolves.toBeUndefined();
    await expect(kicker.kick()).resolves.toBeUndefined();
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['database is locked', 'database is locked']);
  });

  it('is idle at once when nothing was kicked', async () => {
    const kicker = createKicker(async () => {});
    await expect(kicker.idle()).resolves.toBeUndefined();
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (condition()) return;
    await Promise.resolve();
  }
  throw new Error('condition not reached');
}
