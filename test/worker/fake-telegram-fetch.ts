/**
 * The Telegram Bot API as a fetch function, for tests inside workerd (no local server can be started
 * there): the Worker's outgoing calls are answered like Telegram does and recorded.
 */
export interface TelegramCall {
  method: string;
  body: Record<string, unknown>;
}

export interface FakeTelegramFetchOptions {
  /** Chats that refuse, with Telegram's code and description (e.g. 403 "Forbidden: bot was blocked by the user"). */
  refuse?: Record<string, [number, string]>;
  /** Every call answers 401 "Unauthorized" (a revoked token) while this says so. */
  revoked?: () => boolean;
}

export function fakeTelegramFetch(apiRoot = 'https://telegram.test', opts: FakeTelegramFetchOptions = {}) {
  const calls: TelegramCall[] = [];
  let messageId = 1000;
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
    calls.push({ method, body });
    const error = (code: number, description: string) =>
      Response.json({ ok: false, error_code: code, description }, { status: code });
    if (opts.revoked?.()) return error(401, 'Unauthorized');
    const refusal = opts.refuse?.[String(body.chat_id)];
    if (refusal && method.startsWith('send')) return error(...refusal);
    const result =
      method === 'sendMessage'
        ? {
            message_id: ++messageId,
            date: 0,
            chat: { id: Number(body.chat_id), type: 'private' },
            text: body.text,
          }
        : true;
    return Response.json({ ok: true, result });
  };
  return {
    apiRoot,
    calls,
    fetch: fetchImpl,
    sent: (chatId: number) =>
      calls
        .filter((c) => c.method === 'sendMessage' && Number(c.body.chat_id) === chatId)
        .map((c) => String(c.body.text)),
  };
}
