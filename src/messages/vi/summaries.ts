/** Texts of summaries, laggard lists, charts, exports and digests. Short lines for small screens. */

const pct = (part: number, whole: number) => (whole > 0 ? `${Math.round((part * 100) / whole)}%` : '—');

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
  noCells: 'Đơn vị này chưa có chi bộ nào trong kỳ.',
  metMonth: (met: number, cells: number) =>
    `Sinh hoạt: ${met}/${cells} chi bộ đã họp, ${cells - met} chưa họp`,
  metPeriod: (met: number, expected: number, all: number, none: number) =>
    `Sinh hoạt: ${met}/${expected} lượt chi bộ-tháng (${pct(met, expected)}); ` +
    `${all} chi bộ họp đủ các tháng, ${none} chi bộ chưa họp lần nào`,
  thematicQuarter: (done: number, cells: number) =>
    `Chuyên đề trong quý: ${done}/${cells} chi bộ đã sinh hoạt`,
  thematicYear: (done: number, quarters: number) =>
    `Chuyên đề: ${done}/${quarters} lượt chi bộ-quý có sinh hoạt chuyên đề`,
  attendance: (present: number, total: number) =>
    total > 0
      ? `Tỷ lệ dự họp: ${pct(present, total)} (${present}/${total} lượt đảng viên)`
      : 'Tỷ lệ dự họp: chưa có số liệu',
  grades: (tot: number, kha: number, tb: number, kem: number) =>
    `Xếp loại buổi họp: Tốt ${tot} · Khá ${kha} · Trung bình ${tb} · Kém ${kem}`,
  reports: (onTime: number, late: number, missing: number, returned: number) =>
    `Báo cáo: đúng hạn ${onTime} · muộn ${late} · chưa gửi ${missing} · bị trả lại ${returned}`,
  supervision: (visited: number, cells: number, visits: number, unassigned: number) =>
    `Dự sinh hoạt: ${visited}/${cells} chi bộ có cấp trên dự (${visits} lượt` +
    `${unassigned > 0 ? `, ${unassigned} ngoài phân công` : ''})`,
  assigned: (visited: number, assigned: number) =>
    assigned > 0
      ? `Chi bộ có người phụ trách: ${visited}/${assigned} đã được dự`
      : 'Chưa phân công cấp ủy viên phụ trách chi bộ nào',
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
    rep: number,
    visited: number,
    cells: number,
  ) =>
    `${i}. ${name} (${code}): họp ${met}/${months} · báo cáo ${rep}/${months} · được dự ${visited}/${cells} chi bộ`,
  cellMet: (met: number, months: number) =>
    months === 1 ? (met ? 'đã họp' : 'chưa họp') : `họp ${met}/${months} tháng`,
  cellReport: (onTime: number, late: number, returned: number, months: number) =>
    months === 1
      ? onTime
        ? 'báo cáo đúng hạn'
        : late
          ? 'báo cáo muộn'
          : returned
            ? 'báo cáo bị trả lại'
            : 'chưa báo cáo'
      : `báo cáo ${onTime + late}/${months}${returned ? ` (${returned} bị trả lại)` : ''}`,
  pageFooter: (page: number, pages: number) =>
    page < pages ? `— Trang ${page}/${pages}. Gõ "xem tiep" để xem tiếp.` : `— Trang ${page}/${pages} (hết).`,
  pageFooterButtons: (page: number, pages: number) =>
    page < pages ? `— Trang ${page}/${pages}` : `— Trang ${page}/${pages} (hết).`,
  nextButton: 'Xem tiếp ▶',
  noMorePages: 'Đã hết, không còn trang nào nữa.',

  // Finding the unit and the period
  badPeriod: 'Không đọc được kỳ tổng hợp. Ví dụ: 11/2026, thang nay, thang truoc, quy 4, Q4/2026, nam 2026.',
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
    n === 0
      ? `${unit}, ${period}: mọi chi bộ đã ghi buổi sinh hoạt.`
      : `${unit}, ${period}: ${n} chi bộ chưa ghi buổi sinh hoạt`,
  unreportedTitle: (unit: string, period: string, n: number) =>
    n === 0
      ? `${unit}, ${period}: mọi chi bộ đã gửi báo cáo.`
      : `${unit}, ${period}: ${n} chi bộ chưa có báo cáo được nhận`,
  groupHeader: (name: string, n: number) => `${name} (${n}):`,
  laggard: (name: string, code: string, secretaries: string, months: string) =>
    `• ${name} (${code}) — bí thư: ${secretaries || 'chưa có'}${months ? ` — ${months}` : ''}`,
  returnedMark: 'bị trả lại',

  // chart
  chartCaption: (unit: string, period: string) =>
    `Biểu đồ ${unit}, ${period}: họp, báo cáo, được dự theo đơn vị`,
  chartLegend: { met: 'Đã họp', reported: 'Đã báo cáo', visited: 'Được dự' },
  chartAxis: '% chi bộ',
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
export const xlsx = {
  breakdownHeader: [
    'Mã',
    'Đơn vị',
    'Số chi bộ',
    'Lượt đã họp',
    'Lượt phải họp',
    'BC đúng hạn',
    'BC muộn',
    'BC chưa gửi',
    'BC bị trả lại',
    'Chi bộ được dự',
    'Tỷ lệ dự họp (%)',
    'Kiến nghị tiếp nhận',
    'Kiến nghị đã giải quyết',
  ],
  summaryColumns: [
    { header: '', width: 14 },
    { header: '', width: 32 },
    ...Array.from({ length: 11 }, () => ({ header: '', width: 12 })),
  ],
  cellColumns: [
    { header: 'Đảng bộ xã/phường', width: 26 },
    { header: 'Mã chi bộ', width: 12 },
    { header: 'Chi bộ', width: 30 },
    { header: 'Bí thư', width: 24 },
    { header: 'Số tháng đã họp', width: 10 },
    { header: 'Số tháng', width: 8 },
    { header: 'Tỷ lệ dự họp (%)', width: 10 },
    { header: 'BC đúng hạn', width: 10 },
    { header: 'BC muộn', width: 10 },
    { header: 'BC chưa gửi', width: 10 },
    { header: 'BC bị trả lại', width: 10 },
    { header: 'Lượt cấp trên dự', width: 10 },
    { header: 'Kiến nghị tiếp nhận', width: 10 },
    { header: 'Kiến nghị đã giải quyết', width: 10 },
  ],
  meetingColumns: [
    { header: 'Mã chi bộ', width: 12 },
    { header: 'Chi bộ', width: 30 },
    { header: 'Ngày họp', width: 12 },
    { header: 'Loại', width: 20 },
    { header: 'Có mặt', width: 8 },
    { header: 'Tổng số', width: 8 },
    { header: 'Xếp loại', width: 12 },
    { header: 'Chủ đề', width: 40 },
    { header: 'Cấp trên dự', width: 24 },
  ],
  reportColumns: [
    { header: 'Mã chi bộ', width: 12 },
    { header: 'Chi bộ', width: 30 },
    { header: 'Tháng', width: 10 },
    { header: 'Tình trạng', width: 16 },
    { header: 'Kiến nghị tiếp nhận', width: 10 },
    { header: 'Kiến nghị đã giải quyết', width: 10 },
    { header: 'Ghi chú trả lại', width: 40 },
  ],
  visitColumns: [
    { header: 'Mã chi bộ', width: 12 },
    { header: 'Chi bộ', width: 30 },
    { header: 'Ngày dự', width: 12 },
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
