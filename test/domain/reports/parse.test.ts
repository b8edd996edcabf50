import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReportDraft } from '../../../src/domain/reports/draft';
import { parseReport } from '../../../src/domain/reports/parse';

const TZ = 'Asia/Ho_Chi_Minh';
const NOW = new Date('2026-11-26T03:00:00Z');

type Row = [string, Partial<ReportDraft> & { period?: string; unit?: string }];

const TABLE: Row[] = [
  [
    'thang 11: anninh on dinh; sanxuat lua dong xuan dat; kiennghi 3/2 duong lien thon xuong cap; dexuat ho tro kinh phi',
    {
      period: '2026-11',
      security: 'on dinh',
      production: 'lua dong xuan dat',
      petitionsRaised: 3,
      petitionsResolved: 2,
      petitionsText: 'duong lien thon xuong cap',
      proposals: 'ho tro kinh phi',
    },
  ],
  [
    'tháng 11: an ninh ổn định; sản xuất lúa đông xuân đạt; kiến nghị 3/2 đường liên thôn xuống cấp; đề xuất hỗ trợ kinh phí',
    {
      period: '2026-11',
      security: 'ổn định',
      production: 'lúa đông xuân đạt',
      petitionsRaised: 3,
      petitionsText: 'đường liên thôn xuống cấp',
      proposals: 'hỗ trợ kinh phí',
    },
  ],
  [
    'THANG 11/2026: AN NINH ON DINH; SAN XUAT TOT; KIEN NGHI 0',
    { period: '2026-11', security: 'ON DINH', production: 'TOT', petitionsRaised: 0 },
  ],
  [
    't11 anninh tot; sx kha; kn 2/2',
    { period: '2026-11', security: 'tot', production: 'kha', petitionsRaised: 2, petitionsResolved: 2 },
  ],
  ['anhninh on dinh; sanxuat tot', { security: 'on dinh', production: 'tot' }],
  ['an nnih on dinh; san xaut tot', { security: 'on dinh', production: 'tot' }],
  [
    'anninh on dinh; sanxat tot; kienghi 1/1 dien',
    { production: 'tot', petitionsRaised: 1, petitionsText: 'dien' },
  ],
  [
    'an ninh: ổn định, sản xuất: lúa tốt, kiến nghị: 4/1 nước sạch',
    {
      security: 'ổn định',
      production: 'lúa tốt',
      petitionsRaised: 4,
      petitionsResolved: 1,
      petitionsText: 'nước sạch',
    },
  ],
  ['an ninh trật tự: bình thường; sản xuất đời sống: ổn', { security: 'bình thường', production: 'ổn' }],
  [
    '1. An ninh: tốt\n2. Sản xuất: khá\n3. Kiến nghị: 0\n4. Khó khăn: thiếu vốn\n5. Đề xuất: không',
    // "Đề xuất: không" is no proposal, as the "Không có" button is, never the text "không".
    {
      security: 'tốt',
      production: 'khá',
      petitionsRaised: 0,
      difficulties: 'thiếu vốn',
      proposals: undefined,
    },
  ],
  [
    'an ninh tot, kho khan: chua co gi, de xuat ko co',
    { security: 'tot', difficulties: undefined, proposals: undefined },
  ],
  [
    '- an ninh tot\n- san xuat kha\n- kien nghi tiep nhan 4, da giai quyet 3 ve dat dai',
    { security: 'tot', petitionsRaised: 4, petitionsResolved: 3, petitionsText: 've dat dai' },
  ],
  [
    'kiến nghị 1.200/1.150 đường xấu; an ninh tốt',
    { petitionsRaised: 1200, petitionsResolved: 1150, security: 'tốt' },
  ],
  ['KP3 thang 11: anninh tot; sanxuat tot', { unit: 'KP3', period: '2026-11', security: 'tot' }],
  ['thang 10 KP4 an ninh tot', { unit: 'KP4', period: '2026-10', security: 'tot' }],
  ['11/2026 anninh tot; sanxuat tot', { period: '2026-11', security: 'tot' }],
  ['thang truoc: anninh tot', { period: '2026-10', security: 'tot' }],
  [
    'kho khan: thieu kinh phi; de nghi: ho tro 50.000.000 dong',
    { difficulties: 'thieu kinh phi', proposals: 'ho tro 50.000.000 dong' },
  ],
  [
    'khó khăn vướng mắc - đường sạt lở; đề xuất kiến nghị: sửa đường',
    { difficulties: 'đường sạt lở', proposals: 'sửa đường' },
  ],
  [
    'ANTT ổn; SX tốt; KN không có kiến nghị',
    { security: 'ổn', production: 'tốt', petitionsRaised: 0, petitionsResolved: 0 },
  ],
  [
    'an ninh ổn định. sản xuất lúa đạt 6 tấn/ha. kiến nghị 2/1 điện',
    { security: 'ổn định', production: 'lúa đạt 6 tấn/ha', petitionsRaised: 2 },
  ],
  ['kiến nghị 5 gq 5; an ninh tốt', { petitionsRaised: 5, petitionsResolved: 5 }],
  ['an ninh tốt;; ;sản xuất tốt;', { security: 'tốt', production: 'tốt' }],
  ['Thang 11 - an ninh: on dinh', { period: '2026-11', security: 'on dinh' }],
  // No separators at all, in any order, with the petitions spoken as a sentence.
  [
    'thang 11 an ninh on dinh san xuat binh thuong khong co kien nghi',
    { period: '2026-11', security: 'on dinh', production: 'binh thuong', petitionsRaised: 0 },
  ],
  [
    'san xuat lua dat an ninh tot 3 kien nghi da giai quyet 2',
    { production: 'lua dat', security: 'tot', petitionsRaised: 3, petitionsResolved: 2 },
  ],
  ['an ninh tot, kien nghi 3, giai quyet 2', { petitionsRaised: 3, petitionsResolved: 2 }],
  ['an ninh tot. kien nghi: 3 (da giai quyet 2)', { petitionsRaised: 3, petitionsResolved: 2 }],
  ['an ninh tot; ko co kien nghi', { petitionsRaised: 0, petitionsResolved: 0 }],
  ['an ninh tot, co 3 kien nghi, giai quyet 1', { petitionsRaised: 3, petitionsResolved: 1 }],
  // A heading word inside a sentence of another section stays there once that section is seen.
  [
    'an ninh on dinh; san xuat tot, dam bao an ninh luong thuc',
    { security: 'on dinh', production: 'tot, dam bao an ninh luong thuc' },
  ],
  [
    'Báo cáo tháng 11\n• An ninh: ổn định\n• Sản xuất: lúa đạt\n• Kiến nghị: không',
    { period: '2026-11', security: 'ổn định', production: 'lúa đạt', petitionsRaised: 0 },
  ],
];

