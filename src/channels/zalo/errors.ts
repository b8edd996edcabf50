/**
 * What a Zalo error means for the sender. Zalo's documented table is small: 400 "wrong path or
 * invalid API name", 401 "token expired or invalid", 403 "internal server error", 404 "not found /
 * invalid access", 408 timeout, 429 quota. It has no code for "this person blocked the bot", and
 * 400/404 may as well mean a wrong API address: those two are read together with a getMe. If getMe
 * fails too, the setup is wrong (nothing can be sent, nobody is marked); if it works, a 404 is this
 * chat refusing and a 400 is this message. Assumptions and what happens if they are wrong:
 * docs/platforms.md.
 */
import type { SendFailure } from '../types';
import { ZaloApiError, ZaloHttpError } from './client';

/** What a getMe said: the token and address work, they do not, or we could not tell (network). */
export type TokenCheck = 'ok' | 'setup' | 'unknown';

export async function zaloFailure(
  err: unknown,
  checkToken: () => Promise<TokenCheck>,
): Promise<SendFailure | undefined> {
  const quick = zaloFailureWithoutCheck(err);
  if (quick !== 'check') return quick;
  const apiError = err as ZaloApiError;
  const message = apiError.message;
  const check = await checkToken();
  if (check === 'setup') return { kind: 'setup', message };
  if (check === 'unknown') return { kind: 'server', message };
  return apiError.errorCode === 404 ? { kind: 'refused', message } : { kind: 'bad_request', message };
}

/** The failures that need no getMe to be understood; 'check' for a 400 or 404. */
export function zaloFailureWithoutCheck(err: unknown): SendFailure | 'check' | undefined {
  if (err instanceof ZaloHttpError) {
    if (err.reason !== 'bad_response') return { kind: 'network', message: err.message };
    // Not a Zalo answer at all: an HTML 404/401 means the address is wrong (or a proxy in front
    // refuses us); a 5xx page is a passing outage.
    if (err.status === 404 || err.status === 401) return { kind: 'setup', message: err.message };
    return { kind: 'server', message: err.message };
  }
  if (!(err instanceof ZaloApiError)) return undefined;
  const code = err.errorCode;
  const message = err.message;
  if (code === 429) {
    return err.retryAfterSeconds !== undefined
      ? { kind: 'rate_limited', retryAfterMs: Math.ceil(err.retryAfterSeconds * 1000), message }
      : { kind: 'rate_limited', message };
  }
  if (code === 401) return { kind: 'setup', message };
  if (code === 400 || code === 404) return 'check';
  // 403 is documented as "internal server error"; 408 is Zalo's own timeout; 5xx and unknown codes.
  return { kind: 'server', message };
}

/** A getMe's outcome, as a TokenCheck. */
export async function checkWithGetMe(getMe: () => Promise<unknown>): Promise<TokenCheck> {
  try {
    await getMe();
    return 'ok';
  } catch (err) {
    const failure = zaloFailureWithoutCheck(err);
    if (failure === 'check' || failure?.kind === 'setup') return 'setup';
    return 'unknown';
  }
}
