/**
 * Assembles the bot on Node: SQLite file, channels, outbox dispatcher, HTTP app, scheduler.
 * Used by the Node entry, the end-to-end tests and the benchmarks, so all three run the same thing.
 */
import { resolve } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { GrammyError } from 'grammy';
import cron from 'node-cron';
import { commands } from '../../commands/index';
import { hasAnyUnit } from '../../db/repo/units';
import { type NodeDatabase, preparedWrite, statementWrites } from '../../db/sqlite';
import { handleIncoming } from '../bot/handle';
import { createInboxProcessor, inboxRow } from '../bot/inbox';
import { createSimulatorChannel, type SimulatorChannel } from '../channels/simulator/channel';
import { TELEGRAM_ALLOWED_UPDATES, telegramToIncoming } from '../channels/telegram/incoming';
import { applyTelegramMenus, telegramCommandMenus } from '../channels/telegram/menu';
import { zaloToIncoming } from '../channels/zalo/incoming';
import { startZaloPolling, type ZaloPolling } from '../channels/zalo/polling';
import type { Config } from '../config';
import { seedDemo } from '../demo/seed';
import { type Deps, jsonLogger, type Logger } from '../deps';
import { createApp, isOurCommand } from '../http/app';
import { acknowledge } from '../http/webhook';
import { demoRuleFor } from '../meetings/setup';
import { attachLongReads } from '../offload';
import { createKicker } from '../outbox/dispatcher';
import { createOutboxDispatcher } from '../outbox/setup';
import { createGrammyBot, createPlatforms } from '../platforms';
import { tick } from '../scheduler/tick';
import { randomId } from '../util/ids';
import { createHandlingPacer } from './handling-pacer';
import { type HelperThread, startHelperThread } from './helper-thread';
import { keepHeapNearLiveSize } from './node-heap';
import { installNodeSummaryRenderers } from './node-summary-renderers';
import { listenError, openConfiguredDatabase } from './startup-error';

export interface RuntimeOptions {
  clock?: () => Date;
  log?: Logger;
  /** Start node-cron (off in tests, which call tick themselves). */
  cron?: boolean;
  /** Long reads and the scheduler tick in the helper thread (default: whenever the database is a file). */
  helperThread?: boolean;
  fetch?: typeof fetch;
}

export interface Runtime {
  deps: Deps;
  database: NodeDatabase;
  /** The helper thread for long reads and ticks (absent on `:memory:`). */
  helper?: HelperThread;
  app: ReturnType<typeof createApp>;
  simulator?: SimulatorChannel;
  drain(): Promise<unknown>;
  /** Handles every accepted update still in the inbox. */
  processInbox(): Promise<void>;
  /** Listens on HOST:PORT; a failure (port in use, unknown host) rejects with a StartupError. */
  listen(port?: number): Promise<{ port: number; host: string; server: ServerType }>;
  /**
   * Stops accepting, lets the updates and sends in flight finish their write sets, closes the
   * database. Updates accepted but not yet handled stay in the inbox for the next start.
   */
  stop(): Promise<void>;
}

