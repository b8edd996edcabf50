/** Texts of summaries, laggard lists, charts, exports and digests. Short lines for small screens. */

const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part * 100) / whole)}%` : '—');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const PERIOD_NAMES = {
  month: (m: number, y: number) => `tháng ${m}/${y}`,
  quarter: (q: number, y: number) => `quý ${q}/${y}`,
  year: (y: number) => `năm ${y}`,
};

export const summaries = {
  pct,
  title: (unit: string, code: string, period: string) => `TỔNG HỢP ${unit} (${code}) — ${period}`,
  continued: (unit: string, period: string) => `Tổng hợp ${unit}, ${period} (tiếp)`,
  cells: (n: number) => `Số chi bộ: ${n}`,
  notStarted: (period: string) => `${cap(period)} chưa bắt đầu: chưa có việc gì đến hạn.`,
  yearBeforeHint: (period: string, typed: string) => `Nếu muốn xem ${period}, xin gõ kèm năm: ${typed}.`,
  noCells: 'Đơn vị này chưa có chi bộ nào.',
  unknownKinds: (n: number) =>
    `Có ${n} đơn vị chưa rõ loại nên chưa được tính là chi bộ; xin quản trị viên chạy lệnh unit-kinds để sửa.`,
  noCellOwes: (period: string) =>
    `Trong ${period} chưa có chi bộ nào phải họp, báo cáo trên chibo (các chi bộ được đưa vào chibo sau kỳ này).`,
  justEnded: (period: string, current: string) =>
    `(${cap(period)} vừa kết thúc. Xem ${current} đang diễn ra: gõ thêm "thang nay".)`,
  metMonth: (met: number, cells: number) =>
    `Sinh hoạt: ${met}/${cells} chi bộ đã họp, ${cells - met} chưa họp`,
  metMonthOpen: (met: number, cells: number, due: string) =>
    `Sinh hoạt (tháng đang diễn ra, hạn ${due}): ${met}/${cells} chi bộ đã họp, ${cells - met} chưa họp — chưa đến hạn`,
  metPeriod: (met: number, due: number, all: number, none: number) =>
    `Sinh hoạt: ${met}/${due} lượt chi bộ-tháng đến hạn đã họp (${pct(met, due)}); ` +
    `${all} chi bộ họp đủ các tháng đến hạn, ${none} chi bộ chưa họp lần nào`,
  metPeriodNoneDue: 'Sinh hoạt: chưa tháng nào đến hạn',
  metOpen: (met: number, open: number) => `Chưa đến hạn: ${open} lượt chi bộ-tháng, trong đó ${met} đã họp`,
  thematicQuarter: (done: number, cells: number) =>
    `Chuyên đề trong quý: ${done}/${cells} chi bộ đã sinh hoạt`,
  thematicQuarterOpen: (done: number, cells: number, due: string) =>
    `Chuyên đề trong quý (hạn ${due}): ${done}/${cells} chi bộ đã sinh hoạt, ${cells - done} chưa — chưa đến hạn`,
  thematicYear: (done: number, quarters: number) =>
    `Chuyên đề: ${done}/${quarters} lượt chi bộ-quý đã hết hạn có sinh hoạt chuyên đề`,
  thematicYearOpen: (done: number, quarters: number) =>
    `Chuyên đề, quý chưa hết hạn: ${done}/${quarters} lượt chi bộ-quý đã sinh hoạt`,
  attendance: (present: number, total: number) =>
    total > 0
      ? `Tỷ lệ dự họp: ${pct(present, total)} (${present}/${total} lượt đảng viên)`
      : 'Tỷ lệ dự họp: chưa có số liệu',
  grades: (tot: number, kha: number, tb: number, kem: number) =>
    `Xếp loại buổi họp: Tốt ${tot} · Khá ${kha} · Trung bình ${tb} · Kém ${kem}`,
  reports: (onTime: number, late: number, missing: number, returned: number, open: number) =>
    `Báo cáo: đúng hạn ${onTime} · muộn ${late} · chưa gửi ${missing} · bị trả lại ${returned}` +
    (open > 0 ? ` · chưa đến hạn ${open}` : ''),
  /** Visit coverage on both denominators, labelled: every cell, and the cells with someone assigned. */
  visitCoverage: (visited: number, cells: number, assignedVisited: number, assigned: number) =>
    `Được cấp trên dự: ${visited}/${cells} chi bộ (trên tổng số chi bộ); ` +
    (assigned > 0
      ? `${assignedVisited}/${assigned} chi bộ có người phụ trách (trên số chi bộ được phân công)`
      : 'chưa chi bộ nào được phân công người phụ trách'),
  visitCount: (visits: number, unassigned: number) =>
    `Lượt cấp trên dự: ${visits}${unassigned > 0 ? ` (${unassigned} ngoài phân công)` : ''}`,
  petitions: (raised: number, resolved: number) =>
    `Kiến nghị: tiếp nhận ${raised}, đã giải quyết ${resolved}`,
  breakdownTitle: 'Theo đơn vị (yếu trước):',
  childCell: (i: number, name: string, code: string, met: string, report: string, visited: boolean) =>
    `${i}. ${name} (${code}): ${met} · ${report} · ${visited ? 'có cấp trên dự' : 'chưa có cấp trên dự'}`,
  childUnit: (
    i: number,
    name: string,
    code: string,
    met: number,
    months: number,
    reported: number,
    visited: number,
    cells: number,
    open: boolean,
  ) =>
    `${i}. ${name} (${code}): họp ${met}/${months} · báo cáo ${reported}/${months}` +
    `${open ? ' (chưa đến hạn)' : ''} · được dự ${visited}/${cells} chi bộ`,
  /** Over several months only the due ones are counted against the cell; the rest are said apart. */
  cellMet: (met: number, months: number, due: number, metDue: number) =>
    months === 1
      ? met
        ? 'đã họp'
        : due
          ? 'chưa họp'
          : 'chưa họp (chưa đến hạn)'
      : due === months
        ? `họp ${metDue}/${months} tháng`
        : due === 0
          ? `họp ${met}/${months} tháng (chưa đến hạn)`
          : `họp ${metDue}/${due} tháng đến hạn${met > metDue ? ` (+${met - metDue} tháng chưa đến hạn)` : ''}`,
  cellReport: (
    onTime: number,
    late: number,
    returned: number,
    months: number,
    due: number,
    reportedDue: number,
  ) =>
    months === 1
      ? onTime
        ? 'báo cáo đúng hạn'
        : late
          ? 'báo cáo muộn'
          : returned
            ? 'báo cáo bị trả lại'
            : due
              ? 'chưa báo cáo'
              : 'chưa báo cáo (chưa đến hạn)'
      : `${
          due === months
            ? `báo cáo ${reportedDue}/${months}`
            : due === 0
              ? `báo cáo ${onTime + late}/${months} (chưa đến hạn)`
              : `báo cáo ${reportedDue}/${due} tháng đến hạn`
        }${returned ? ` (${returned} bị trả lại)` : ''}`,
  pageFooter: (page: number, pages: number) =>
    page < pages ? `— Trang ${page}/${pages}. Gõ "xem tiep" để xem tiếp.` : `— Trang ${page}/${pages} (hết).`,
  pageFooterButtons: (page: number, pages: number) =>
    page < pages ? `— Trang ${page}/${pages}` : `— Trang ${page}/${pages} (hết).`,
  nextButton: 'Xem tiếp ▶',
  noMorePages: 'Đã hết, không còn trang nào nữa.',

  // Finding the unit and the period
  badPeriod:
    'Không đọc được kỳ tổng hợp. Ví dụ: 11/2026, thang nay, thang truoc, quy 4, quy IV/2026, nam 2026, ca nam.',
  unitUnknown: (typed: string, hints: string) =>
    `Không tìm thấy đơn vị "${typed}" trong phạm vi của đồng chí.${hints ? ` Có phải: ${hints}?` : ''}`,
  unitAmbiguous: (typed: string, options: string) =>
    `Có nhiều đơn vị khớp "${typed}": ${options}. Xin gõ lại kèm mã đơn vị.`,
  outOfScope: (unit: string) => `Đơn vị ${unit} không thuộc phạm vi đồng chí phụ trách.`,
  pickTop: (options: string) =>
    `Đồng chí phụ trách nhiều đơn vị: ${options}. Xin gõ kèm mã, ví dụ: tonghop MÃ quy 4.`,
  noScope: 'Đồng chí chưa được giao theo dõi đơn vị nào.',

  // chuahop / chuabaocao
  unmetTitle: (unit: string, period: string, n: number) =>
    `${unit}, ${period}: ${n} chi bộ quá hạn chưa ghi buổi sinh hoạt`,
  unreportedTitle: (unit: string, period: string, n: number) =>
    `${unit}, ${period}: ${n} chi bộ quá hạn chưa có báo cáo được nhận`,
  unmetNoneLate: (unit: string, period: string) => `${unit}, ${period}: không chi bộ nào quá hạn chưa họp.`,
  unreportedNoneLate: (unit: string, period: string) =>
    `${unit}, ${period}: không chi bộ nào quá hạn chưa báo cáo.`,
  unmetOpenTitle: (n: number, due: string) =>
    `Chưa đến hạn (hạn ${due}): ${n} chi bộ chưa ghi buổi sinh hoạt`,
  unreportedOpenTitle: (n: number, due: string) => `Chưa đến hạn (hạn ${due}): ${n} chi bộ chưa gửi báo cáo`,
  unmetAllDone: (unit: string, period: string, n: number) =>
    `${unit}, ${period}: cả ${n} chi bộ đã ghi buổi sinh hoạt.`,
  unreportedAllDone: (unit: string, period: string, n: number) =>
    `${unit}, ${period}: cả ${n} chi bộ đã gửi báo cáo được nhận.`,
  groupHeader: (name: string, n: number) => `${name} (${n}):`,
  laggard: (name: string, code: string, secretaries: string, months: string) =>
    `• ${name} (${code}) — bí thư: ${secretaries || 'chưa có'}${months ? ` — ${months}` : ''}`,
  returnedMark: 'bị trả lại',

  // chart
  chartCaption: (unit: string, period: string, soFar: boolean) =>
    `Biểu đồ ${unit}, ${period}: họp, báo cáo, được dự theo đơn vị` +
    (soFar ? ' (kỳ đang diễn ra: phần đã làm đến nay, chưa đến hạn)' : ' (trên các tháng đã đến hạn)'),
  chartLegend: { met: 'Đã họp', reported: 'Đã báo cáo', visited: 'Được dự' },
  chartAxis: '% chi bộ',
  chartNotDue: 'chưa đến hạn',
  chartNoPublicUrl: 'Chưa gửi được ảnh biểu đồ qua Zalo vì máy chủ chưa có địa chỉ công khai (PUBLIC_URL).',
  chartUnavailable: 'Máy chủ này chưa vẽ được biểu đồ.',
  chartEmpty: 'Chưa có đơn vị nào để vẽ biểu đồ.',

  // export
  exportCaption: (unit: string, period: string) => `Tổng hợp ${unit}, ${period} (Excel)`,
  exportZalo: (unit: string, period: string) =>
    `Zalo chưa gửi được tệp. Tệp Excel tổng hợp ${unit}, ${period} xin lấy qua Telegram (gõ xuat trên Telegram) ` +
    'hoặc nhờ quản trị viên chạy lệnh xuất.',
  exportUnavailable: 'Máy chủ này chưa tạo được tệp Excel.',
  sheetSummary: 'Tổng hợp',
  sheetCells: 'Chi bộ',
  sheetMeetings: 'Sinh hoạt',
  sheetReports: 'Báo cáo',
  sheetVisits: 'Dự sinh hoạt',

  // digests
  weeklyTitle: (unit: string, from: string, to: string) => `BẢN TIN TUẦN ${from}–${to} — ${unit}`,
  weeklyActivity: (meetings: number, reports: number, visits: number) =>
    `Tuần qua: ${meetings} buổi sinh hoạt được ghi, ${reports} báo cáo được gửi, ${visits} lượt cấp trên dự họp.`,
  weeklyMonthSoFar: (period: string) => `Tình hình ${period} đến nay:`,
  monthlyTitle: (unit: string, period: string) => `BẢN TIN THÁNG — ${unit}, ${period}`,
  digestFooter: 'Xem chi tiết: tonghop, chuahop, chuabaocao.',
};

/** Column headers and values of the Excel export. */
const DATE = 'dd/mm/yyyy';
const MONTH = 'mm/yyyy';
export const xlsx = {
  asOf: 'Số liệu đến ngày',
  figures: {
    cells: 'Số chi bộ',
    cellMonths: 'Lượt chi bộ-tháng phải họp, báo cáo',
    dueMonths: 'Trong đó đã đến hạn',
    metDue: 'Đã họp (tháng đến hạn)',
    missed: 'Quá hạn chưa họp',
    open: 'Chưa đến hạn',
    metOpen: 'Đã họp (tháng chưa đến hạn)',
    thematicQuarters: 'Lượt chi bộ-quý phải sinh hoạt chuyên đề',
    thematicDue: 'Trong đó đã hết hạn (quý đã qua)',
    thematicDoneDue: 'Đã sinh hoạt chuyên đề (quý đã hết hạn)',
    thematicMissed: 'Quá hạn chưa sinh hoạt chuyên đề',
    thematicOpen: 'Quý chưa hết hạn',
    thematicDoneOpen: 'Đã sinh hoạt chuyên đề (quý chưa hết hạn)',
    attendance: 'Tỷ lệ dự họp (%)',
    gradeTot: 'Buổi họp xếp loại Tốt',
    gradeKha: 'Buổi họp xếp loại Khá',
    gradeTb: 'Buổi họp xếp loại Trung bình',
    gradeKem: 'Buổi họp xếp loại Kém',
    onTime: 'Báo cáo đúng hạn',
    late: 'Báo cáo muộn',
    missing: 'Báo cáo quá hạn chưa gửi',
    returned: 'Báo cáo bị trả lại',
    reportsOpen: 'Báo cáo chưa đến hạn',
    visited: 'Chi bộ được cấp trên dự (trên tổng số chi bộ)',
    assigned: 'Chi bộ có người phụ trách',
    assignedVisited: 'Chi bộ có người phụ trách đã được dự',
    visits: 'Lượt cấp trên dự',
    unassigned: 'Lượt dự ngoài phân công',
    raised: 'Kiến nghị tiếp nhận',
    resolved: 'Kiến nghị đã giải quyết',
  },
  breakdownHeader: [
    'Mã',
    'Đơn vị',
    'Số chi bộ',
    'Lượt phải họp',
    'Lượt đến hạn',
    'Lượt đã họp (đến hạn)',
    'Lượt quá hạn chưa họp',
    'BC đúng hạn',
    'BC muộn',
    'BC quá hạn chưa gửi',
    'BC bị trả lại',
    'BC chưa đến hạn',
    'Chi bộ được dự',
    'Tỷ lệ dự họp (%)',
    'Kiến nghị tiếp nhận',
    'Kiến nghị đã giải quyết',
  ],
  summaryColumns: [
    { header: '', width: 14 },
    { header: '', width: 32 },
    ...Array.from({ length: 14 }, () => ({ header: '', width: 12 })),
  ],
  cellColumns: [
    { header: 'Đảng bộ xã/phường', width: 26 },
    { header: 'Mã chi bộ', width: 12 },
    { header: 'Chi bộ', width: 30 },
    { header: 'Bí thư', width: 24 },
    { header: 'Số tháng phải họp', width: 10 },
    { header: 'Số tháng đến hạn', width: 10 },
    { header: 'Số tháng đã họp', width: 10 },
    { header: 'Quá hạn chưa họp', width: 10 },
    { header: 'Chưa đến hạn, chưa họp', width: 10 },
    { header: 'Tỷ lệ dự họp (%)', width: 10 },
    { header: 'BC đúng hạn', width: 10 },
    { header: 'BC muộn', width: 10 },
    { header: 'BC quá hạn chưa gửi', width: 10 },
    { header: 'BC bị trả lại', width: 10 },
    { header: 'BC chưa đến hạn', width: 10 },
    { header: 'Lượt cấp trên dự', width: 10 },
    { header: 'Kiến nghị tiếp nhận', width: 10 },
    { header: 'Kiến nghị đã giải quyết', width: 10 },
  ],
  meetingColumns: [
    { header: 'Mã chi bộ', width: 12 },
    { header: 'Chi bộ', width: 30 },
    { header: 'Ngày họp', width: 12, format: DATE },
    { header: 'Loại', width: 20 },
    { header: 'Có mặt', width: 8 },
    { header: 'Tổng số', width: 8 },
    { header: 'Vắng có lý do', width: 8 },
    { header: 'Vắng không lý do', width: 8 },
    { header: 'Tỷ lệ dự họp (%)', width: 10 },
    { header: 'Xếp loại', width: 12 },
    { header: 'Chủ đề', width: 40 },
    { header: 'Cấp trên dự', width: 24 },
  ],
  reportColumns: [
    { header: 'Mã chi bộ', width: 12 },
    { header: 'Chi bộ', width: 30 },
    { header: 'Tháng', width: 10, format: MONTH },
    { header: 'Tình trạng', width: 14 },
    { header: 'Gửi lần đầu', width: 12, format: DATE },
    { header: 'An ninh, trật tự', width: 40 },
    { header: 'Sản xuất, đời sống', width: 40 },
    { header: 'Kiến nghị tiếp nhận', width: 10 },
    { header: 'Kiến nghị đã giải quyết', width: 10 },
    { header: 'Nội dung kiến nghị', width: 40 },
    { header: 'Khó khăn, vướng mắc', width: 40 },
    { header: 'Đề xuất', width: 40 },
    { header: 'Ghi chú trả lại', width: 30 },
  ],
  visitColumns: [
    { header: 'Mã chi bộ', width: 12 },
    { header: 'Chi bộ', width: 30 },
    { header: 'Ngày dự', width: 12, format: DATE },
    { header: 'Người dự', width: 24 },
    { header: 'Xếp loại', width: 12 },
    { header: 'Ngoài phân công', width: 10 },
    { header: 'Ghi chú', width: 40 },
  ],
  statusOnTime: 'Đúng hạn',
  statusLate: 'Muộn',
  statusReturned: 'Bị trả lại',
  yes: 'Có',
};
