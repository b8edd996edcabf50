/**
 * A fast-check property over the step-by-step flows: whatever sequence of texts, pressed buttons
 * (offered or forged) and commands several people send, interleaved, nothing invalid is ever
 * stored, every message is answered, and no message gets more than a few messages back.
 */
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flows, GRADES, MEETING_KINDS, outbox, supervisorAssignments } from '../../db/schema';
import { handleIncoming } from '../../src/bot/handle';
import { MAX_REPLY_PARTS } from '../../src/bot/reply-cap';
import { periodOf } from '../../src/domain/meetings/record';
import { MAX_NOTICE } from '../../src/domain/notices/notices';
import { FIELD_MAX } from '../../src/domain/reports/draft';
import { createHarness, type Harness } from '../support/harness';
import { HOSTILE_TOKENS } from '../support/hostile';

const TODAY = '2026-12-10';
const CHATS = ['bt1', 'bt2', 'gs1', 'coord'] as const;

/** What these people type: commands in every form, answers right and wrong, and junk. */
const TEXTS = [
  'hop',
  'hop 5/12 co mat 23/27',
  'hop 5/12 co mat 27/27 xep loai tot',
  'hop 5/12 du 23 vang 4 deu co ly do xl kha',
  'hop 25/12 co mat 20/27',
  'hop sua',
  'baocao',
  'baocao thang 11 an ninh tot, san xuat tot, khong co kien nghi',
  'baocao thang 11 an ninh tot',
  'baocao kiennghi -3/2',
  'baocao sua',
  'baocao xem 11/2026',
  'lich',
  'lich 20/12',
  'lich 20/12 19h tai hoi truong',
  'lich hang thang ngay 5 19h',
  'lich tiep',
  'giamsat',
  'giamsat KP1 5/12 kha',
  'giamsat xem',
  'giam sat ban chanh hom qua',
  'phancong Dung KP1',
  'phancong Hà Văn Dũng KP1 tu 1/1/2027',
  'thongbao',
  'thongbao XQS Họp lúc 8h',
  'tonghop',
  'xem tiep',
  'huy',
  'trogiup',
  'toi',
  '1',
  '2',
  '3',
  '9',
  '0',
  'luu',
  'ok',
  'sua',
  'tot',
  'kha',
  'hoan thanh tot nhiem vu',
  '5/12',
  '23/27',
  '30/27',
  '31/2',
  '-3/2',
  '3/2 duong',
  '3 co ly do',
  'tat ca',
  'khong',
  'xep loai kha',
  'co mat 24/27',
  'tu 1/2/2027 den 1/1/2020',
  'hom qua',
  '19h',
  ...HOSTILE_TOKENS,
];
const FORGED = [
  'd:garbage',
  'save',
  'edit',
  'cancel',
  'u:x',
  'g:tot',
  'g:xuat_sac',
  'bc:period:2099-01',
  'k:weird',
  'next',
  '',
];

type Chat = (typeof CHATS)[number];
type Action = { chat: Chat; text?: string; press?: { offered: boolean; pick: number; forged: string } };

/** Whole flows as people go through them: the random junk is mixed into these. */
const SCRIPTS: [Chat, ...string[]][] = [
  ['bt1', 'hop 5/12 co mat 27/27 xep loai tot', '1'],
  ['bt1', 'hop 5/12 co mat 23/27', '3 tot', 'luu'],
  ['bt1', 'hop', '5/12', '23/27', '3', '2', 'kha', '1', '1'],
  ['bt1', 'hop sua', 'xep loai kha', '1'],
  ['bt1', 'baocao thang 11 an ninh tot, san xuat tot, khong co kien nghi', 'gui'],
  ['bt1', 'baocao', '1', 'On dinh', 'Tot', '0', '1', '1', '1'],
  ['bt1', 'baocao sua', '1', 'tot lam', '1'],
  ['bt1', 'lich 20/12 19h tai hoi truong', '1'],
  ['bt1', 'lich hang thang ngay 5 19h', 'luu'],
  ['bt2', 'hop 5/12 co mat 27/27 xep loai tot', '2', '1'],
  ['bt2', 'baocao thang 11 an ninh tot, san xuat tot, kien nghi 0', '1', 'gui'],
  ['gs1', 'giamsat KP1 5/12 kha', 'luu'],
  ['gs1', 'giamsat', '1', 'hom qua', 'Khá', '1'],
  ['gs1', 'giamsat KP2 5/12 tot', '1'],
  ['coord', 'phancong Hà Văn Dũng KP1 tu 1/1/2027', 'ok'],
  ['coord', 'phancong Dung KP1', '2', '1'],
  ['coord', 'thongbao XQS Họp lúc 8h', '1'],
  ['coord', 'tonghop', 'xem tiep'],
];

