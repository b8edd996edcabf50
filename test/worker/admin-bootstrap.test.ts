/**
 * A province bootstrapped on a fresh D1 through /admin only: units from a CSV as Excel saves it
 * (BOM, semicolons, CRLF, a meeting rule), people, assignments and the first coordinator's invite,
 * in batches small enough for the Free plan's query limit; then the coordinator and a secretary
 * link through the Telegram webhook, and the cron trigger's reminder reaches the secretary.
 */
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createD1Store } from '../../db/d1';
import { auditLog, people, supervisorAssignments, units } from '../../db/schema';
import { createWorker, type Env } from '../../src/entry/worker';
import { emptyD1 } from './d1';
import { fakeTelegramFetch } from './fake-telegram-fetch';
import { pacerIdle } from './pacer';
import { privateUpdate } from './telegram-webhook';

const TOKEN = 'worker-admin-token-0123456789abcdefghij';
const SECRET = 'worker_secret_123456';
const SET_UP = Date.parse('2026-11-26T03:00:00Z');
const PLAN_TICK = Date.parse('2026-11-26T03:01:00Z');
/** 07:00 in Hà Nội on Wednesday 2 December: three days before the 5 December meeting. */
const REMIND_TICK = Date.parse('2026-12-02T00:00:00Z');

beforeEach(() => emptyD1());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('bootstrapping a province on D1 through /admin', () => {
  it('imports, invites, links through the webhook and reminds the secretary', async () => {
    const tg = fakeTelegramFetch();
    // The outbox pacer (a Durable Object) sends through the global fetch and reads Date.
    vi.stubGlobal('fetch', tg.fetch);
    vi.useFakeTimers({ toFake: ['Date'] });
    let now = SET_UP;
    vi.setSystemTime(now);
    const worker = createWorker({ fetch: tg.fetch, clock: () => new Date(now) });
    const workerEnv: Env = {
      ...env,
      ADMIN_TOKEN: TOKEN,
      // The Free plan's limit; 20 makes even this small province go in several batches.
      D1_QUERY_LIMIT: '20',
      TELEGRAM_BOT_TOKEN: '123:abc',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: tg.apiRoot,
      TELEGRAM_BOT_ID: '123',
      TELEGRAM_BOT_USERNAME: 'chibo_test_bot',
      LOG_LEVEL: 'error',
    };
    const call = async (path: string, init: RequestInit = {}) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`https://chibo.test${path}`, {
          ...init,
          headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) },
        }),
        workerEnv,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      await pacerIdle();
      return res;
    };
    const importAll = async (verb: string, csv: string) => {
      const answers: { done: boolean; summary: { invites?: { name: string; code: string | null }[] } }[] = [];
      for (let i = 0; i < 30; i++) {
        const res = await call(`/admin/${verb}?file=${verb}.csv`, { method: 'POST', body: csv });
        expect(res.status, await res.clone().text()).toBe(200);
        answers.push(await res.json());
        if (answers.at(-1)!.done) return answers;
      }
      throw new Error(`${verb} never finished`);
    };

    const unitRows = [
      'code;name;kind;parent_code;meeting_rule',
      'XQS;Đảng bộ xã Quan Sơn;xã;;',
      'KP3;Chi bộ khu phố 3;khu phố;XQS;hang thang ngay 5 19:30 tai Nhà văn hóa khu 3',
    ];
    for (let i = 1; i <= 150; i++) unitRows.push(`T${i};Chi bộ thôn ${i};thôn;XQS;`);
    const unitAnswers = await importAll('import-units', `\uFEFF${unitRows.join('\r\n')}\r\n`);
    expect(unitAnswers.length).toBeGreaterThan(1);
    const store = createD1Store(env.DB);
    expect(await store.db.select().from(units).all()).toHaveLength(152);

    const peopleRows = ['name,phone,unit_code,role', 'Nguyễn Văn An,0912345678,KP3,secretary'];
    for (let i = 1; i <= 40; i++)
      peopleRows.push(`Bí thư Thôn ${i},09870${String(i).padStart(5, '0')},T${i},secretary`);
    peopleRows.push('Lò Văn Giám,0987999111,XQS,supervisor');
    const peopleAnswers = await importAll('import-people', `${peopleRows.join('\n')}\n`);
    expect(peopleAnswers.length).toBeGreaterThan(1);
    const codes = peopleAnswers.at(-1)!.summary.invites!;
    expect(codes).toHaveLength(42);
    expect(await store.db.select().from(people).all()).toHaveLength(42);

    await importAll('import-assignments', 'person,unit_code,from\n0987999111,KP3,1/11/2026\n');
    expect(await store.db.select().from(supervisorAssignments).all()).toHaveLength(1);

    const invite = await call('/admin/invite', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ unit: 'XQS', role: 'coordinator', name: 'Phạm Thị Dung' }),
    });
    expect(invite.status).toBe(200);
    const { code: coordinatorCode } = (await invite.json()) as { code: string };

    const audits = await store.db.select().from(auditLog).all();
    expect(audits.length).toBeGreaterThan(unitAnswers.length);
    expect(audits.every((a) => a.via === 'admin')).toBe(true);
    expect(JSON.stringify(audits)).not.toContain(TOKEN);

    const webhook = (id: number, chat: number, text: string) =>
      call('/webhook/telegram', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        body: JSON.stringify(privateUpdate(id, chat, text, now)),
      });
    expect((await webhook(1, 5151, `/start ${coordinatorCode}`)).status).toBe(200);
    expect(tg.sent(5151).join('\n')).toContain('Phạm Thị Dung');
    const secretaryCode = codes.find((c) => c.name === 'Nguyễn Văn An')!.code!;
    expect((await webhook(2, 4242, `/start ${secretaryCode}`)).status).toBe(200);
    expect(tg.sent(4242).join('\n')).toContain('Nguyễn Văn An');

    const status = (await (await call('/admin/status')).json()) as { linkedPeople: number };
    expect(status.linkedPeople).toBe(2);

    const cron = async (at: number) => {
      now = at;
      vi.setSystemTime(at);
      await worker.scheduled(
        createScheduledController({ scheduledTime: at, cron: '* * * * *' }),
        workerEnv,
        createExecutionContext(),
      );
      await pacerIdle();
    };
    await cron(PLAN_TICK);
    await cron(REMIND_TICK);
    const reminders = tg.sent(4242).filter((t) => t.includes('họp chi bộ'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain('Chi bộ khu phố 3: 19:30 Thứ Bảy, 05/12/2026');

    // The Worker renders Excel files too: the coordinator's `xuat` goes out as a document.
    expect((await webhook(3, 5151, 'xuat')).status).toBe(200);
    expect(tg.calls.filter((c) => c.method === 'sendDocument')).toHaveLength(1);
    const exported = await call('/admin/export?unit=XQS&period=2026-12');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-chibo-cells')).toBe('151');
  });

  it('answers 404 without ADMIN_TOKEN and 401 with a wrong one', async () => {
    const worker = createWorker();
    const ask = async (e: Env, token?: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request('https://chibo.test/admin/status', {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        }),
        e,
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res.status;
    };
    expect(await ask({ ...env, LOG_LEVEL: 'error' }, TOKEN)).toBe(404);
    const other = createWorker();
    const withToken: Env = { ...env, ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'error' };
    const ctx = createExecutionContext();
    const res = await other.fetch(
      new Request('https://chibo.test/admin/status', { headers: { authorization: `Bearer ${TOKEN}x` } }),
      withToken,
      ctx,
    );
    expect(res.status).toBe(401);
  });
});
