/**
 * The writes of an import: kept and returned (tests, small plans), or handed to a sink every few
 * hundred, so that a large file never holds all its statements in memory at once. The CLI's sink
 * runs them inside one open transaction and rolls it back if the plan ends with errors.
 */
import type { Write } from '../../db/types';

export type WriteSink = (writes: Write[]) => void | Promise<void>;

export interface ImportOptions {
  sink?: WriteSink;
}

export function writeBuffer(sink?: WriteSink, chunk = 500) {
  let pending: Write[] = [];
  return {
    async push(...writes: Write[]): Promise<void> {
      pending.push(...writes);
      if (sink && pending.length >= chunk) {
        const full = pending;
        pending = [];
        await sink(full);
      }
    },
    /** What is left: returned when there is no sink, otherwise handed to it (and [] returned). */
    async done(): Promise<Write[]> {
      if (!sink) return pending;
      const rest = pending;
      pending = [];
      if (rest.length) await sink(rest);
      return [];
    },
  };
}