const junk: fc.Arbitrary<Action> = fc.record({
  chat: fc.constantFrom(...CHATS),
  text: fc.option(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...TEXTS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
    { nil: undefined },
  ),
  press: fc.option(
    fc.record({ offered: fc.boolean(), pick: fc.nat(10), forged: fc.constantFrom(...FORGED) }),
    {
      nil: undefined,
    },
  ),
});

/** A script with junk (from anyone, pressed buttons included) slipped in somewhere. */
const episode: fc.Arbitrary<Action[]> = fc
  .tuple(fc.constantFrom(...SCRIPTS), fc.array(junk, { maxLength: 3 }), fc.nat())
  .map(([[chat, ...texts], noise, at]) => {
    const steps: Action[] = texts.map((text) => ({ chat, text }));
    steps.splice(at % (steps.length + 1), 0, ...noise);
    return steps;
  });

const actions: fc.Arbitrary<Action[]> = fc
  .array(fc.oneof({ weight: 2, arbitrary: episode }, { weight: 1, arbitrary: junk.map((a) => [a]) }), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.flat());

async function world(): Promise<Harness> {
  const h = await createHarness(`${TODAY}T03:00:00Z`);
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  const kp1 = await h.unit('KP1', 'Chi bộ bản Chanh', 'cell', 'XQS', { memberCount: 27 });
  await h.unit('KP2', 'Chi bộ bản Na Mèo', 'cell', 'XQS', { memberCount: 31 });
  await h.person('bt1', 'Nguyễn Văn An', [{ role: 'secretary', unit: 'KP1' }]);
  await h.person('bt2', 'Lò Thị Bình', [
    { role: 'secretary', unit: 'KP1' },
    { role: 'secretary', unit: 'KP2' },
  ]);
  const gs = await h.person('gs1', 'Hà Văn Dũng', [{ role: 'supervisor', unit: 'XQS' }]);
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
  await h.commit([
    h.db
      .insert(supervisorAssignments)
      .values({ id: 'sa1', personId: gs, unitId: kp1, validFrom: '2026-01-01', createdAt: 0 }),
  ]);
  return h;
}

const sqlite = (h: Harness) => (h.db as unknown as { $client: import('better-sqlite3').Database }).$client;
const isDay = (s: unknown) =>
  typeof s === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Every stored row is one a careful person could have entered. */
function checkStored(h: Harness) {
  const all = (sql: string) => sqlite(h).prepare(sql).all() as Record<string, unknown>[];
  for (const r of all('SELECT * FROM meeting_records')) {
    const [present, total, ex, unex] = [r.present, r.total, r.absent_excused, r.absent_unexcused] as [
      number,
      number,
      number,
      number,
    ];
    expect(isDay(r.held_on), JSON.stringify(r)).toBe(true);
    expect(r.held_on! <= TODAY && r.held_on! >= '2025-12-09').toBe(true);
    expect(r.period).toBe(periodOf(r.held_on as string));
    expect(total).toBeGreaterThanOrEqual(1);
    expect(present).toBeGreaterThanOrEqual(0);
    expect(ex).toBeGreaterThanOrEqual(0);
    expect(unex).toBeGreaterThanOrEqual(0);
    expect(present + ex + unex).toBe(total);
    expect(MEETING_KINDS).toContain(r.kind);
    if (r.grade !== null) expect(GRADES).toContain(r.grade);
  }
  for (const r of all('SELECT * FROM reports')) {
    expect(r.period as string).toMatch(/^2026-(0\d|1[0-2])$/);
    expect((r.period as string) <= '2026-12').toBe(true);
    const [raised, resolved] = [r.petitions_raised, r.petitions_resolved] as [number, number];
    expect(Number.isInteger(raised) && raised >= 0).toBe(true);
    expect(Number.isInteger(resolved) && resolved >= 0 && resolved <= raised).toBe(true);
    for (const k of ['security', 'production', 'petitions_text', 'difficulties', 'proposals'])
      expect(((r[k] as string | null) ?? '').length).toBeLessThanOrEqual(FIELD_MAX);
    expect((r.security as string).length).toBeGreaterThan(0);
  }
  for (const r of all('SELECT * FROM visits')) {
    expect(isDay(r.visited_on) && (r.visited_on as string) <= TODAY).toBe(true);
    if (r.grade !== null) expect(GRADES).toContain(r.grade);
  }
  for (const r of all('SELECT * FROM meetings')) expect(Number.isFinite(r.scheduled_at)).toBe(true);
  for (const r of all('SELECT * FROM supervisor_assignments')) {
    expect(isDay(r.valid_from)).toBe(true);
    // An end before the start is how a replaced, never-begun assignment is kept (see planAssignment).
    if (r.valid_to !== null) expect(isDay(r.valid_to)).toBe(true);
  }
  for (const r of all('SELECT * FROM notices'))
    expect((r.text as string).length).toBeLessThanOrEqual(MAX_NOTICE);
}

