import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createZaloApi, ZaloApiError, ZaloHttpError } from '../../../src/channels/zalo/client';
import { type FakeZalo, startFakeZalo } from '../../support/fake-zalo';
import { startPictureServer } from '../../support/picture-server';

const TOKEN = '123456789:s3cret-Zalo_token';
let zalo: FakeZalo;

beforeEach(async () => {
  zalo = await startFakeZalo({ token: TOKEN });
});
afterEach(async () => {
  await zalo.close();
});

const api = (overrides: Partial<Parameters<typeof createZaloApi>[0]> = {}) =>
  createZaloApi({ token: TOKEN, apiRoot: zalo.url, ...overrides });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function expectNoToken(err: unknown) {
  const e = err as Error;
  const text = [e.message, String(e), e.stack ?? '', JSON.stringify(e), String(e.cause ?? '')].join('\n');
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('s3cret-Zalo_token');
}

describe('createZaloApi', () => {
  it('posts JSON to /bot<token>/sendMessage and returns the message id', async () => {
    const sent = await api().sendMessage('6ede9afa66b88fe6d6a9', 'Xin chào');
    expect(sent.message_id).toMatch(/^m\d+$/);
    expect(typeof sent.date).toBe('number');
    expect(zalo.calls).toEqual([
      {
        method: 'sendMessage',
        httpMethod: 'POST',
        contentType: 'application/json',
        body: { chat_id: '6ede9afa66b88fe6d6a9', text: 'Xin chào' },
      },
    ]);
  });

  it('sends photo URL and caption, and leaves the caption out when there is none', async () => {
    const pictures = await startPictureServer();
    try {
      const url = `${pictures.url}/media/abc`;
      await api().sendPhoto('c1', url, 'Biểu đồ');
      await api().sendPhoto('c1', url);
      expect(zalo.callsTo('sendPhoto').map((c) => c.body)).toEqual([
        { chat_id: 'c1', photo: url, caption: 'Biểu đồ' },
        { chat_id: 'c1', photo: url },
      ]);
      // Zalo fetches the picture before it answers: one it cannot get fails the send.
      await expect(api().sendPhoto('c1', 'http://127.0.0.1:9/media/gone')).rejects.toMatchObject({
        errorCode: 400,
      });
    } finally {
      await pictures.close();
    }
  });

  it('covers getMe, sendChatAction and the webhook methods', async () => {
    const client = api();
    expect((await client.getMe()).id).toBe('1459232241454765289');
    await expect(client.sendChatAction('c1', 'typing')).resolves.toBeUndefined();
    const set = await client.setWebhook('https://bot.example.vn/webhooks/zalo', 'k9_Zx-8f3Qw2LmP7');
    expect(set.url).toBe('https://bot.example.vn/webhooks/zalo');
    expect((await client.getWebhookInfo()).url).toBe('https://bot.example.vn/webhooks/zalo');
    expect((await client.deleteWebhook()).url).toBe('');
    expect(zalo.calls.map((c) => [c.method, c.body])).toEqual([
      ['getMe', {}],
      ['sendChatAction', { chat_id: 'c1', action: 'typing' }],
      ['setWebhook', { url: 'https://bot.example.vn/webhooks/zalo', secret_token: 'k9_Zx-8f3Qw2LmP7' }],
      ['getWebhookInfo', {}],
      ['deleteWebhook', {}],
    ]);
  });

  it('accepts numeric ids and second-based dates in results', async () => {
    zalo.failNext('sendMessage', { kind: 'ok', result: { message_id: 42, date: 1750316131 } });
    expect(await api().sendMessage('c1', 'x')).toEqual({ message_id: '42', date: 1750316131000 });
  });

  it('raises ZaloApiError with code, description and method when Zalo answers ok:false', async () => {
    zalo.failNext('sendMessage', { kind: 'api', errorCode: 404, description: 'Not found' });
    const err = await caught(api().sendMessage('nobody', 'x'));
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err).toMatchObject({ method: 'sendMessage', errorCode: 404, description: 'Not found' });
    expect(err).toMatchObject({ retryAfterSeconds: undefined });
  });

  it('reads a 429 retry hint from parameters, a Retry-After header or the description', async () => {
    zalo.failNext(
      'sendMessage',
      { kind: 'api', errorCode: 429, description: 'Quota exceeded', parameters: { retry_after: 7 } },
      {
        kind: 'api',
        errorCode: 429,
        description: 'Quota exceeded',
        status: 429,
        headers: { 'Retry-After': '12' },
      },
      { kind: 'api', errorCode: 429, description: 'Too Many Requests: retry after 3' },
      { kind: 'api', errorCode: 429, description: 'Quota exceeded' },
    );
    const hints = [];
    for (let i = 0; i < 4; i++)
      hints.push(((await caught(api().sendMessage('c', 'x'))) as ZaloApiError).retryAfterSeconds);
    expect(hints).toEqual([7, 12, 3, undefined]);
  });

  it('uses the HTTP status as the code when an error body has no error_code', async () => {
    zalo.failNext('sendMessage', {
      kind: 'raw',
      status: 500,
      body: '{"ok":false}',
      contentType: 'application/json',
    });
    expect(await caught(api().sendMessage('c', 'x'))).toMatchObject({ errorCode: 500 });
  });

  it('raises ZaloHttpError for a non-JSON answer', async () => {
    zalo.failNext('sendMessage', { kind: 'raw', status: 502, body: '<html>Bad Gateway</html>' });
    const err = await caught(api().sendMessage('c', 'x'));
    expect(err).toBeInstanceOf(ZaloHttpError);
    expect(err).toMatchObject({ reason: 'bad_response', status: 502, method: 'sendMessage' });
  });

  it('raises ZaloHttpError when ok:true carries a result of the wrong shape', async () => {
    zalo.failNext('sendMessage', { kind: 'ok', result: { nothing: true } });
    expect(await caught(api().sendMessage('c', 'x'))).toMatchObject({
      name: 'ZaloHttpError',
      reason: 'bad_response',
    });
  });

  it('raises ZaloHttpError when the connection is reset', async () => {
    zalo.failNext('sendMessage', { kind: 'reset' });
    const err = await caught(api().sendMessage('c', 'x'));
    expect(err).toBeInstanceOf(ZaloHttpError);
    expect(err).toMatchObject({ reason: 'network' });
    expectNoToken(err);
  });

  it('gives up after timeoutMs when Zalo never answers', async () => {
    zalo.failNext('sendMessage', { kind: 'hang' });
    const err = await caught(api({ timeoutMs: 100 }).sendMessage('c', 'x'));
    expect(err).toBeInstanceOf(ZaloHttpError);
    expect(err).toMatchObject({ reason: 'timeout' });
    expect(zalo.callsTo('sendMessage')).toHaveLength(1);
  });

  it('raises ZaloHttpError without the token when nothing listens', async () => {
    const closed = zalo.url;
    await zalo.close();
    zalo = await startFakeZalo({ token: TOKEN });
    const err = await caught(createZaloApi({ token: TOKEN, apiRoot: closed }).sendMessage('c', 'x'));
    expect(err).toBeInstanceOf(ZaloHttpError);
    expectNoToken(err);
  });

  it('keeps the token out of errors even when fetch or Zalo echo the URL', async () => {
    const leaky = createZaloApi({
      token: TOKEN,
      fetch: async (input) => {
        throw new TypeError(`request to ${String(input)} failed`, {
          cause: new Error(`GET ${String(input)}`),
        });
      },
    });
    const netErr = await caught(leaky.getMe());
    expect(netErr).toBeInstanceOf(ZaloHttpError);
    expect((netErr as Error).message).toContain('/bot<redacted>/getMe');
    expectNoToken(netErr);

    zalo.failNext('getMe', { kind: 'api', errorCode: 400, description: `bad path /bot${TOKEN}/getMe` });
    const apiErr = await caught(api().getMe());
    expect(apiErr).toBeInstanceOf(ZaloApiError);
    expectNoToken(apiErr);
  });

  it('reports a wrong token as ZaloApiError 401 without repeating it', async () => {
    const err = await caught(createZaloApi({ token: '999:wrong-token-value', apiRoot: zalo.url }).getMe());
    expect(err).toMatchObject({ name: 'ZaloApiError', errorCode: 401 });
    expect((err as Error).message).not.toContain('wrong-token-value');
  });
});
