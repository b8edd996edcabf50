import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractDateTime } from '../../../src/domain/time/extract';
import { parseDateVi } from '../../../src/domain/time/parse-date';
import { parseTimeVi } from '../../../src/domain/time/parse-time';
import {
  addLocalDays,
  formatDateInput,
  formatDateVi,
  formatTimeVi,
  localParts,
  zonedInstant,
} from '../../../src/domain/time/zone';

const VN = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-11-26T03:00:00Z');
const pad = (n: number) => String(n).padStart(2, '0');

/** Text that looks a bit like dates and times, mixed with hostile Unicode. */
const piece = fc.oneof(
  fc.constantFrom(
    '5',
    '12',
    '/',
    '.',
    '-',
    ':',
    'h',
    'g',
    ' ',
    '  ',
    'giờ',
    'thứ',
    'tuần sau',
    'mùng',
    'ngày',
    'tháng',
    'năm',
    'tối',
    'nay',
    'kém',
    'rưỡi',
    'cn',
    't2',
    'Đ',
    'İ',
    '\u0301',
    '\u0323',
    '\u200B',
    '\uFEFF',
    '\u202E',
    '\uD800',
    '\uDC00',
    '👨‍👩‍👧',
    '🙂',
    '\n',
    '\t',
    '\u00A0',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer({ min: 0, max: 9999 }).map(String),
);
const messy = fc.array(piece, { maxLength: 20 }).map((parts) => parts.join(''));
const anyString = fc.oneof(messy, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme-composite' }));
const anyNow = fc.date({
  min: new Date('1950-01-01T00:00:00Z'),
  max: new Date('2200-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const prefer = fc.constantFrom('past' as const, 'future' as const, 'nearest' as const);
const ISO = /^\d{4}-\d{2}-\d{2}$/;

describe('properties', () => {
  it('never throws and always answers in shape, on any string', () => {
    fc.assert(
      fc.property(anyString, anyNow, prefer, (text, now, p) => {
        const date = parseDateVi(text, now, VN, { prefer: p });
        if (date.ok) expect(date.date).toMatch(ISO);
        const time = parseTimeVi(text);
        if (time.ok)
          expect(time.hour >= 0 && time.hour <= 23 && time.minute >= 0 && time.minute <= 59).toBe(true);
        const found = extractDateTime(text, now, VN, { prefer: p });
        expect(typeof found.rest).toBe('string');
        expect(found.rest.length).toBeLessThanOrEqual(text.normalize('NFC').length);
        if (found.date) expect(found.date).toMatch(ISO);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back every date it prints, in both written forms', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        anyNow,
        prefer,
        (instant, now, p) => {
          const iso = instant.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-').map(Number);
          expect(parseDateVi(formatDateInput(iso), now, VN, { prefer: p })).toEqual({ ok: true, date: iso });
          expect(parseDateVi(`ngày ${d} tháng ${m} năm ${y}`, now, VN)).toEqual({ ok: true, date: iso });
          const printed = formatDateVi(zonedInstant(VN, y ?? 0, m ?? 0, d ?? 0, 12), VN);
          expect(parseDateVi(printed, now, VN)).toEqual({ ok: true, date: iso });
        },
      ),
    );
  });

  it('reads back every clock time as HHhMM, HH:MM and H giờ M', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
        const expected = { ok: true, hour, minute };
        expect(parseTimeVi(`${pad(hour)}h${pad(minute)}`)).toEqual(expected);
        expect(parseTimeVi(`${pad(hour)}:${pad(minute)}`)).toEqual(expected);
        expect(parseTimeVi(`${hour} giờ ${minute} phút`)).toEqual(expected);
        expect(parseTimeVi(formatTimeVi(zonedInstant(VN, 2026, 12, 5, hour, minute), VN))).toEqual(expected);
      }),
    );
  });

  it('finds a date and time typed inside any plain sentence', () => {
    const word = fc.constantFrom('họp', 'chi bộ', 'tại', 'nhà văn hóa', 'thôn', 'chuyên đề', 'Đảng', 'ủy');
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 5 }),
        fc.array(word, { maxLength: 5 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (before, after, d, m, hour, minute) => {
          const text = [...before, `${d}/${m}/2027`, `${hour}h${pad(minute)}`, ...after].join(' ');
          expect(extractDateTime(text, NOW, VN)).toEqual({
            date: `2027-${pad(m)}-${pad(d)}`,
            time: { hour, minute },
            rest: [...before, ...after].join(' '),
          });
        },
      ),
    );
  });

  it('reads relative days against the Vietnamese calendar for any instant', () => {
    fc.assert(
      fc.property(anyNow, (now) => {
        const today = localParts(now, VN).isoDate;
        expect(parseDateVi('hôm nay', now, VN)).toEqual({ ok: true, date: today });
        expect(parseDateVi('mai', now, VN)).toEqual({ ok: true, date: addLocalDays(today, 1) });
        expect(parseDateVi('hom qua', now, VN)).toEqual({ ok: true, date: addLocalDays(today, -1) });
      }),
    );
  });

  it('puts a weekday within the coming or the past six days, on the right weekday', () => {
    const names = ['chủ nhật', 'thứ 2', 'thứ 3', 'thứ 4', 'thứ 5', 'thứ 6', 'thứ 7'];
    fc.assert(
      fc.property(anyNow, fc.integer({ min: 0, max: 6 }), (now, weekday) => {
        const today = localParts(now, VN).isoDate;
        const future = parseDateVi(names[weekday] ?? '', now, VN, { prefer: 'future' });
        const past = parseDateVi(names[weekday] ?? '', now, VN, { prefer: 'past' });
        if (!future.ok || !past.ok) throw new Error('weekday not read');
        const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
        expect(days(future.date) - days(today)).toBeGreaterThanOrEqual(0);
        expect(days(future.date) - days(today)).toBeLessThanOrEqual(6);
        expect(days(today) - days(past.date)).toBeGreaterThanOrEqual(0);
        expect(days(today) - days(past.date)).toBeLessThanOrEqual(6);
        expect(new Date(`${future.date}T00:00:00Z`).getUTCDay()).toBe(weekday);
        expect(new Date(`${past.date}T00:00:00Z`).getUTCDay()).toBe(weekday);
      }),
    );
  });

  it('puts a day/month without a year within six months of today by default', () => {
    fc.assert(
      fc.property(anyNow, fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), (now, d, m) => {
        const result = parseDateVi(`${d}/${m}`, now, VN);
        if (!result.ok) throw new Error('date not read');
        const today = Date.parse(`${localParts(now, VN).isoDate}T00:00:00Z`);
        expect(Math.abs(Date.parse(`${result.date}T00:00:00Z`) - today) / 86_400_000).toBeLessThanOrEqual(
          184,
        );
      }),
    );
  });
});
