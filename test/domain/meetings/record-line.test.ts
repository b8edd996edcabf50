import { describe, expect, it } from 'vitest';
import type { RecordDraft } from '../../../src/domain/meetings/record';
import { type NumberField, parseRecordLine } from '../../../src/domain/meetings/record-line';

const now = new Date('2026-12-10T03:00:00Z');
const TZ = 'Asia/Ho_Chi_Minh';
const parse = (s: string, expect?: NumberField[], known?: RecordDraft) =>
  parseRecordLine(s, now, TZ, { expect, known });

/** What secretaries type after `hop`, and what it means. */
const LINES: [string, RecordDraft][] = [
  [
    '5/12 co mat 23/27 vang co ly do 3 chuyen de chuyen doi so xep loai tot',
    {
      heldOn: '2026-12-05',
      present: 23,
      total: 27,
      absentExcused: 3,
      kind: 'thematic',
      topic: 'chuyen doi so',
      grade: 'tot',
    },
  ],
  [
    'ngày 5/12 có mặt 23 trên tổng số 27, vắng không lý do 1, thường kỳ kết hợp chuyên đề Nghị quyết, xếp loại trung bình, cấp trên dự: đ/c Dũng, ghi chú: mưa to',
    {
      heldOn: '2026-12-05',
      present: 23,
      total: 27,
      absentUnexcused: 1,
      kind: 'both',
      topic: 'Nghị quyết',
      grade: 'trung_binh',
      attendeeText: 'đ/c Dũng',
      note: 'mưa to',
    },
  ],
  ['5/12 co mat 23/27 dv', { heldOn: '2026-12-05', present: 23, total: 27 }],
  ['5/12 23/27 đ/c', { heldOn: '2026-12-05', present: 23, total: 27 }],
  ['5/12 co mat 23/27 ng', { present: 23, total: 27 }],
  ['5/12 du 23 vang 4', { present: 23, absent: 4 }],
  ['5/12 dự 23/27', { present: 23, total: 27 }],
  ['5/12 tham du 23/27', { present: 23, total: 27 }],
  ['5/12 co mat 23/27 vang 4', { absent: 4 }],
  ['5/12 co mat 24/27 vắng 3 (2 có lý do)', { absent: 3, absentExcused: 2 }],
  ['5/12 co mat 23/27 vang 4 deu co ly do', { absent: 4, absentExcused: 4 }],
  ['5/12 co mat 23/27 vang 4 khong ly do', { absent: 4, absentUnexcused: 4 }],
  ['5/12 co mat 23 khong ly do 2', { present: 23, absentUnexcused: 2 }],
  ['5/12 co mat 23/27 3 co ly do 1 khong ly do', { absentExcused: 3, absentUnexcused: 1 }],
  ['5/12 co mat 27/27 khong ai vang', { present: 27, absent: 0 }],
  ['5/12 sh chuyen de: chuyen doi so', { kind: 'thematic', topic: 'chuyen doi so' }],
  ['5/12 sh thuong ky', { kind: 'regular' }],
  ['5/12 sinh hoat thuong ky va chuyen de hoc tap', { kind: 'both', topic: 'hoc tap' }],
  ['5/12 co mat 27/27 xl tot', { grade: 'tot' }],
  ['5/12 co mat 27/27 dat loai kha', { grade: 'kha' }],
  ['5/12 co mat 27/27 xếp loại: TB', { grade: 'trung_binh' }],
  ['5/12 co mat 27/27 loai kem', { grade: 'kem' }],
  ['5/12 23/27 tot', { present: 23, total: 27, grade: 'tot' }],
  ['tối 5/12 có mặt 27/27', { heldOn: '2026-12-05', present: 27 }],
  ['5/12 chuyen de du an nong thon moi', { kind: 'thematic', topic: 'du an nong thon moi' }],
];

describe('parseRecordLine', () => {
  it.each(LINES)('reads "%s"', (line, want) => {
    const r = parse(line);
    expect(r.problems).toEqual([]);
    expect(r.draft).toMatchObject(want);
  });

  it('has at least 25 real-looking typings', () => {
    expect(LINES.length).toBeGreaterThanOrEqual(25);
  });

  it.each([
    ['3', ['absentExcused'], { absentExcused: 3 }],
    ['3 tot', ['absentExcused'], { absentExcused: 3, grade: 'tot' }],
    ['3 co ly do, xep loai kha', ['absentExcused'], { absentExcused: 3, grade: 'kha' }],
    ['tat ca', ['absentExcused'], { absentExcused: 4 }],
    ['khong ai', ['absentExcused'], { absentExcused: 0 }],
    ['23', ['present'], { present: 23 }],
    ['23/27', ['present'], { present: 23, total: 27 }],
    ['30/27', ['present'], { present: 30, total: 27 }],
  ] as [string, NumberField[], RecordDraft][])(
    'reads "%s" as the answer to a question about %j',
    (text, expect_, want) => {
      const r = parse(text, expect_, { present: 23, total: 27, absent: 4 });
      expect(r.problems).toEqual([]);
      expect(r.draft).toEqual(want);
    },
  );

  it('takes "hoàn thành tốt nhiệm vụ" for no meeting grade, and says so', () => {
    const r = parse('5/12 co mat 27/27 xep loai hoan thanh tot nhiem vu');
    expect(r.draft.grade).toBeUndefined();
    expect(r.hints).toEqual([{ code: 'member_grade', text: 'hoan thanh tot nhiem vu' }]);
  });

  it.each([
    ['5/13 co mat 2/3', { code: 'bad_month', text: '5/13' }],
    ['35/12', { code: 'bad_month', text: '35/12' }],
    ['31/11 co mat 2/3', { code: 'no_such_day' }],
    ['5/12 co mat nhieu', { code: 'bad_number', field: 'present', text: 'nhieu' }],
    ['5/12 xep loai xuat sac', { code: 'bad_grade', text: 'xuat sac' }],
    ['5/12 vang', { code: 'bad_number', field: 'absent', text: '' }],
    ['5/12 linh tinh', { code: 'unknown', text: 'linh tinh' }],
  ])('reports what it cannot read in "%s"', (text, problem) => {
    expect(parse(text).problems).toContainEqual(problem);
  });
});
