/** Id generators; injected through Deps so tests can make them predictable. */

export type NewId = () => string;

export const randomId: NewId = () => crypto.randomUUID();

let counter = 0;

/**
 * Ids that sort by creation time within one process and stay unique across processes: used for
 * outbox rows, whose order per chat is the order the messages were written.
 */
export function sortableId(now: Date): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  const rand = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).padStart(7, '0');
  return `${now.getTime().toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${rand}`;
}

/** Short human-typable codes (notices; invites have their own, see domain/invites/code): no 0/O/1/I/L. */
export function humanCode(length = 6): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
