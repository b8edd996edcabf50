/** Texts of the meetings feature: schedules, reminders and the meeting record. */
import type { Grade, MeetingKind } from '../../../db/schema';
import type { RecordProblem } from '../../domain/meetings/record';

export const KIND_NAMES: Record<MeetingKind, string> = {
  regular: 'Thường kỳ',
  thematic: 'Chuyên đề',
  both: 'Thường kỳ kết hợp chuyên đề',
};

export const GRADE_NAMES: Record<Grade, string> = {
  tot: 'Tốt',
  kha: 'Khá',
  trung_binh: 'Trung bình',
  kem: 'Kém',
};

const WEEKDAY_NAMES = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'];
const NTH_NAMES: Record<number, string> = {
  1: 'đầu tiên',
  2: 'thứ hai',
  3: 'thứ ba',
  4: 'thứ tư',
  [-1]: 'cuối cùng',
};

const LICH_EXAMPLES =
  'Ví dụ:\n• lich 5/12 19h30 tai nha van hoa, chuyen de: chuyen doi so\n• lich hang thang ngay 5 19:30 tai nha van hoa\n• lich hang thang thu hai dau tien 19h30';
const HOP_EXAMPLE =
  'Ví dụ: hop 5/12 co mat 23/27 vang co ly do 3 vang khong ly do 1 chuyen de chuyen doi so xep loai tot';

