/** Texts of supervisor assignments, visits and coverage. */
const GRADE_NAMES: Record<string, string> = { tot: 'Tốt', kha: 'Khá', trung_binh: 'Trung bình', kem: 'Kém' };

export const supervision = {
  gradeName: (g: string) => GRADE_NAMES[g] ?? g,

  // phancong
  assignUsage:
    'Cách phân công: phancong TÊN MÃ_CHI_BỘ [MÃ khác] [từ NGÀY] [đến NGÀY]\n' +
    'Ví dụ: phancong Nguyễn Văn An KP3 KP5 từ 1/1/2027 đến 31/12/2027\n' +
    'Xem phân công của một chi bộ: phancong xem KP3',
  assignNoCell: 'Xin ghi mã chi bộ sau tên người, ví dụ: phancong Nguyễn Văn An KP3',
  assignNoName: 'Xin ghi tên người được phân công trước mã chi bộ, ví dụ: phancong Nguyễn Văn An KP3',
  badDate: (which: 'from' | 'until') =>
    `Không đọc được ngày ${which === 'from' ? 'bắt đầu' : 'kết thúc'}. Xin ghi dạng ngày/tháng/năm, ví dụ 1/1/2027.`,
  noSuchDay: 'Ngày này không có trong lịch (ví dụ 31/2). Xin kiểm tra lại.',
  untilBeforeFrom: (from: string, until: string) =>
    `Ngày kết thúc ${until} đứng trước ngày bắt đầu ${from}. Xin kiểm tra lại.`,
  unitUnknown: (code: string, hints: string) =>
    `Không tìm thấy chi bộ "${code}" trong phạm vi của đồng chí.${hints ? ` Có phải: ${hints}?` : ''} Chưa lưu gì.`,
  assignOutOfScope: (unit: string) =>
    `Chi bộ ${unit} không thuộc phạm vi đồng chí phụ trách nên không phân công được. Chưa lưu gì.`,
  personUnknown: (name: string) =>
    `Không tìm thấy đồng chí "${name}" trong phạm vi của đồng chí. Người được phân công cần có vai trò ` +
    'cấp ủy viên hoặc giám sát (tạo mã mời: moi giamsat MÃ_ĐƠN_VỊ Tên).',
  assignReadBack: (who: string, cells: string, from: string, until: string | null) =>
    `Xin kiểm tra: phân công đồng chí ${who} theo dõi, dự sinh hoạt ${cells} từ ${from}${until ? ` đến ${until}` : ''}.`,
  assignHint:
    'Đúng thì chọn Lưu; người được phân công sẽ được báo. Muốn sửa ngày, gõ: tu 1/1/2027 den 31/12/2027, hoặc chọn Hủy.',
  assignKept: 'Phân công đang làm dở đã được giữ lại; gõ phancong để làm tiếp.',
  assignResumed: 'Tiếp tục phân công:',
  assignReplaced: 'Phân công làm dở trước đó đã được thay bằng phân công này.',
  pickPerson: (name: string) => `Có nhiều người tên "${name}". Đồng chí chọn người nào?`,
  personChoice: (name: string, where: string) => `${name} — ${where}`,
  assigned: (who: string, cells: string, from: string, until: string | null) =>
    `Đã phân công đồng chí ${who} phụ trách ${cells} từ ${from}${until ? ` đến ${until}` : ''}.`,
  /** How an assignment's start was chosen when no date was typed. */
  fromMonthStart: (day: string) => `${day} (đầu tháng này, để các lần dự trong tháng được tính)`,
  fromTodayReplacing: (day: string) => `${day} (hôm nay, vì thay người đang phụ trách)`,
  alreadyAssigned: (who: string, cell: string) =>
    `Đồng chí ${who} đã được phân công phụ trách ${cell} như vậy rồi, không thay đổi gì.`,
  endedPrevious: (who: string, cell: string, day: string) =>
    `Phân công trước của đồng chí ${who} ở ${cell} kết thúc ngày ${day} (vẫn lưu trong lịch sử).`,
  supervisorTold: (cells: string, from: string, until: string | null) =>
    `Đồng chí được phân công theo dõi, dự sinh hoạt ${cells} từ ${from}${until ? ` đến ${until}` : ''}.\n` +
    'Sau mỗi lần dự, gửi: giamsat MÃ_CHI_BỘ NGÀY ghi chú: ... xếp loại khá',
  supervisorEnded: (cell: string, day: string) =>
    `Phân công đồng chí theo dõi ${cell} kết thúc ngày ${day}, do đã có người khác được phân công.`,
  historyTitle: (cell: string) => `Phân công theo dõi ${cell}:`,
  historyNone: (cell: string) => `${cell} chưa có ai được phân công theo dõi.`,
  historyRow: (who: string, from: string, until: string | null, current: boolean) =>
    `• ${who}: từ ${from}${until ? ` đến ${until}` : ''}${current ? ' (đang phụ trách)' : ''}`,
  historyAnnulled: (who: string, from: string) =>
    `• ${who}: dự kiến từ ${from}, đã được thay trước khi bắt đầu`,
  viewUsage: 'Xem phân công: phancong xem MÃ_CHI_BỘ (ví dụ: phancong xem KP3)',

  // giamsat
  visitUsage:
    'Ghi lần dự sinh hoạt: giamsat MÃ_CHI_BỘ NGÀY ghi chú: ... xếp loại khá\n' +
    'Ví dụ: giamsat KP3 5/12 ghi chú: nội dung sinh hoạt tốt xếp loại khá\n' +
    'Xem các chi bộ của mình: giamsat xem',
  askCell: 'Đồng chí đã dự sinh hoạt ở chi bộ nào? Chọn hoặc gõ mã chi bộ:',
  /** `example`: yesterday, a day that can be answered (never one the prompt would then refuse). */
  askDate: (example: string) => `Đồng chí dự ngày nào? (ví dụ: ${example} hoặc hôm nay)`,
  needDate: 'Tôi chưa đọc được ngày.',
  askNotes:
    'Nhận xét buổi sinh hoạt và xếp loại (ví dụ: nội dung tốt, cần bổ sung đánh giá đảng viên, xếp loại khá).\n' +
    'Gõ "bỏ qua" nếu không có nhận xét.',
  futureDate: (day: string) =>
    `Ngày ${day} chưa tới. Chỉ ghi được lần dự đã diễn ra; xin gửi lại sau buổi sinh hoạt. ` +
    `Nếu là năm trước, xin ghi cả năm: ${day.slice(0, 6)}${Number(day.slice(6)) - 1}. Chưa lưu gì.`,
  visitOutOfScope: (unit: string) =>
    `Chi bộ ${unit} không thuộc phạm vi của đồng chí và đồng chí không được phân công ở đó. Chưa lưu gì.`,
  /** Said in the read-back of a visit outside one's assignments, with the reason in it. */
  confirmUnassigned: (why: string) => `⚠ ${why} Lần dự này sẽ được đánh dấu "ngoài phân công".`,
  notAssignedNever: (unit: string) => `Đồng chí không được phân công theo dõi ${unit}.`,
  notAssignedYet: (unit: string, from: string, day: string) =>
    `Đồng chí được phân công theo dõi ${unit} từ ${from}, sau ngày dự ${day}.`,
  notAssignedAnyMore: (unit: string, to: string, day: string) =>
    `Phân công đồng chí theo dõi ${unit} đã kết thúc ngày ${to}, trước ngày dự ${day}.`,
  notSaved: 'Đã bỏ, không lưu gì.',
  readBack: (unit: string, day: string) => `Xin kiểm tra lần dự sinh hoạt ${unit} ngày ${day}:`,
  none: 'không có',
  save: 'Lưu',
  skip: 'Bỏ qua',
  confirmHint:
    'Đúng thì chọn Lưu. Muốn sửa, gõ phần cần sửa (ví dụ: hom qua, xep loai tot, nhan xet: ...), hoặc chọn Hủy.',
  edits: { date: 'Ngày dự', notes: 'Nhận xét và xếp loại' },
  visitKept: 'Lần dự sinh hoạt đang ghi dở đã được giữ lại; gõ giamsat để ghi tiếp.',
  visitResumed: 'Tiếp tục ghi lần dự sinh hoạt:',
  visitReplaced: 'Lần dự ghi dở trước đó đã được thay bằng lần này.',
  alreadyVisited: (unit: string, day: string) =>
    `Đồng chí đã ghi lần dự ${unit} ngày ${day} rồi. Không ghi thêm.`,
  visitSaved: (unit: string, day: string) => `Đã ghi lần dự sinh hoạt ${unit} ngày ${day}.`,
  matchedMeeting: (when: string) => `Khớp với lịch họp chi bộ lúc ${when}.`,
  matchedRecord: (day: string) => `Khớp với biên bản sinh hoạt chi bộ ngày ${day}.`,
  noMeeting: 'Chưa thấy lịch họp hay biên bản họp của chi bộ vào ngày này; lần dự vẫn được lưu.',
  savedNotes: (notes: string) => `Nhận xét: ${notes}`,
  notesTooLong: (length: number, max: number) =>
    `Nhận xét dài quá (${length} ký tự, tối đa ${max}). Xin viết gọn lại rồi gửi lại. Chưa lưu gì.`,
  savedGrade: (grade: string) => `Xếp loại: ${grade}`,
  flaggedUnassigned: 'Đánh dấu: ngoài phân công.',
  askLocation:
    'Nếu muốn, đồng chí gửi vị trí hiện tại (📎 → Vị trí) để lưu kèm làm bằng chứng có mặt. ' +
    'Gõ "xong" nếu không gửi.',
  locationSaved: 'Đã lưu vị trí kèm lần dự sinh hoạt.',
  locationSkipped: 'Không lưu vị trí. Lần dự sinh hoạt đã được ghi.',
  mineTitle: (quarter: string) => `Các chi bộ đồng chí theo dõi (${quarter}):`,
  mineRow: (cell: string, last: string | null, visitedThisQuarter: boolean) =>
    `• ${cell}: ${last ? `lần dự gần nhất ${last}` : 'chưa dự lần nào'}${visitedThisQuarter ? '' : ' — chưa dự quý này'}`,
  mineNone: 'Đồng chí chưa được phân công theo dõi chi bộ nào.',
  mineMissing: (n: number) => `Còn ${n} chi bộ đồng chí chưa dự sinh hoạt quý này.`,
  mineAllDone: 'Đồng chí đã dự sinh hoạt ở tất cả các chi bộ được phân công trong quý này.',

  // giamsat phamvi
  coverageMonthAsQuarter: (month: number, year: number) =>
    `(Tình hình giám sát tính theo quý; đây là quý có tháng ${month}/${year}.)`,
  coverageByQuarter: (year: number) =>
    `Tình hình giám sát tính theo quý. Xin gõ quý cần xem, ví dụ: giamsat phamvi quy 4/${year}.`,
  coverageNotAllowed: 'Chỉ cán bộ tổ chức và cấp ủy viên xem được tình hình giám sát của đơn vị.',
  coverageTitle: (unit: string, quarter: string) => `Giám sát sinh hoạt chi bộ — ${unit}, ${quarter}`,
  coverageNoAssignments: 'Chưa có chi bộ nào được phân công người theo dõi trong quý này.',
  unvisitedTitle: (n: number) => `Chi bộ chưa được dự trong quý (${n}):`,
  unvisitedRow: (cell: string, supervisors: string, last: string | null) =>
    `• ${cell} — ${supervisors}; ${last ? `lần dự gần nhất ${last}` : 'chưa từng được dự'}`,
  idleTitle: (n: number, total: number) => `Người theo dõi chưa dự lần nào trong quý (${n}/${total}):`,
  idleRow: (name: string, cells: number) => `• ${name} (${cells} chi bộ)`,
  clashTitle: 'Trùng giờ họp (một người không thể dự hai nơi):',
  /** `ngày 05/12/2026: 19:00 KP3, 19:30 KP1`: each meeting at its own time. */
  clashWhen: (day: string, meetings: { code: string; time: string }[]) =>
    `ngày ${day}: ${meetings.map((m) => `${m.time} ${m.code}`).join(', ')}`,
  clashRow: (name: string, when: string) => `• ${name}: ${when}`,
  linkLine: (linked: number, awaiting: number) =>
    `Đối chiếu với biên bản: ${linked} lần dự khớp biên bản; ${awaiting} lần chưa có biên bản.`,
  mismatchTitle: (n: number) => `Chưa khớp giữa người dự và biên bản (${n}) — cần kiểm tra:`,
  mismatch: {
    record_names_nobody: (who: string, cell: string, day: string) =>
      `• ${cell} ngày ${day}: đồng chí ${who} ghi đã dự, biên bản không ghi người dự cấp trên`,
    record_names_other: (who: string, cell: string, day: string, attendee: string) =>
      `• ${cell} ngày ${day}: đồng chí ${who} ghi đã dự, biên bản ghi người dự là "${attendee}"`,
    no_visit: (who: string, cell: string, day: string) =>
      `• ${cell} ngày ${day}: biên bản ghi đồng chí ${who} dự, nhưng chưa có lần dự nào được ghi`,
  },
  quarterName: (q: number, year: number) => `quý ${q}/${year}`,
  more: (n: number) => `… và ${n} mục khác.`,
} as const;
