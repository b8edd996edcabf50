/**
 * The cron trigger: the Worker's `scheduled` runs the scheduler tick at the trigger's time, then pokes
 * the outbox pacer, whose alarm sends.
 */
import { createExecutionContext, createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createD1Store } from '../../db/d1';
import { insertUnit } from '../../db/repo/units';
import { chatIdentities, outbox, people, roleAssignments } from '../../db/schema';
import { createWorker, type Env } from '../../src/entry/worker';
import { emptyD1 } from './d1';
import { fakeTelegramFetch } from './fake-telegram-fetch';
import { pacerIdle } from './pacer';

const SET_UP = new Date('2026-11-26T03:00:00Z');
/** The first cron run after the rule was set: it plans December's meeting (Saturday the 5th, 19:30). */
const PLAN_TICK = Date.parse('2026-11-26T03:01:00Z');
/** 07:00 in Hà Nội on Wednesday 2 December: three days before the meeting. */
const REMIND_TICK = Date.parse('2026-12-02T00:00:00Z');

async function cellWithRuleAndSecretary() {
  const store = createD1Store(env.DB);
  const db = store.db;
  const t = SET_UP.getTime();
  const rule = JSON.stringify({ type: 'day', day: 5, time: '19:30', place: 'Nhà văn hóa khu 3' });
  const commune = { id: 'u-xqs', code: 'XQS', name: 'Đảng bộ xã Quan Sơn', kind: 'commune', parent: null };
  const cell = {
    id: 'u-kp3',
    code: 'KP3',
    name: 'Chi bộ khu phố 3',
    kind: 'cell',
    parent: { id: 'u-xqs', path: '/u-xqs/', depth: 0 },
    meetingRule: rule,
  };
  await store.commit([insertUnit(db, commune, SET_UP), insertUnit(db, cell, SET_UP)]);
  await store.commit([
    db.insert(people).values({ id: 'p-an', name: 'Nguyễn Văn An', createdAt: t }),
    db.insert(chatIdentities).values({
      id: 'ci-an',
      platform: 'telegram',
      externalId: '4242',
      chatId: '4242',
      personId: 'p-an',
      linkedAt: t,
    }),
    db
      .insert(roleAssignments)
      .values({ id: 'ra-an', personId: 'p-an', unitId: 'u-kp3', role: 'secretary', validFrom: t }),
  ]);
  return store;
}

beforeEach(() => emptyD1());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the Worker on its cron trigger', () => {
  it('plans the month from the cell rule, reminds the secretary through Telegram and sends nothing twice', async () => {
    const store = await cellWithRuleAndSecretary();
    const tg = fakeTelegramFetch();
    vi.stubGlobal('fetch', tg.fetch);
    let now = PLAN_TICK;
    const worker = createWorker({ fetch: tg.fetch, clock: () => new Date(now) });
    const workerEnv: Env = {
      ...env,
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_SECRET: 'worker_secret_123456',
      TELEGRAM_API_ROOT: tg.apiRoot,
      LOG_LEVEL: 'error',
    };
    // The pacer Durable Object reads the time from Date, as in production: it is moved with the tick.
    vi.useFakeTimers({ toFake: ['Date'] });
    const run = async (at: number) => {
      now = at;
      vi.setSystemTime(at);
      await worker.scheduled(
        createScheduledController({ scheduledTime: at, cron: '* * * * *' }),
        workerEnv,
        createExecutionContext(),
      );
      await pacerIdle();
    };

    // Other jobs (monthly reports, ...) may write to this secretary too; only the meeting's are counted.
    const meetingReminders = () => tg.sent(4242).filter((text) => text.includes('họp chi bộ'));

    await run(PLAN_TICK);
    expect(meetingReminders()).toHaveLength(0);
    await run(REMIND_TICK);
    expect(meetingReminders()).toHaveLength(1);
    expect(meetingReminders()[0]).toContain('còn 3 ngày nữa');
    expect(meetingReminders()[0]).toContain('Chi bộ khu phố 3: 19:30 Thứ Bảy, 05/12/2026');
    const rows = await store.db.select().from(outbox).where(eq(outbox.chatId, '4242')).all();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const sentSoFar = tg.calls.length;

    await run(REMIND_TICK);
    expect(tg.calls).toHaveLength(sentSoFar);
    expect(await store.db.select().from(outbox).all()).toHaveLength(rows.length);
  });
});