export const meetings = {
  ruleDay: (day: number) => `ngày ${day} hằng tháng`,
  ruleWeekday: (nth: number, weekday: number) => `${WEEKDAY_NAMES[weekday]} ${NTH_NAMES[nth]} hằng tháng`,
  ruleWeekly: (weekday: number) => `${WEEKDAY_NAMES[weekday]} hằng tuần`,
  ruleText: (when: string, time: string, place?: string) =>
    `${when}, lúc ${time}${place ? `, tại ${place}` : ''}`,
  meetingLine: (when: string, place: string | null, kind: MeetingKind, topic: string | null) =>
    `${when}${place ? ` tại ${place}` : ''} — ${KIND_NAMES[kind]}${topic ? `: ${topic}` : ''}`,

  // /lich
  noCells: 'Đồng chí chưa được giao chi bộ nào nên chưa có lịch họp để xem.',
  overviewTitle: 'Lịch họp sắp tới:',
  overviewCell: (name: string) => `\n${name}`,
  overviewRule: (rule: string) => `  Lịch hằng tháng: ${rule}`,
  overviewWeekly: (rule: string) => `  Lịch hằng tuần: ${rule}`,
  overviewNoRule: '  Chưa đặt lịch hằng tháng.',
  overviewNone: '  Chưa có buổi họp nào sắp tới.',
  overviewMeeting: (line: string) => `  • ${line}`,
  overviewHint: `\nĐể đặt hoặc dời lịch:\n${LICH_EXAMPLES.replace('Ví dụ:\n', '')}`,
  onlySecretarySets: 'Chỉ bí thư hoặc phó bí thư của chi bộ mới đặt được lịch họp. Gõ "lich" để xem lịch.',
  pickCell: 'Đồng chí muốn làm việc này cho chi bộ nào?',
  cellGone: 'Chi bộ này không còn trong danh sách của đồng chí. Gõ lại lệnh để bắt đầu lại.',
  needDate: `Tôi chưa thấy ngày họp. ${LICH_EXAMPLES}`,
  noSuchDay: 'Ngày này không có trong lịch (ví dụ 31/2). Xin gõ lại ngày đúng, dạng ngày/tháng như 5/12.',
  /** A `lich` line for the day given, as the examples write it ("lich 17/12 19h30"). */
  lichExample: (day: number, month: number, time: string) => `lich ${day}/${month} ${time.replace(':', 'h')}`,
  pastDate: (when: string, example: string) =>
    `${when} đã qua. Xin chọn một ngày sắp tới, ví dụ: ${example}.`,
  unknownDetail: (text: string) =>
    `Tôi chưa hiểu phần "${text}". Sau ngày giờ có thể ghi: tai <nơi họp>, chuyen de: <nội dung>, thuong ky, ket hop. ${LICH_EXAMPLES}`,
  /** A place, topic, attendee or note over its limit: refused whole, never cut (`what` from `longTexts`). */
  textTooLong: (what: string, length: number, max: number) =>
    `${what} dài quá (${length} ký tự, tối đa ${max}). Xin viết gọn lại rồi gửi lại. Chưa lưu gì.`,
  longTexts: {
    place: 'Nơi họp',
    topic: 'Chuyên đề',
    attendeeText: 'Tên đồng chí cấp trên dự họp',
    note: 'Ghi chú',
  },
  alreadyHeld: (month: string) =>
    `Cuộc họp tháng ${month} đã được ghi biên bản nên không dời được. Muốn sửa biên bản, gõ: hop sua ${month}`,
  alreadyHeldWeek: (date: string) =>
    `Cuộc họp tuần có ngày ${date} đã được ghi biên bản nên không dời được. Muốn sửa biên bản, gõ: hop sua ${date}`,
  scheduled: (cell: string, line: string) =>
    `Đã lưu lịch họp của ${cell}:\n${line}\nTôi sẽ nhắc đồng chí và cấp ủy viên phụ trách trước ngày họp.`,
  scheduleChanged: (cell: string, line: string) => `Lịch họp của ${cell}:\n${line}`,
  scheduleMoved: (cell: string, before: string, after: string) =>
    `Lịch họp của ${cell} đã thay đổi.\nTrước: ${before}\nNay: ${after}`,
  askMeetingDate: 'Chi bộ họp ngày nào, lúc mấy giờ? (ví dụ: 20/12 19h30 tai nha van hoa)',
  askMeetingTime: (date: string) => `Họp ngày ${date} lúc mấy giờ? (ví dụ: 19h30)`,
  needTimeAnswer: 'Tôi chưa đọc được giờ họp. Xin gõ dạng 19h30 hoặc 19:30.',
  meetingReadBack: (cell: string, line: string, before: string | null) =>
    `Xin kiểm tra lịch họp của ${cell}:\n${line}${before ? `\n(Lịch cũ: ${before})` : ''}`,
  ruleReadBack: (cell: string, rule: string) => `Xin kiểm tra lịch họp định kỳ của ${cell}: ${rule}.`,
  lichHint:
    'Đúng thì chọn Lưu; cấp ủy viên phụ trách sẽ được báo một lần. Muốn sửa, gõ phần cần sửa (ví dụ: 19h, tai hoi truong), hoặc chọn Hủy.',
  ruleHint: 'Đúng thì chọn Lưu. Muốn sửa, gõ lại lịch (ví dụ: hang thang ngay 5 19h30), hoặc chọn Hủy.',
  lichKept: 'Lịch họp đang đặt dở đã được giữ lại; gõ "lich tiep" để đặt tiếp.',
  lichResumed: 'Tiếp tục đặt lịch họp:',
  lichReplaced: 'Lịch đặt dở trước đó đã được thay bằng lịch mới này.',
  ruleNoDay: `Tôi chưa thấy ngày họp hằng tháng. ${LICH_EXAMPLES}`,
  ruleNoTime: 'Họp lúc mấy giờ? Ví dụ: lich hang thang ngay 5 19:30 tai nha van hoa',
  ruleWeeklyNotHere: (unit: string) =>
    `${unit} họp thường lệ mỗi tháng một lần (Điều lệ Đảng), nên không đặt lịch hằng tuần; lịch hằng tuần chỉ dành cho ban thường vụ. ` +
    'Xin đặt lịch hằng tháng, ví dụ: lich hang thang ngay 5 19:30 hoặc lich hang thang thu hai dau tien 19h30.',
  ruleNoWeekday: 'Họp hằng tuần vào thứ mấy? Ví dụ: lich hang tuan thu hai 8h tai phong hop',
  ruleBadDay: (d: string) => `Không có ngày ${d} trong tháng. Xin chọn từ ngày 1 đến ngày 31.`,
  ruleUnknown: (text: string) => `Tôi chưa hiểu phần "${text}" của lịch hằng tháng. ${LICH_EXAMPLES}`,
  ruleSaved: (cell: string, rule: string, next: string | null) =>
    `Đã đặt lịch họp hằng tháng của ${cell}: ${rule}.` +
    (next ? `\nBuổi họp tới: ${next}.` : '') +
    '\nNếu tháng nào ngày này không có (ví dụ ngày 31), chi bộ họp vào ngày cuối tháng.',
  ruleSavedWeekly: (unit: string, rule: string, next: string | null) =>
    `Đã đặt lịch họp hằng tuần của ${unit}: ${rule}.${next ? `\nBuổi họp tới: ${next}.` : ''}`,

  // reminders (scheduler)
  /** `minutesLeft` for the hours-before reminder, `daysLeft` (by calendar day) for the others. */
  /** `isCell` false: a committee's meeting, not a cell's ("họp", not "họp chi bộ"). */
  reminder: (cell: string, line: string, left: { minutes: number } | { days: number }, isCell = true) => {
    const what = isCell ? 'họp chi bộ' : 'họp';
    const lead =
      'minutes' in left
        ? left.minutes >= 60
          ? `Sắp đến giờ họp (còn khoảng ${Math.round(left.minutes / 60)} giờ)`
          : `Sắp đến giờ họp (còn ${left.minutes} phút)`
        : left.days <= 0
          ? `Nhắc lịch: hôm nay ${what}`
          : left.days === 1
            ? `Nhắc lịch: ngày mai ${what}`
            : `Nhắc lịch: còn ${left.days} ngày nữa ${what}`;
    return `${lead}\n${cell}: ${line}`;
  },
  askHeld: (cell: string, date: string) =>
    `${cell} có lịch họp ngày ${date}. Cuộc họp đã diễn ra chưa?\n` +
    `• Nếu đã họp, gõ: hop ${date.slice(0, 5)} co mat …/… xep loai …\n` +
    `• Nếu chưa họp, hẹn lại: lich <ngày> <giờ>`,
  nudge: (cell: string, month: string) =>
    `${cell} chưa có lịch họp tháng ${month}. Xin đồng chí đặt lịch, ví dụ: lich 5/${month.slice(0, 2)} 19h30 tai nha van hoa\n` +
    'Hoặc đặt lịch hằng tháng: lich hang thang ngay 5 19:30',

  // /hop
  hopNoCells: 'Đồng chí chưa là bí thư hoặc phó bí thư của chi bộ nào nên chưa ghi được biên bản họp.',
  /** `example`: a day that can be answered (yesterday, or the meeting that was due), never a future one. */
  askDate: (cell: string, example: string) =>
    `Ghi biên bản họp của ${cell}.\nChi bộ họp ngày nào? (ví dụ: ${example})`,
  scheduledDate: (date: string) => `Ngày ${date} (theo lịch)`,
  askAttendance: (memberCount: number | null) =>
    memberCount
      ? `Có mặt bao nhiêu đảng viên? Chi bộ có ${memberCount} đảng viên: gõ số có mặt (ví dụ: ${Math.max(1, memberCount - 2)}), hoặc có mặt/tổng số (ví dụ: ${Math.max(1, memberCount - 2)}/${memberCount}).`
      : 'Có mặt bao nhiêu đảng viên trên tổng số? Gõ dạng có mặt/tổng số, ví dụ: 23/27',
  askExcused: (absent: number) =>
    `Vắng ${absent} đồng chí. Trong đó bao nhiêu đồng chí vắng có lý do? Gõ một số (ví dụ: ${absent}), hoặc "tat ca", "khong ai".`,
  missingDate: (example: string) => ({ name: 'ngày họp', example }),
  pickCellForFix: (codes: string) =>
    `Đồng chí phụ trách nhiều chi bộ. Xin ghi mã chi bộ, ví dụ: hop ${codes.split(', ')[0]} sua 11/2026 (các chi bộ: ${codes}).`,
  missingAttendance: { name: 'số có mặt/tổng số', example: 'co mat 23/27' },
  missingExcused: (absent: number) => ({
    name: `trong ${absent} đồng chí vắng, bao nhiêu có lý do`,
    example: `${absent} co ly do`,
  }),
  missingTopic: { name: 'nội dung chuyên đề', example: 'chuyen de chuyen doi so' },
  missingGrade: { name: 'xếp loại buổi họp', example: 'xep loai tot' },
  edits: {
    date: 'Ngày họp',
    attendance: 'Có mặt / tổng số',
    excused: 'Vắng có lý do',
    kind: 'Loại buổi họp',
    topic: 'Nội dung chuyên đề',
    attendee: 'Cấp trên dự',
    grade: 'Xếp loại',
    note: 'Ghi chú',
  },
  memberGrade: (typed: string) =>
    `"${typed}" là mức xếp loại đảng viên, không phải xếp loại buổi họp (tốt, khá, trung bình, kém).`,
  hopKept: 'Biên bản họp đang ghi dở đã được giữ lại; gõ hop để ghi tiếp.',
  hopResumed: 'Tiếp tục ghi biên bản họp đang dở:',
  hopReplaced: 'Biên bản ghi dở trước đó đã được thay bằng bản mới này.',
  cellChoice: (name: string, code: string) => `${name} (${code})`,
  askKind: 'Buổi họp là loại nào?',
  askTopic: 'Chuyên đề về nội dung gì? (ví dụ: chuyển đổi số)',
  askAttendee: 'Có đồng chí cấp trên dự họp không? Chọn bên dưới, hoặc gõ tên đồng chí dự họp.',
  noAttendee: 'Không có',
  askGrade: 'Chi bộ tự đánh giá buổi họp loại nào?',
  askNote: 'Ghi chú ngắn (nếu có). Nếu không, chọn Bỏ qua.',
  skip: 'Bỏ qua',
  save: 'Lưu',
  readBack: (p: {
    cell: string;
    date: string;
    present: number;
    total: number;
    excused: number;
    unexcused: number;
    kind: MeetingKind;
    topic?: string;
    attendee?: string;
    grade: Grade;
    note?: string;
  }) =>
    [
      `Xin kiểm tra biên bản họp của ${p.cell}:`,
      `• Ngày họp: ${p.date}`,
      `• Có mặt: ${p.present}/${p.total}`,
      `• Vắng có lý do: ${p.excused}; vắng không lý do: ${p.unexcused}`,
      `• Loại: ${KIND_NAMES[p.kind]}${p.topic ? ` — ${p.topic}` : ''}`,
      `• Cấp trên dự: ${p.attendee ?? 'không có'}`,
      `• Xếp loại: ${GRADE_NAMES[p.grade]}`,
      ...(p.note ? [`• Ghi chú: ${p.note}`] : []),
    ].join('\n'),
  correctionOf: (month: string, revision: number) =>
    `Tháng ${month} đã có biên bản (lần ${revision}). Lưu bản này sẽ thay bản cũ; bản cũ vẫn được giữ lại.`,
  correctionOfWeek: (week: string, revision: number) =>
    `Tuần ${week} đã có biên bản (lần ${revision}). Lưu bản này sẽ thay bản cũ; bản cũ vẫn được giữ lại.`,
  totalFar: (total: number, members: number) =>
    `⚠ Tổng số ${total} khác nhiều so với số đảng viên đã biết của chi bộ (${members}). Xin kiểm tra lại.`,
  confirmHint:
    'Đúng thì chọn Lưu. Muốn sửa, gõ phần cần sửa (ví dụ: co mat 24/27, xep loai kha, chuyen de chuyen doi so), hoặc chọn Hủy.',
  saved: (cell: string, month: string, revision: number) =>
    revision > 1
      ? `Đã lưu biên bản sửa (lần ${revision}) tháng ${month} của ${cell}.`
      : `Đã lưu biên bản họp tháng ${month} của ${cell}. Cảm ơn đồng chí!`,
  savedWeek: (unit: string, week: string, revision: number) =>
    revision > 1
      ? `Đã lưu biên bản sửa (lần ${revision}) tuần ${week} của ${unit}.`
      : `Đã lưu biên bản họp tuần ${week} của ${unit}. Cảm ơn đồng chí!`,
  noRecordToFix: (month: string) => `Chưa có biên bản tháng ${month} để sửa. Gõ "hop" để ghi biên bản mới.`,
  badFixMonth: 'Xin ghi tháng cần sửa, ví dụ: hop sua 11/2026',

  // problems with what was typed
  problemNoSuchDay: 'Ngày họp không có trong lịch (ví dụ 31/2). Xin ghi ngày dạng ngày/tháng, ví dụ 5/12.',
  problemBadMonth: (text: string) =>
    `"${text}" không phải ngày hợp lệ: ngày ghi trước, tháng ghi sau (từ 1 đến 12), ví dụ 5/12.`,
  problemUnknown: (text: string) => `Tôi chưa hiểu phần "${text}". ${HOP_EXAMPLE}`,
  problemNumber: (field: string, text: string) =>
    `Sau "${field}" cần một con số${text ? ` (tôi đọc được "${text}")` : ''}. ${HOP_EXAMPLE}`,
  problemGrade: (text: string) =>
    `Xếp loại "${text}" chưa đúng. Chọn một trong: tốt, khá, trung bình, kém (ví dụ: xep loai tot).`,
  problemAbsentOver: (absent: number, excused: number, unexcused: number) =>
    `Vắng có lý do ${excused} + không lý do ${unexcused} nhiều hơn số vắng (${absent}). Xin kiểm tra lại, ví dụ: vang 4 (3 co ly do).`,
  problemAbsentMismatch: (present: number, absent: number, total: number) =>
    `Có mặt ${present} + vắng ${absent} = ${present + absent}, khác tổng số ${total}. Xin kiểm tra lại.`,
  /** The example is the date typed, a year back: what someone meant who left the year out. */
  problemFuture: (day: number, month: number, year: number) =>
    `Ngày họp ${day}/${month}/${year} chưa tới. Chỉ ghi biên bản cho buổi họp đã diễn ra; muốn hẹn lịch thì dùng lệnh lich. ` +
    `Nếu là năm trước, xin ghi cả năm, ví dụ ${day}/${month}/${year - 1}.`,
  problemTooOld: 'Ngày họp đã quá một năm. Xin kiểm tra lại năm (ví dụ: 5/12/2026).',
  problemPresentOverTotal: (present: number, total: number) =>
    `Số có mặt (${present}) không thể lớn hơn tổng số (${total}). Xin gõ lại dạng có mặt/tổng số, ví dụ 23/27.`,
  problemSumMismatch: (present: number, excused: number, unexcused: number, total: number) =>
    `Có mặt ${present} + vắng có lý do ${excused} + vắng không lý do ${unexcused} = ${present + excused + unexcused}, khác tổng số ${total}. Xin kiểm tra lại.`,
  problemBadTotal: (total: number) => `Tổng số đảng viên ${total} không hợp lệ. Xin gõ lại, ví dụ 23/27.`,
  needNumber: 'Xin gõ một con số, ví dụ: 2',
  needAttendance: 'Xin gõ dạng có mặt/tổng số, ví dụ: 23/27',
  needDateAnswer: 'Tôi chưa đọc được ngày. Xin gõ dạng ngày/tháng, ví dụ: 5/12',
  fields: {
    present: 'có mặt',
    total: 'tổng số',
    absent: 'vắng',
    absentExcused: 'vắng có lý do',
    absentUnexcused: 'vắng không lý do',
  } as Record<string, string>,
} as const;

