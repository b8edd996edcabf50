import { describe, expect, it } from 'vitest';
import { parseAssignLine, parseVisitLine } from '../../../src/domain/supervision/parse';
import { takeQuarter } from '../../../src/domain/supervision/period';

const TZ = 'Asia/Ho_Chi_Minh';
const now = new Date('2026-12-10T03:00:00Z');
const codes = new Set(['KP3', 'KP5', 'XQS']);
const isCode = (w: string) => codes.has(w.toUpperCase());

describe('reading an assignment line', () => {
  it('reads name, cells and both dates typed without diacritics', () => {
    const line = parseAssignLine('Nguyen Van A KP3 KP5 tu 1/1/2027 den 31/12/2027', now, TZ, isCode);
    expect(line.name).toBe('Nguyen Van A');
    expect(line.codes).toEqual(['KP3', 'KP5']);
    expect(line.from).toEqual({ ok: true, date: '2027-01-01' });
    expect(line.until).toEqual({ ok: true, date: '2027-12-31' });
  });

  it('keeps "Tú" as part of a name and reads lower-case codes', () => {
    const line = parseAssignLine('Lê Văn Tú kp3, kp5 từ 1/1/2027', now, TZ, isCode);
    expect(line.name).toBe('Lê Văn Tú');
    expect(line.codes).toEqual(['KP3', 'KP5']);
    expect(line.until).toBeUndefined();
  });

  it('takes an unknown word with digits as a cell code so it can be questioned', () => {
    expect(parseAssignLine('Nguyen Van A KP33', now, TZ, isCode).codes).toEqual(['KP33']);
  });
});

describe('reading a visit line', () => {
  it('reads cell, date, notes with diacritics and grade', () => {
    const v = parseVisitLine(
      'KP3 5/12 ghi chú: nội dung sinh hoạt tốt, cần bổ sung đánh giá đảng viên xếp loại khá',
      now,
      TZ,
    );
    expect(v).toEqual({
      code: 'KP3',
      date: '2026-12-05',
      notes: 'nội dung sinh hoạt tốt, cần bổ sung đánh giá đảng viên',
      grade: 'kha',
    });
  });

  it('reads the unaccented form and "trung binh"', () => {
    const v = parseVisitLine('kp3 5/12 ghi chu: noi dung tot xep loai trung binh', now, TZ);
    expect(v).toMatchObject({ code: 'KP3', date: '2026-12-05', notes: 'noi dung tot', grade: 'trung_binh' });
  });

  it('takes a date without a year as its nearest occurrence, never silently last year', () => {
    // On 10 December "20/12" is this year's (the visit is then refused as not yet held).
    expect(parseVisitLine('KP3 20/12', now, TZ).date).toBe('2026-12-20');
    expect(parseVisitLine('KP3 20/11', now, TZ).date).toBe('2026-11-20');
    expect(parseVisitLine('KP3 thứ 5 vừa rồi', now, TZ).date).toBe('2026-12-03');
  });

  it('reports a day that does not exist', () => {
    expect(parseVisitLine('KP3 31/11', now, TZ).dateError).toBe('no_such_day');
  });
});

describe('reading a quarter', () => {
  it('reads "quy 4" with the unit before it', () => {
    const r = takeQuarter('XQS quy 4', now, TZ);
    expect(r.quarter).toMatchObject({ year: 2026, q: 4, from: '2026-10-01', to: '2026-12-31' });
    expect(r.rest).toBe('xqs');
  });

  it('takes a quarter without a year as the latest one begun, Roman numerals too', () => {
    expect(takeQuarter('quý 4', new Date('2027-02-01T03:00:00Z'), TZ).quarter?.year).toBe(2026);
    expect(takeQuarter('quý 3', new Date('2027-02-01T03:00:00Z'), TZ).quarter?.year).toBe(2026);
    expect(takeQuarter('quý 2', new Date('2027-02-01T03:00:00Z'), TZ).quarter?.year).toBe(2026);
    expect(takeQuarter('quý 1', new Date('2027-02-01T03:00:00Z'), TZ).quarter?.year).toBe(2027);
    expect(takeQuarter('XQS quý IV/2026', new Date('2027-02-01T03:00:00Z'), TZ)).toMatchObject({
      quarter: { year: 2026, q: 4 },
      rest: 'xqs',
    });
    expect(takeQuarter('q2/2027', new Date('2027-02-01T03:00:00Z'), TZ).quarter?.months).toEqual([
      '2027-04',
      '2027-05',
      '2027-06',
    ]);
  });
});
