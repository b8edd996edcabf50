/**
 * A small client for the Zalo Bot Platform (`POST {apiRoot}/bot{token}/{method}`, JSON in,
 * `{ok, result}` out). Two error classes tell "Zalo said no" from "we never got an answer".
 * The token is part of every URL, so it is scrubbed from every message we build.
 */
import { z } from 'zod';
import {
  type ZaloBotInfo,
  type ZaloSentMessage,
  type ZaloWebhookInfo,
  zaloBotInfoSchema,
  zaloEnvelopeSchema,
  zaloSentMessageSchema,
  zaloWebhookInfoSchema,
} from './schemas';

export const ZALO_API_ROOT = 'https://bot-api.zaloplatforms.com';

/** Zalo answered with `ok: false`. */
export class ZaloApiError extends Error {
  override name = 'ZaloApiError';
  constructor(
    readonly method: string,
    /** Zalo's `error_code`, or the HTTP status when the body had none. */
    readonly errorCode: number,
    readonly description: string,
    /** From `parameters.retry_after`, a `Retry-After` header or "retry after N" in the description. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`Zalo ${method} failed: ${errorCode} ${description}`);
  }
}

/** No usable answer: network failure, timeout, or a body that is not a Zalo response. */
export class ZaloHttpError extends Error {
  override name = 'ZaloHttpError';
  constructor(
    readonly method: string,
    readonly reason: 'network' | 'timeout' | 'bad_response',
    detail: string,
    /** HTTP status when a response arrived. */
    readonly status?: number,
  ) {
    super(`Zalo ${method} ${reason}: ${detail}`);
  }
}

/**
 * How long one call may take. Shorter than the outbox lease (see src/outbox/dispatcher.ts), so a
 * slow call is given up before another run could claim the same row and send it again; sendPhoto
 * gets longer because Zalo fetches the picture from our /media address before it answers.
 */
export const ZALO_TIMEOUT_MS = 10_000;
export const ZALO_PHOTO_TIMEOUT_MS = 25_000;
/** getUpdates holds the request open this long (seconds) when nothing arrives, then answers 408. */
export const ZALO_POLL_SECONDS = 30;

export interface ZaloApiOptions {
  token: string;
  apiRoot?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  photoTimeoutMs?: number;
}

export interface ZaloApi {
  getMe(): Promise<ZaloBotInfo>;
  /**
   * Long polling: the next update (as sent, one per call), or null when none came within
   * `timeoutSeconds` (Zalo's 408). Does not work while a webhook is set.
   */
  getUpdates(timeoutSeconds?: number, signal?: AbortSignal): Promise<unknown>;
  sendMessage(chatId: string, text: string): Promise<ZaloSentMessage>;
  sendPhoto(chatId: string, photoUrl: string, caption?: string): Promise<ZaloSentMessage>;
  sendChatAction(chatId: string, action: 'typing'): Promise<void>;
  setWebhook(url: string, secretToken: string): Promise<ZaloWebhookInfo>;
  deleteWebhook(): Promise<ZaloWebhookInfo>;
  getWebhookInfo(): Promise<ZaloWebhookInfo>;
}

export function createZaloApi(options: ZaloApiOptions): ZaloApi {
  const { token, timeoutMs = ZALO_TIMEOUT_MS, photoTimeoutMs = ZALO_PHOTO_TIMEOUT_MS } = options;
  const apiRoot = (options.apiRoot ?? ZALO_API_ROOT).replace(/\/+$/, '');
  // Called through a wrapper: a detached `fetch` throws "Illegal invocation" on Workers.
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const redact = redactor(token);

  async function call<T>(
    method: string,
    payload: Record<string, unknown>,
    schema: z.ZodType<T>,
    limitMs = timeoutMs,
    signal?: AbortSignal,
  ): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limitMs);
    const stop = () => controller.abort();
    signal?.addEventListener('abort', stop);
    let response: Response;
    let raw: string;
    try {
      response = await doFetch(`${apiRoot}/bot${token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: controller.signal,
      });
      raw = await response.text();
    } catch (err) {
      if (controller.signal.aborted && !signal?.aborted)
        throw new ZaloHttpError(method, 'timeout', `no answer within ${limitMs} ms`);
      throw new ZaloHttpError(method, 'network', redact(describe(err)));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
    }

    const envelope = zaloEnvelopeSchema.safeParse(parseJson(raw));
    if (!envelope.success) {
      throw new ZaloHttpError(
        method,
        'bad_response',
        `HTTP ${response.status}, not a Zalo response`,
        response.status,
      );
    }
    const body = envelope.data;
    if (!body.ok) {
      const description = redact(body.description ?? 'no description');
      throw new ZaloApiError(
        method,
        body.error_code ?? response.status,
        description,
        retryAfter(body.parameters?.retry_after, response.headers.get('retry-after'), description),
      );
    }
    const result = schema.safeParse(body.result);
    if (!result.success) {
      throw new ZaloHttpError(method, 'bad_response', 'unexpected result shape', response.status);
    }
    return result.data;
  }

  return {
    getMe: () => call('getMe', {}, zaloBotInfoSchema),
    async getUpdates(timeoutSeconds = ZALO_POLL_SECONDS, signal) {
      try {
        // The timeout is documented as a String; the answer may take that long, so wait a bit more.
        return await call(
          'getUpdates',
          { timeout: String(timeoutSeconds) },
          z.unknown(),
          (timeoutSeconds + 10) * 1000,
          signal,
        );
      } catch (err) {
        if (err instanceof ZaloApiError && err.errorCode === 408) return null;
        throw err;
      }
    },
    sendMessage: (chatId, text) => call('sendMessage', { chat_id: chatId, text }, zaloSentMessageSchema),
    sendPhoto: (chatId, photoUrl, caption) =>
      call(
        'sendPhoto',
        caption ? { chat_id: chatId, photo: photoUrl, caption } : { chat_id: chatId, photo: photoUrl },
        zaloSentMessageSchema,
        photoTimeoutMs,
      ),
    sendChatAction: (chatId, action) => call('sendChatAction', { chat_id: chatId, action }, ignored),
    setWebhook: (url, secretToken) =>
      call('setWebhook', { url, secret_token: secretToken }, zaloWebhookInfoSchema),
    deleteWebhook: () => call('deleteWebhook', {}, zaloWebhookInfoSchema),
    getWebhookInfo: () => call('getWebhookInfo', {}, zaloWebhookInfoSchema),
  };
}

/** sendChatAction answers `{ok: true}` with no result worth reading. */
const ignored = z.unknown().transform((): void => undefined);

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

/** Replaces the token (raw, URL-encoded, and its secret half) wherever it appears. */
function redactor(token: string): (text: string) => string {
  const secretHalf = token.includes(':') ? token.slice(token.indexOf(':') + 1) : '';
  const needles = [token, encodeURIComponent(token), secretHalf, encodeURIComponent(secretHalf)]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  return (text) => needles.reduce((acc, needle) => acc.split(needle).join('<redacted>'), text);
}

/** Zalo documents no retry hint; accept the ones other bot APIs use, in seconds. */
function retryAfter(
  param: number | undefined,
  header: string | null,
  description: string,
): number | undefined {
  if (param !== undefined) return param;
  if (header && /^\s*\d+(\.\d+)?\s*$/.test(header)) return Number(header);
  const m = /retry after (\d+)/i.exec(description);
  return m ? Number(m[1]) : undefined;
}
