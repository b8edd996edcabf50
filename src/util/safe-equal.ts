/**
 * Constant-time comparison of a presented secret with the expected one: the time depends only on the
 * length of what was presented, never on where the first difference is. Synchronous and cheap, unlike
 * hashing both through WebCrypto on every webhook call.
 */
const encoder = new TextEncoder();

export function safeEqual(presented: string, expected: string): boolean {
  const a = encoder.encode(presented);
  const b = encoder.encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ (b[i % Math.max(b.length, 1)] ?? 0);
  return diff === 0 && b.length > 0;
}
