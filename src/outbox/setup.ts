/**
 * The dispatcher as every runtime runs it: the same options on Node and on Workers, so that giving
 * up (marking a refusing chat, delivering on the person's other platform), the breaker and the
 * health checks behave the same everywhere.
 */
import type { Store } from '../../db/types';
import type { Channel, Platform } from '../channels/types';
import type { Logger } from '../deps';
import type { NewId } from '../util/ids';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher';
import { createFallback } from './fallback';

export interface OutboxSetup {
  store: Store;
  channels: Partial<Record<Platform, Channel>>;
  now: () => Date;
  log: Logger;
  newId: NewId;
}

export function createOutboxDispatcher(
  setup: OutboxSetup,
  extra: Omit<Partial<DispatcherOptions>, 'store' | 'channels' | 'now' | 'onGiveUp'> = {},
): Dispatcher {
  return createDispatcher({
    store: setup.store,
    channels: setup.channels,
    now: setup.now,
    log: (level, event, fields) => setup.log[level](event, { ...fields }),
    onGiveUp: createFallback(setup.store.db, setup.newId),
    ...extra,
  });
}