export async function createRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  installNodeSummaryRenderers();
  keepHeapNearLiveSize();
  const clock = opts.clock ?? (() => new Date());
  const log = opts.log ?? jsonLogger(config.LOG_LEVEL);
  const database = openConfiguredDatabase(config.DATABASE_PATH);
  let stopping = false;
  const running = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    running.add(p);
    void p.finally(() => running.delete(p));
  };
  const platforms = createPlatforms(config, opts.fetch);
  const simulator = config.SIMULATOR ? createSimulatorChannel(clock) : undefined;
  const channels = { ...platforms.channels, ...(simulator ? { sim: simulator } : {}) };

  const dispatcher = createOutboxDispatcher({
    store: database.store,
    channels,
    now: clock,
    log,
    newId: randomId,
  });
  const kicker = createKicker(
    () => dispatcher.drain({ budgetMs: 5_000 }),
    (err) => log.error('dispatch failed', { error: err instanceof Error ? err.message : String(err) }),
  );
  const deps: Deps = {
    config,
    store: database.store,
    channels,
    clock,
    newId: randomId,
    log,
    kick: () => {
      if (!stopping) void kicker.kick();
    },
  };
  // A round handles the next update of up to 16 chats; their planning runs in one turn of the event
  // loop (a few hundred µs an update), so a round holds the loop for a few milliseconds at most,
  // while its commits are shared by 16.
  const batch = 16;
  const helper =
    config.DATABASE_PATH !== ':memory:' && opts.helperThread !== false
      ? startHelperThread({
          path: resolve(config.DATABASE_PATH),
          config,
          db: database.store.db,
          log,
          commit: (statements) => database.store.commit(statementWrites(database.sqlite, statements)),
          kick: () => deps.kick(),
          tickInPlace: (at) => tick(deps, at),
        })
      : undefined;
  const attached = helper && attachLongReads(database.store.db, helper.run);
  const inboxProcessor = createInboxProcessor(deps, { batch });
  const pacer = createHandlingPacer();
  const drainInbox = async () => {
    while (!stopping) {
      const started = performance.now();
      const rows = await inboxProcessor.processOnce();
      if (rows === 0) return;
      await pacer.rest(performance.now() - started, rows >= batch);
    }
  };
  const inboxKicker = createKicker(drainInbox, (err) =>
    log.error('inbox processing failed', { error: err instanceof Error ? err.message : String(err) }),
  );
  const acceptStatement = database.sqlite.prepare(
    'INSERT INTO inbox (update_key, chat_key, payload, received_at) VALUES (?, ?, ?, ?)',
  );
  deps.acceptUpdate = async (msg) => {
    pacer.accepted();
    const row = inboxRow(msg, clock());
    await database.store.commit([
      preparedWrite(acceptStatement, [row.updateKey, row.chatKey, row.payload, row.receivedAt]),
    ]);
    if (!stopping) void inboxKicker.kick();
  };
  deps.inboxBacklog = () => inboxProcessor.backlog();
  await inboxProcessor.releaseLeases();

  if (config.DEMO_DATA && !(await hasAnyUnit(database.store.db))) {
    await seedDemo(database.store, clock(), randomId, demoRuleFor, config.TIMEZONE);
    log.info('demo data created (empty database)');
  }

  const app = createApp(deps, { simulator });
  const tasks: { stop(): void }[] = [];
  let server: ServerType | undefined;
  let stopPolling: (() => Promise<void>) | undefined;
  let zaloPolling: ZaloPolling | undefined;
  const bot = config.TELEGRAM_POLLING ? createGrammyBot(config) : undefined;

  return {
    deps,
    database,
    helper,
    app,
    simulator,
    async processInbox() {
      await inboxKicker.idle();
      while ((await inboxProcessor.drain(10_000)) > 0) {}
      await inboxKicker.idle();
    },
    async drain() {
      await inboxProcessor.drain(10_000);
      await inboxKicker.idle();
      return dispatcher.drain({ budgetMs: 10_000 });
    },
    async listen(port = config.PORT) {
      const host = config.HOST;
      const started = await new Promise<{ port: number; host: string; server: ServerType }>(
        (resolve, reject) => {
          const s = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
            s.off('error', failed);
            resolve({ port: info.port, host, server: s });
          });
          const failed = (err: unknown) => reject(listenError(err, host, port));
          s.once('error', failed);
        },
      );
      server = started.server;
      const runTick = (at: Date) => {
        if (!stopping) track(helper ? helper.tick(at) : tick(deps, at));
      };
      if (opts.cron !== false) {
        tasks.push(cron.schedule('* * * * *', (ctx) => runTick(ctx.date ?? clock())));
        // Plan at once rather than at the next full minute (a fresh demo shows its next meetings).
        runTick(clock());
        const timer = setInterval(() => {
          void kicker.kick();
          void inboxKicker.kick();
        }, 2_000);
        tasks.push({ stop: () => clearInterval(timer) });
      }
      if (platforms.telegramApi) {
        const api = platforms.telegramApi;
        applyTelegramMenus(api, telegramCommandMenus(commands)).catch((err: unknown) =>
          log.warn('setMyCommands failed', { error: err instanceof Error ? err.message : String(err) }),
        );
        // Group hints and "/lich@otherbot" need the bot's username; getMe tells it when not configured.
        if (!deps.config.TELEGRAM_BOT_USERNAME) {
          api
            .getMe()
            .then((me) => {
              deps.config = { ...deps.config, TELEGRAM_BOT_USERNAME: me.username };
            })
            .catch((err: unknown) =>
              log.warn('telegram getMe failed', { error: err instanceof Error ? err.message : String(err) }),
            );
        }
      }
      if (bot) {
        bot.use(async (ctx) => {
          const msg = telegramToIncoming(ctx.update, { username: ctx.me.username });
          if (!msg || msg === 'invalid') return;
          acknowledge(deps, undefined, msg);
          const handled = handleIncoming(deps, msg);
          track(handled);
          await handled;
        });
        bot.catch((err) => log.error('polling update failed', { error: err.message }));
        // grammY gives up on 401 and 409 only; sending goes on, receiving does not, so say why.
        bot
          .start({ allowed_updates: [...TELEGRAM_ALLOWED_UPDATES] })
          .catch((err: unknown) => log.error(pollingStopped(err), { error: describeError(err) }));
        stopPolling = () => bot.stop();
      }
      if (config.ZALO_POLLING && platforms.zaloApi) {
        // Polled updates take the webhook's path: into the inbox, handled in the background.
        zaloPolling = startZaloPolling({
          api: platforms.zaloApi,
          log,
          onUpdate: async (body) => {
            const msg = zaloToIncoming(body, { isCommand: isOurCommand });
            if (msg && msg !== 'invalid') await deps.acceptUpdate!(msg);
          },
        });
      }
      void kicker.kick();
      void inboxKicker.kick(); // updates accepted before a crash or restart
      return started;
    },
    async stop() {
      stopping = true;
      for (const t of tasks) t.stop();
      await stopPolling?.();
      await zaloPolling?.stop();
      // close() stops accepting and waits for the requests in flight (each ends with its commit).
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await Promise.allSettled([...running]);
      await inboxKicker.idle();
      await kicker.idle();
      attached?.detach();
      await helper?.close();
      // A commit queued for the next turn of the event loop lands before the file closes.
      await new Promise((r) => setImmediate(r));
      database.close();
    },
  };
}

/** What ended Telegram long polling, for the operator reading the log. */
function pollingStopped(err: unknown): string {
  const code = err instanceof GrammyError ? err.error_code : undefined;
  if (code === 409)
    return 'telegram polling stopped: a webhook was set for this bot, or another process polls with its token (409); this process no longer receives Telegram messages';
  if (code === 401)
    return 'telegram polling stopped: the token was refused (401); fix TELEGRAM_BOT_TOKEN and restart';
  return 'telegram polling stopped';
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
