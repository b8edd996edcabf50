/**
 * A Durable Object's storage as much as the outbox pacer uses it (its alarm and two keys), in
 * memory: tests run the pacer's alarm themselves, the way the platform would, when it is due.
 */
import type { PacerStorage } from '../../src/outbox/pacer';

export function memoryStorage(): PacerStorage & { alarm: number | null } {
  const kv = new Map<string, unknown>();
  const storage: PacerStorage & { alarm: number | null } = {
    alarm: null,
    getAlarm: async () => storage.alarm,
    setAlarm: async (at) => {
      storage.alarm = at;
    },
    get: async <T>(key: string) => structuredClone(kv.get(key)) as T | undefined,
    put: async (key, value) => {
      kv.set(key, structuredClone(value));
    },
  };
  return storage;
}
