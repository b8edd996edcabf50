/**
 * `set-webhook URL`: registers URL/webhook/telegram (secret, allowed updates, command menus) and
 * URL/webhook/zalo. Both platforms deliver only to HTTPS, and Telegram only to ports 443, 80, 88
 * and 8443: a URL that cannot work is refused here with a clear message instead of by the platform.
 */
import type { Api } from 'grammy';
import { commands } from '../../commands/index';
import { TELEGRAM_ALLOWED_UPDATES } from '../channels/telegram/incoming';
import { applyTelegramMenus, telegramCommandMenus } from '../channels/telegram/menu';
import type { ZaloApi } from '../channels/zalo/client';
import type { Config } from '../config';

const TELEGRAM_PORTS = ['', '443', '80', '88', '8443'];

/** The base URL without its trailing slashes, or the reason it cannot be used. */
export function webhookBase(raw: string | undefined): { base: string } | { error: string } {
  if (!raw)
    return { error: 'set-webhook needs the public base URL, e.g. set-webhook https://bot.example.gov.vn' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: `"${raw}" is not a URL. Give the public base URL, e.g. https://bot.example.gov.vn` };
  }
  if (url.protocol !== 'https:')
    return {
      error: `Telegram and Zalo deliver webhooks only over HTTPS: use https://${url.host}${url.pathname.replace(/\/+$/, '')} (behind a TLS certificate), or TELEGRAM_POLLING=1 / ZALO_POLLING=1 without a public address.`,
    };
  if (url.search || url.hash) return { error: 'The base URL must not have a query (?…) or a fragment (#…).' };
  return { base: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export async function setWebhooks(
  raw: string | undefined,
  platforms: { telegramApi?: Api; zaloApi?: ZaloApi },
  config: Config,
  out: (line: string) => void,
): Promise<{ ok: true } | { error: string }> {
  const parsed = webhookBase(raw);
  if ('error' in parsed) return parsed;
  const { base } = parsed;
  const { telegramApi, zaloApi } = platforms;
  if (!telegramApi && !zaloApi)
    return { error: 'No platform configured: set TELEGRAM_BOT_TOKEN and/or ZALO_BOT_TOKEN.' };
  if (telegramApi) {
    if (!TELEGRAM_PORTS.includes(new URL(base).port))
      return { error: 'Telegram delivers webhooks only to ports 443, 80, 88 or 8443.' };
    if (!config.TELEGRAM_WEBHOOK_SECRET)
      return { error: 'Set TELEGRAM_WEBHOOK_SECRET first (the webhook checks it).' };
    await telegramApi.setWebhook(`${base}/webhook/telegram`, {
      secret_token: config.TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: [...TELEGRAM_ALLOWED_UPDATES],
    });
    await applyTelegramMenus(telegramApi, telegramCommandMenus(commands));
    out(`Telegram webhook set: ${base}/webhook/telegram (+ command menus for private chats and groups)`);
  }
  if (zaloApi) {
    if (!config.ZALO_WEBHOOK_SECRET)
      return { error: 'Set ZALO_WEBHOOK_SECRET first (the webhook checks it).' };
    await zaloApi.setWebhook(`${base}/webhook/zalo`, config.ZALO_WEBHOOK_SECRET);
    out(`Zalo webhook set: ${base}/webhook/zalo`);
  }
  return { ok: true };
}
