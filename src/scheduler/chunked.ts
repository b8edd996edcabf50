/**
 * Writes that each stand alone (outbox rows under unique keys: a second run skips what the first
 * wrote), committed two hundred at a time. A national wave is tens of thousands of rows: as one
 * write set it would hold the database for seconds, and on Node the event loop with it.
 */
import type { Store, Write } from '../../db/types';

export const CHUNK_WRITES = 200;

export async function commitInChunks(store: Store, writes: readonly Write[], size = CHUNK_WRITES) {
  for (let i = 0; i < writes.length; i += size) await store.commit(writes.slice(i, i + size));
}