let n = 0;

async function play(h: Harness, actions: Action[]) {
  for (const a of actions) {
    const before = (await h.sent(a.chat)).length;
    const flow = await h.db
      .select()
      .from(flows)
      .where(eq(flows.key, `sim:${a.chat}`))
      .get();
    const offered: string[] = flow?.choices ? JSON.parse(flow.choices) : [];
    const choice =
      a.press?.offered && offered.length > 0 ? offered[a.press.pick % offered.length]! : a.press?.forged;
    const pressed = a.press !== undefined && (a.text === undefined || a.press.offered);
    const outcome = await handleIncoming(h.deps, {
      platform: 'sim',
      updateKey: `sim:p${++n}`,
      chatId: a.chat,
      chatType: 'private',
      userId: a.chat,
      ...(pressed ? { kind: 'choice' as const, choice } : { kind: 'text' as const, text: a.text ?? '?' }),
    });
    expect(outcome).toBe('done');
    const rows = await h.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.chatId, a.chat), eq(outbox.platform, 'sim')))
      .all();
    const got = rows.length - before;
    expect(got, `${a.chat}: ${pressed ? `[${choice}]` : a.text}`).toBeGreaterThanOrEqual(1);
    expect(got).toBeLessThanOrEqual(MAX_REPLY_PARTS);
  }
}

describe('flows under any sequence of messages from several people', () => {
  it('store nothing invalid and answer every message with at most a few messages', async () => {
    let saved = 0;
    await fc.assert(
      fc.asyncProperty(actions, async (list) => {
        const h = await world();
        try {
          await play(h, list);
          checkStored(h);
          saved += (
            sqlite(h)
              .prepare(
                'SELECT (SELECT count(*) FROM meeting_records) + (SELECT count(*) FROM reports) + (SELECT count(*) FROM visits) AS n',
              )
              .get() as { n: number }
          ).n;
        } finally {
          h.close();
        }
      }),
      { numRuns: 100 },
    );
    // The random sequences do get through whole flows, so the checks above look at real records.
    expect(saved).toBeGreaterThan(0);
  }, 120_000);

  it('with the answers that complete each flow, the records are saved and still valid', async () => {
    const h = await world();
    try {
      const say = (chat: Chat, ...texts: string[]) =>
        play(
          h,
          texts.map((text) => ({ chat, text })),
        );
      await say('bt1', 'hop 5/12 du 23 vang 4 deu co ly do xl kha', '1');
      await say('bt1', 'baocao thang 11 an ninh tot, san xuat tot, khong co kien nghi', 'gui');
      await say('gs1', 'giamsat KP1 5/12 kha', 'luu');
      await say('coord', 'phancong Hà Văn Dũng KP1 tu 1/1/2027', 'ok');
      await say('bt1', 'lich 20/12 19h tai hoi truong', '1');
      const count = (t: string) =>
        (sqlite(h).prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
      expect([count('meeting_records'), count('reports'), count('visits'), count('meetings')]).toEqual([
        1, 1, 1, 1,
      ]);
      checkStored(h);
    } finally {
      h.close();
    }
  });
});
