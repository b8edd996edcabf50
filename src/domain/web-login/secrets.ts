/**
 * The secrets of the dashboard: login links and session cookies are 256 random bits (base64url, 43
 * characters), and only their SHA-256 is stored, so a copy of the database opens nothing. The hash is
 * what is looked up; comparing hashes of a guess reveals nothing about a stored secret.
 */

/** A login link is good for 10 minutes; a session for 30 days. */
export const LINK_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 30 * 86_400_000;

/** The shape of a secret we issued; anything else is refused before any lookup. */
export const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function newSecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function hashSecret(secret: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}