describe('one-message report parser', () => {
  it.each(TABLE)('%s', (text, want) => {
    const r = parseReport(text, NOW, TZ);
    const { period, unit, ...fields } = want;
    expect(r.draft).toMatchObject(fields);
    if (period) expect(r.period).toEqual({ ok: true, period });
    if (unit) expect(r.unitWord).toBe(unit);
  });

  it('has at least 20 real-looking typings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(20);
  });

  it('drops a section it cannot read and says why, instead of guessing', () => {
    expect(parseReport('anninh tot; kiennghi ba/hai', NOW, TZ).errors).toEqual([
      { section: 'petitions', error: 'numbers' },
    ]);
    expect(parseReport('kiennghi 3 duong', NOW, TZ).errors).toEqual([
      { section: 'petitions', error: 'resolved_missing' },
    ]);
    const gt = parseReport('kiennghi 2/5', NOW, TZ);
    expect(gt.errors).toEqual([{ section: 'petitions', error: 'resolved_gt_raised' }]);
    expect(gt.draft.petitionsRaised).toBeUndefined();
    expect(parseReport('kiennghi 3,5/2', NOW, TZ).errors[0]?.error).toBe('numbers');
    expect(parseReport('kiennghi -3/2', NOW, TZ).errors).toEqual([
      { section: 'petitions', error: 'negative' },
    ]);
    expect(parseReport('kiennghi - 3/2', NOW, TZ).draft.petitionsRaised).toBe(3);
    const long = parseReport(`anninh ${'a'.repeat(501)}; sanxuat tot`, NOW, TZ);
    expect(long.errors).toEqual([{ section: 'security', error: 'too_long' }]);
    expect(long.draft).toEqual({ production: 'tot' });
    expect(parseReport('anninh ; sanxuat tot', NOW, TZ).errors).toEqual([
      { section: 'security', error: 'empty' },
    ]);
  });

  it('keeps pieces with no known heading apart instead of filing them anywhere', () => {
    const r = parseReport('anninh tot; bà con phấn khởi', NOW, TZ);
    expect(r.draft).toEqual({ security: 'tot' });
    expect(r.unknown).toEqual(['bà con phấn khởi']);
    expect(parseReport('hôm nay trời đẹp', NOW, TZ).anySection).toBe(false);
  });

  it('reads a future month as future and a nonsense month as invalid', () => {
    expect(parseReport('thang 12/2026: anninh tot', NOW, TZ).period).toEqual({ ok: false, reason: 'future' });
    expect(parseReport('thang 12: anninh tot', NOW, TZ).period).toEqual({ ok: false, reason: 'future' });
    expect(parseReport('thang 13: anninh tot', NOW, TZ).period).toEqual({ ok: false, reason: 'invalid' });
  });

  it('never throws and never keeps an over-long or inconsistent section', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 800 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (text, now) => {
          const r = parseReport(text, now, TZ);
          for (const v of [r.draft.security, r.draft.production, r.draft.difficulties, r.draft.proposals])
            expect((v ?? '').length).toBeLessThanOrEqual(500);
          if (r.draft.petitionsResolved !== undefined)
            expect(r.draft.petitionsResolved).toBeLessThanOrEqual(r.draft.petitionsRaised!);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on report-like text built from headings, numbers and separators', () => {
    const piece = fc.constantFrom(
      'an ninh',
      'anninh',
      'sx',
      'kiến nghị',
      'kn',
      'đề xuất',
      'khó khăn',
      'tháng 11',
      '3/2',
      '1.200',
      ';',
      ':',
      '\n',
      ',',
      '.',
      'tốt',
      'ba',
      '/',
      '0',
      '',
      '🙂',
      'đ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        parseReport(parts.join(' '), NOW, TZ);
      }),
      { numRuns: 1000 },
    );
  });
});
