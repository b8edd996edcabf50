/** Builds the platform clients and channels from config; shared by the Node and Worker entries. */
import { Api, Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { createTelegramChannel } from './channels/telegram/channel';
import type { Channel, Platform } from './channels/types';
import { createZaloChannel } from './channels/zalo/channel';
import { createZaloApi, type ZaloApi } from './channels/zalo/client';
import type { Config } from './config';

export interface Platforms {
  channels: Partial<Record<Platform, Channel>>;
  telegramApi?: Api;
  zaloApi?: ZaloApi;
}

/**
 * How long one Telegram call may take (grammY's default is 500 s). Shorter than the outbox lease, so
 * a slow call is given up before another run could claim its row and send the message again.
 */
export const TELEGRAM_TIMEOUT_MS = 15_000;

export function createPlatforms(config: Config, fetchImpl: typeof fetch = globalThis.fetch): Platforms {
  const out: Platforms = { channels: {} };
  if (config.TELEGRAM_BOT_TOKEN) {
    out.telegramApi = new Api(config.TELEGRAM_BOT_TOKEN, {
      apiRoot: config.TELEGRAM_API_ROOT,
      fetch: fetchImpl as never,
      timeoutSeconds: TELEGRAM_TIMEOUT_MS / 1000,
    });
    out.channels.telegram = createTelegramChannel(out.telegramApi, { publicUrl: config.PUBLIC_URL });
  }
  if (config.ZALO_BOT_TOKEN) {
    out.zaloApi = createZaloApi({
      token: config.ZALO_BOT_TOKEN,
      apiRoot: config.ZALO_API_ROOT,
      fetch: fetchImpl,
    });
    out.channels.zalo = createZaloChannel(out.zaloApi, { publicUrl: config.PUBLIC_URL });
  }
  return out;
}

/** botInfo from config lets grammY skip getMe (Workers cold starts, offline tests). */
export function telegramBotInfo(config: Config): UserFromGetMe | undefined {
  if (!config.TELEGRAM_BOT_ID || !config.TELEGRAM_BOT_USERNAME) return undefined;
  return {
    id: config.TELEGRAM_BOT_ID,
    is_bot: true,
    first_name: 'chibo',
    username: config.TELEGRAM_BOT_USERNAME,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  } as UserFromGetMe;
}

export function createGrammyBot(config: Config): Bot | undefined {
  if (!config.TELEGRAM_BOT_TOKEN) return undefined;
  return new Bot(config.TELEGRAM_BOT_TOKEN, {
    botInfo: telegramBotInfo(config),
    client: { apiRoot: config.TELEGRAM_API_ROOT },
  });
}
