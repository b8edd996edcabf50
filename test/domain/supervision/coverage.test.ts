import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unitByCode } from '../../../db/repo/units';
import { meetings } from '../../../db/schema';
import { namesPerson, supervisionCoverage } from '../../../src/domain/supervision/coverage';
import { quarterOf } from '../../../src/domain/supervision/period';
import { zonedInstant } from '../../../src/domain/time/zone';
import { createHarness, type Harness } from '../../support/harness';
import { seedCommune } from './commune';

const TZ = 'Asia/Ho_Chi_Minh';
let h: Harness;

beforeEach(async () => {
  h = await createHarness('2026-12-20T03:00:00Z');
  await seedCommune(h);
});
afterEach(() => h.close());

async function coverageOf(code: string, q: 1 | 2 | 3 | 4 = 4) {
  const unit = await unitByCode(h.db, code);
  return supervisionCoverage(h.db, unit!, quarterOf(2026, q), { now: h.now(), tz: TZ });
}

describe('supervision coverage of a commune for a quarter', () => {
  it('counts assigned cells, visited cells and visits', async () => {
    const c = await coverageOf('XQS');
    expect(c.assignedCells).toBe(7);
    expect(c.visitedCells).toBe(4); // KP1, KP2, KP4 in December, KP3 in October
    expect(c.visits).toBe(5);
    expect(c.unassignedVisits).toBe(1);
  });

  it('lists assigned cells not visited in the quarter, with the last visit before it', async () => {
    const c = await coverageOf('XQS');
    expect(c.unvisited.map((u) => [u.code, u.supervisors, u.lastVisitOn])).toEqual([
      ['KP5', ['Trần Thị Bình'], null],
      ['KP6', ['Hoàng Văn Cường'], '2026-08-02'],
      ['KP7', ['Lê Văn Dũng'], null],
    ]);
  });

  it('lists supervisors with no visit in the quarter', async () => {
    const c = await coverageOf('XQS');
    expect(c.supervisors).toBe(4);
    expect(c.idleSupervisors.map((s) => [s.name, s.cells])).toEqual([
      ['Hoàng Văn Cường', 1],
      ['Lê Văn Dũng', 1],
    ]);
  });

  it('finds one supervisor with two cells meeting in the same hour', async () => {
    const c = await coverageOf('XQS');
    expect(c.clashes).toEqual([
      {
        personId: expect.any(String),
        name: 'Nguyễn Văn An',
        day: '2026-12-05',
        hour: 19,
        codes: ['KP1', 'KP3'],
        meetings: [
          { code: 'KP3', time: '19:00' },
          { code: 'KP1', time: '19:30' },
        ],
      },
    ]);
  });

  it('counts meetings a minute apart across a clock hour as a clash (18:59 and 19:00)', async () => {
    // Bình's KP4 meets at 19:00 on 5/12; KP5 moved to 18:59 the same evening.
    const kp5 = (await unitByCode(h.db, 'KP5'))!;
    await h.commit([
      h.db
        .update(meetings)
        .set({ scheduledAt: zonedInstant(TZ, 2026, 12, 5, 18, 59).getTime() })
        .where(eq(meetings.unitId, kp5.id)),
    ]);
    const c = await coverageOf('XQS');
    expect(c.clashes.map((k) => [k.name, k.day, k.meetings])).toEqual([
      [
        'Trần Thị Bình',
        '2026-12-05',
        [
          { code: 'KP5', time: '18:59' },
          { code: 'KP4', time: '19:00' },
        ],
      ],
      [
        'Nguyễn Văn An',
        '2026-12-05',
        [
          { code: 'KP3', time: '19:00' },
          { code: 'KP1', time: '19:30' },
        ],
      ],
    ]);
  });

  it('links visits to records naming the visitor and lists every mismatch', async () => {
    const c = await coverageOf('XQS');
    expect(c.linked).toBe(2); // KP1 by id, KP4 by name
    expect(c.awaitingRecord).toBe(2); // KP3 in October, KP8 in November
    expect(c.mismatches.map((m) => [m.kind, m.unitCode, m.supervisorName])).toEqual([
      ['no_visit', 'KP5', 'Trần Thị Bình'],
      ['record_names_nobody', 'KP2', 'Nguyễn Văn An'],
      ['no_visit', 'KP7', 'Lê Văn Dũng'],
    ]);
  });

  it('keeps a neighbouring commune apart', async () => {
    const c = await coverageOf('XKH');
    expect([c.assignedCells, c.visitedCells, c.visits, c.clashes.length, c.mismatches.length]).toEqual([
      1, 1, 1, 0, 0,
    ]);
  });

  it('counts an assignment that ended before the quarter only in its own quarter', async () => {
    const q2 = await coverageOf('XQS', 2);
    expect(q2.unvisited.map((u) => u.code)).toContain('KP8');
    expect((await coverageOf('XQS')).unvisited.map((u) => u.code)).not.toContain('KP8');
  });
});

describe('reading a name in a meeting record', () => {
  it('matches the whole name or its last two words, without diacritics', () => {
    expect(namesPerson('đ/c Tran Thi Binh (ĐUV)', 'Trần Thị Bình')).toBe(true);
    expect(namesPerson('đồng chí Thị Bình', 'Trần Thị Bình')).toBe(true);
    expect(namesPerson('đồng chí Bình', 'Trần Thị Bình')).toBe(false);
    expect(namesPerson('Trần Thị Bình An', 'Thị Bình An Khang')).toBe(false);
  });
});

describe('a quarter not begun', () => {
  it('is said to be not begun, with nothing listed as unvisited', async () => {
    const [r] = await h.say('coord', 'giamsat phamvi XQS quy 1/2027');
    expect(r!.text).toBe(
      'Giám sát sinh hoạt chi bộ — Xã Quan Sơn, quý 1/2027\nQuý 1/2027 chưa bắt đầu: chưa có việc gì đến hạn.',
    );
  });
});