/** What is wrong with a typed meeting record, said so that it can be put right. */
export function recordProblem(p: RecordProblem): string {
  switch (p.code) {
    case 'no_such_day':
      return meetings.problemNoSuchDay;
    case 'bad_month':
      return meetings.problemBadMonth(p.text);
    case 'unknown':
      return meetings.problemUnknown(p.text);
    case 'bad_number':
      return meetings.problemNumber(meetings.fields[p.field] ?? p.field, p.text);
    case 'bad_grade':
      return meetings.problemGrade(p.text);
    case 'absent_over':
      return meetings.problemAbsentOver(p.absent, p.excused, p.unexcused);
    case 'absent_mismatch':
      return meetings.problemAbsentMismatch(p.present, p.absent, p.total);
    case 'future':
      return meetings.problemFuture(p.day, p.month, p.year);
    case 'too_old':
      return meetings.problemTooOld;
    case 'present_over_total':
      return meetings.problemPresentOverTotal(p.present, p.total);
    case 'sum_mismatch':
      return meetings.problemSumMismatch(p.present, p.excused, p.unexcused, p.total);
    case 'bad_total':
      return meetings.problemBadTotal(p.total);
    case 'too_long':
      return meetings.textTooLong(meetings.longTexts[p.field], p.length, p.max);
  }
}
