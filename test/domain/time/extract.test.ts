import { describe, expect, it } from 'vitest';
import { extractDateTime } from '../../../src/domain/time/extract';

const VN = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-11-26T03:00:00Z'); // Thứ Năm 26/11/2026, 10:00 in Vietnam
const at = (hour: number, minute: number) => ({ hour, minute });

describe('extractDateTime', () => {
  it.each([
    [
      '5/12 19h30 tai nha van hoa, chuyen de ...',
      { date: '2026-12-05', time: at(19, 30), rest: 'tai nha van hoa, chuyen de ...' },
    ],
    [
      'Họp chi bộ ngày 5/12, lúc 19h30, tại Nhà văn hóa thôn',
      { date: '2026-12-05', time: at(19, 30), rest: 'Họp chi bộ, tại Nhà văn hóa thôn' },
    ],
    [
      'CHUYÊN ĐỀ HỌC TẬP NGHỊ QUYẾT 05/12/2026 19:30',
      { date: '2026-12-05', time: at(19, 30), rest: 'CHUYÊN ĐỀ HỌC TẬP NGHỊ QUYẾT' },
    ],
    [
      'hop chi bo ngay mai luc 7h toi tai hoi truong',
      { date: '2026-11-27', time: at(19, 0), rest: 'hop chi bo tai hoi truong' },
    ],
    [
      'Họp chi bộ tháng 12: thứ 7 tuần sau, 19h30',
      { date: '2026-12-05', time: at(19, 30), rest: 'Họp chi bộ tháng 12' },
    ],
    ['tối thứ 6 lúc 7h họp chi bộ', { date: '2026-11-27', time: at(19, 0), rest: 'họp chi bộ' }],
    ['chiều mai 2h họp', { date: '2026-11-27', time: at(14, 0), rest: 'họp' }],
    ['7 giờ tối nay họp', { date: '2026-11-26', time: at(19, 0), rest: 'họp' }],
    ['Chiều 14/12 họp chi bộ', { date: '2026-12-14', rest: 'Chiều họp chi bộ' }],
    ['ngày 5 tháng 12 năm 2026, 19 giờ 30 phút', { date: '2026-12-05', time: at(19, 30), rest: '' }],
    ['Họp Thứ Bảy, 05/12/2026 lúc 19:30', { date: '2026-12-05', time: at(19, 30), rest: 'Họp' }],
    ['mùng 5 họp, 7g30 tối', { date: '2026-12-05', time: at(19, 30), rest: 'họp' }],
    ['lúc 19h30 tại nhà văn hóa', { time: at(19, 30), rest: 'tại nhà văn hóa' }],
    ['tại nhà văn hóa', { rest: 'tại nhà văn hóa' }],
    ['  họp   chi bộ  ', { rest: 'họp chi bộ' }],
    ['', { rest: '' }],
    ['5/12', { date: '2026-12-05', rest: '' }],
  ])('splits %j', (text, expected) => {
    expect(extractDateTime(text, NOW, VN)).toEqual(expected);
  });

  it('prefers a written date to a weak one that comes first', () => {
    expect(extractDateTime('đ/c Mai báo cáo ngày 5/12', NOW, VN)).toEqual({
      date: '2026-12-05',
      rest: 'đ/c Mai báo cáo',
    });
    expect(extractDateTime('Họp 2-3 tiếng, ngày 5/12', NOW, VN)).toEqual({
      date: '2026-12-05',
      rest: 'Họp 2-3 tiếng',
    });
  });

  it('reads a dotted pair as a time once a date has been found, and as a date otherwise', () => {
    expect(extractDateTime('10.10 ngày 5/12 họp', NOW, VN)).toMatchObject({
      date: '2026-12-05',
      time: at(10, 10),
    });
    expect(extractDateTime('5.12 lúc 10.10 họp', NOW, VN)).toEqual({
      date: '2026-12-05',
      time: at(10, 10),
      rest: 'họp',
    });
    expect(extractDateTime('họp 10.10', NOW, VN)).toEqual({ date: '2026-10-10', rest: 'họp' });
    expect(extractDateTime('họp 19.30', NOW, VN)).toEqual({ time: at(19, 30), rest: 'họp' });
  });

  it('does not take ordinals for weekdays', () => {
    expect(extractDateTime('họp lần thứ 2 vào 19h', NOW, VN)).toEqual({
      time: at(19, 0),
      rest: 'họp lần thứ 2',
    });
  });

  it('reports a date that does not exist and still removes it', () => {
    expect(extractDateTime('họp 31/11 19h', NOW, VN)).toEqual({
      dateError: 'no_such_day',
      time: at(19, 0),
      rest: 'họp',
    });
  });

  it('uses the preference within a week, the nearest occurrence across a year', () => {
    expect(extractDateTime('họp 5/11', NOW, VN, { prefer: 'future' }).date).toBe('2026-11-05');
    expect(extractDateTime('họp 5/11', NOW, VN, { prefer: 'past' }).date).toBe('2026-11-05');
    expect(extractDateTime('họp thứ 2 19h', NOW, VN, { prefer: 'past' }).date).toBe('2026-11-23');
    expect(extractDateTime('họp thứ 2 19h', NOW, VN, { prefer: 'future' }).date).toBe('2026-11-30');
  });

  it('keeps the evening of "thứ 5 tối 7h" (tối folds like tới)', () => {
    expect(extractDateTime('họp thứ 5 tối 7h', NOW, VN, { prefer: 'future' })).toMatchObject({
      date: '2026-11-26',
      time: at(19, 0),
    });
  });

  it('keeps the original diacritics of decomposed input and drops invisible characters', () => {
    const decomposed = 'Họp ngày 5/12 tại Nhà văn hóa'.normalize('NFD');
    expect(extractDateTime(decomposed, NOW, VN)).toEqual({ date: '2026-12-05', rest: 'Họp tại Nhà văn hóa' });
    expect(extractDateTime('họp 5/\u200B12 lúc 19h\u200B30', NOW, VN)).toEqual({
      date: '2026-12-05',
      time: at(19, 30),
      rest: 'họp',
    });
  });

  it('maps positions back correctly around emoji and characters that fold to two', () => {
    expect(extractDateTime('📅 5/12 🕖 19h30 họp', NOW, VN)).toEqual({
      date: '2026-12-05',
      time: at(19, 30),
      rest: '📅 🕖 họp',
    });
    expect(extractDateTime('İİ 5/12 ĐẠI HỘI', NOW, VN)).toEqual({ date: '2026-12-05', rest: 'İİ ĐẠI HỘI' });
  });

  it('works on the Vietnamese day near midnight whatever the process zone', () => {
    const original = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(extractDateTime('họp hôm nay 19h', new Date('2026-11-26T17:30:00Z'), VN)).toEqual({
        date: '2026-11-27',
        time: at(19, 0),
        rest: 'họp',
      });
    } finally {
      process.env.TZ = original;
    }
  });
});
