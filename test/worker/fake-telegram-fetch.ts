/**
 * The Telegram Bot API as a fetch function, for tests inside workerd (no local server can be started
 * there): the Worker's outgoing calls are answered like Telegram does and recorded.
 */
export interface TelegramCall {
  method: string;
  body: Record<string, unknown>;
  /** When the call arrived, by the fake's clock. */
  at: number;
}

export interface FakeTelegramFetchOptions {
  /** Chats that refuse, with Telegram's code and description (e.g. 403 "Forbidden: bot was blocked by the user"). */
  refuse?: Record<string, [number, string]>;
  /** Every call answers 401 "Unauthorized" (a revoked token) while this says so. */
  revoked?: () => boolean;
  /**
   * Flood limits as Telegram states them: at most `perSecond` messages in any second overall and
   * one per `perChatMs` in a chat (`burst` back to back); beyond them 429 with retry_after 1
   * (counted in `count429`).
   */
  limits?: { perSecond: number; perChatMs: number; burst?: number };
  /** The clock the limits and `at` are read from (default: the real one). */
  clock?: () => number;
}

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendDocument']);

export function fakeTelegramFetch(apiRoot = 'https://telegram.test', opts: FakeTelegramFetchOptions = {}) {
  const calls: TelegramCall[] = [];
  const clock = opts.clock ?? (() => Date.now());
  const accepted: number[] = [];
  const chatRecent = new Map<string, number[]>();
  let messageId = 1000;
  const state = { count429: 0 };
  const fetchImpl: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const method = /^\/bot[^/]+\/(\w+)$/.exec(url.pathname)?.[1];
    if (url.origin !== new URL(apiRoot).origin || !method) {
      return new Response('unexpected request', { status: 599 });
    }
    const body = request.headers.get('content-type')?.includes('application/json')
      ? ((await request.json()) as Record<string, unknown>)
      : {};
    const at = clock();
    calls.push({ method, body, at });
    const error = (code: number, description: string, parameters?: Record<string, unknown>) =>
      Response.json(
        { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) },
        { status: code },
      );
    if (opts.revoked?.()) return error(401, 'Unauthorized');
    const chat = String(body.chat_id);
    const refusal = opts.refuse?.[chat];
    if (refusal && method.startsWith('send')) return error(...refusal);
    if (opts.limits && SENDS.has(method)) {
      while (accepted.length > 0 && accepted[0]! <= at - 1000) accepted.shift();
      const recent = (chatRecent.get(chat) ?? []).filter((t) => at - t < opts.limits!.perChatMs);
      if (accepted.length >= opts.limits.perSecond || recent.length >= (opts.limits.burst ?? 1)) {
        state.count429++;
        return error(429, 'Too Many Requests: retry after 1', { retry_after: 1 });
      }
      accepted.push(at);
      chatRecent.set(chat, [...recent, at]);
    }
    const result =
      method === 'sendMessage'
        ? {
            message_id: ++messageId,
            date: 0,
            chat: { id: Number(body.chat_id), type: 'private' },
            text: body.text,
          }
        : method === 'getMe'
          ? { id: 123, is_bot: true, first_name: 'chibo', username: 'chibo_test_bot' }
          : true;
    return Response.json({ ok: true, result });
  };
  const delivered = () => calls.filter((c) => c.method === 'sendMessage');
  return {
    apiRoot,
    calls,
    fetch: fetchImpl,
    get count429() {
      return state.count429;
    },
    sent: (chatId: number) =>
      calls
        .filter((c) => c.method === 'sendMessage' && Number(c.body.chat_id) === chatId)
        .map((c) => String(c.body.text)),
    /** The most calls that arrived in any one second (by the fake's clock), 429s included. */
    busiestSecond(): number {
      const times = delivered().map((c) => c.at);
      let most = 0;
      for (let i = 0, j = 0; j < times.length; j++) {
        while (times[j]! - times[i]! >= 1000) i++;
        most = Math.max(most, j - i + 1);
      }
      return most;
    },
  };
}
