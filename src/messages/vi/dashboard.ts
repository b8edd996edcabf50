/** Texts of the web dashboard and of `web` in chat. Short, plain words: many readers are elderly. */

const month = (label: string) => `tháng ${label}`;

export const dashboard = {
  // web (chat)
  commandSummary: 'Mở trang tổng hợp trên máy tính, không cần mật khẩu',
  off: 'Trang tổng hợp trên web chưa được bật ở máy chủ này (cần đặt PUBLIC_URL có https). Xin báo quản trị viên.',
  link: (url: string, minutes: number) =>
    `Liên kết vào trang tổng hợp (dùng một lần, trong ${minutes} phút):\n${url}\n` +
    'Mở liên kết trên máy tính hoặc điện thoại của đồng chí, rồi bấm "Vào trang tổng hợp". ' +
    'Không chuyển liên kết này cho người khác. Muốn thoát trên mọi trình duyệt, gõ: web thoat',
  loggedOut: (n: number) =>
    n > 0
      ? `Đã thoát trang tổng hợp trên ${n} trình duyệt. Liên kết cũ chưa dùng cũng hết hiệu lực.`
      : 'Đồng chí không còn đăng nhập trang tổng hợp ở trình duyệt nào. Liên kết cũ chưa dùng đã hết hiệu lực.',
  /** What an outbox row keeps of a login-link message once the link is spent (src/outbox/scrub.ts). */
  scrubbedLink: '(đã xóa: tin chứa liên kết đăng nhập)',
  usage: 'Gõ "web" để nhận liên kết vào trang tổng hợp, hoặc "web thoat" để thoát trên mọi trình duyệt.',

  // page frame
  appName: 'chibo — trang tổng hợp',
  signedInAs: (name: string) => `Đồng chí ${name}`,
  logout: 'Thoát',
  home: 'Trang đầu',

  // login
  loginTitle: 'Vào trang tổng hợp',
  loginLead: 'Bấm nút dưới đây để vào trang tổng hợp trên trình duyệt này. Liên kết chỉ dùng được một lần.',
  loginButton: 'Vào trang tổng hợp',
  loginBad:
    'Liên kết này không dùng được nữa (đã dùng, đã quá 10 phút, hoặc không đúng). Xin gõ "web" trong chibo để nhận liên kết mới.',
  loginLocked: (time: string) =>
    `Có quá nhiều lần vào bằng liên kết sai từ máy này. Xin thử lại sau ${time}, với liên kết mới (gõ "web" trong chibo).`,
  needLogin: 'Xin gõ "web" trong chibo (Zalo hoặc Telegram) để nhận liên kết vào trang tổng hợp.',
  needLoginTitle: 'Cần đăng nhập',
  loggedOutPage: 'Đã thoát. Muốn vào lại, gõ "web" trong chibo để nhận liên kết mới.',
  noScope:
    'Đồng chí hiện không giữ vai trò cấp ủy hoặc Ban Tổ chức ở đơn vị nào nên không xem được trang tổng hợp.',
  formExpired: 'Trang đã cũ hoặc không gửi từ trang tổng hợp. Xin tải lại trang rồi bấm lại.',
  tooLarge: 'Nội dung gửi lên quá lớn, không phải từ trang tổng hợp. Xin tải lại trang rồi bấm lại.',
  errorTitle: 'Có lỗi',
  error: 'Máy chủ gặp lỗi khi mở trang này. Xin thử lại sau ít phút.',
  notFoundTitle: 'Không tìm thấy',
  notFound: 'Không tìm thấy đơn vị này trong phạm vi của đồng chí.',
  pickUnit: 'Chọn đơn vị để xem:',

  // unit page
  period: 'Kỳ',
  show: 'Xem',
  periodGroups: { month: 'Tháng', quarter: 'Quý', year: 'Năm' },
  figuresTitle: 'Số liệu chung',
  breakdownTitle: 'Theo đơn vị trực thuộc (kém nhất trước)',
  sortHint: 'Bấm tên cột để sắp xếp.',
  columns: {
    unit: 'Đơn vị',
    cells: 'Số chi bộ',
    met: 'Đã họp',
    thematic: 'Chuyên đề',
    attendance: 'Dự họp',
    onTime: 'Báo cáo đúng hạn',
    late: 'Muộn',
    returned: 'Bị trả lại',
    missing: 'Chưa gửi',
    visited: 'Được cấp trên dự',
    raised: 'Kiến nghị',
    resolved: 'Đã giải quyết',
  },
  totalRow: 'Cộng',
  noChildren: 'Đơn vị này chưa có đơn vị trực thuộc nào có số liệu trong kỳ.',
  chartTitle: 'Biểu đồ',
  chartAlt: (unit: string, period: string) => `Biểu đồ họp, báo cáo, được dự của ${unit}, ${period}`,
  laggardsLink: 'Chi bộ chậm việc và nhắc ngay',
  excel: 'Tải tệp Excel',
  excelUnavailable: 'Máy chủ này chưa làm được tệp Excel. Xin báo quản trị viên.',
  up: (name: string) => `↑ ${name}`,
  openMonth: 'Tháng đang diễn ra: việc chưa làm là chưa đến hạn.',
  justEnded: (ended: string, current: string) =>
    `${ended.charAt(0).toUpperCase()}${ended.slice(1)} vừa kết thúc nên đang xem ${ended}. Muốn xem ${current} đang diễn ra, chọn ở ô Kỳ.`,

  // laggards page
  laggardsTitle: (unit: string, period?: string) =>
    `Chi bộ chậm việc — ${unit}${period ? `, ${period}` : ''}`,
  unmetTitle: 'Chưa ghi buổi sinh hoạt',
  unreportedTitle: 'Chưa gửi báo cáo (hoặc bị trả lại chưa bổ sung)',
  unvisitedTitle: 'Chưa được cấp trên dự trong kỳ',
  noneLagging: 'Không có chi bộ nào.',
  notDueYet: 'chưa đến hạn',
  lateMark: 'quá hạn',
  returnedMark: 'bị trả lại',
  noVisitMark: 'chưa có buổi dự',
  laggardCols: { cell: 'Chi bộ', who: 'Người nhận nhắc', reach: 'Nhận tin qua', months: 'Tháng', act: '' },
  noSecretary: 'Chưa có bí thư liên kết chibo',
  noSupervisor: 'Chưa phân công người phụ trách',
  unreachable: 'không nhận được tin',
  notLinked: 'chưa liên kết',
  remind: 'Nhắc ngay',
  reminded: (at: string) => `Đã nhắc hôm nay (gửi lúc ${at})`,
  remindQueued: (time: string) => `Đã xếp lời nhắc; gửi lúc ${time} (sau giờ nghỉ đêm).`,
  remindSent: 'Đã xếp lời nhắc để gửi ngay.',
  remindNothing: 'Chi bộ này không còn việc chậm trong kỳ; không nhắc.',

  // the reminders themselves (sent in chat)
  remindMeeting: (from: string, unit: string, months: string[]) =>
    `Nhắc việc (đồng chí ${from} nhắc qua trang tổng hợp): ${unit} chưa ghi biên bản sinh hoạt ${months.map(month).join(', ')}.\n` +
    'Nếu đã họp, gõ "hop" để ghi lại. Nếu chưa họp, xin đặt lịch: lich <ngày> <giờ>.',
  remindReport: (from: string, unit: string, months: string[], returned: boolean) =>
    `Nhắc việc (đồng chí ${from} nhắc qua trang tổng hợp): ${unit} ${returned ? 'có báo cáo bị trả lại chưa bổ sung' : 'chưa gửi báo cáo'} ${months.map(month).join(', ')}.\n` +
    (returned
      ? `Gõ "baocao sua ${months[0]}" để sửa và gửi lại.`
      : `Gõ "baocao" để gửi, hoặc "baocao thang ${months[0]}: anninh ...; sanxuat ...; kiennghi 0" cho tháng trước.`),
  remindVisit: (from: string, unit: string, period: string) =>
    `Nhắc việc (đồng chí ${from} nhắc qua trang tổng hợp): đồng chí chưa dự sinh hoạt của ${unit} trong ${period}.\n` +
    'Khi dự, gõ "giamsat" để ghi lại buổi dự.',

  // cell page
  cellTitle: (name: string, code: string) => `${name} (${code})`,
  parentUnit: 'Thuộc',
  ruleTitle: 'Lịch họp hằng tháng',
  noRule: 'Chưa đặt lịch hằng tháng.',
  nextTitle: 'Buổi họp tới',
  noNext: 'Chưa có buổi họp nào sắp tới.',
  peopleTitle: 'Người phụ trách',
  secretaries: 'Bí thư',
  supervisors: 'Cấp trên phụ trách',
  nobody: 'Chưa có',
  recordsTitle: 'Biên bản sinh hoạt trong kỳ',
  noRecords: 'Chưa có biên bản nào trong kỳ.',
  recordHead: (date: string, kind: string) => `Ngày ${date} — ${kind}`,
  recordLine: (present: number, total: number, excused: number, unexcused: number) =>
    `Có mặt ${present}/${total}; vắng có lý do ${excused}, không lý do ${unexcused}`,
  grade: (g: string) => `Xếp loại: ${g}`,
  topic: (t: string) => `Nội dung: ${t}`,
  attendee: (a: string) => `Cấp trên dự: ${a}`,
  revision: (n: number, when: string, who: string, current: boolean) =>
    `Lần ghi ${n}: ${who}, lúc ${when}${current ? ' (bản đang dùng)' : ''}`,
  reportsTitle: 'Báo cáo tháng trong kỳ',
  noReports: 'Chưa có báo cáo nào trong kỳ.',
  reportHead: (label: string) => `Báo cáo ${month(label)}`,
  reportOnTime: 'Đã gửi, đúng hạn',
  reportLate: 'Đã gửi, muộn',
  reportReturned: (who: string, when: string, note: string) => `Bị trả lại: ${who}, lúc ${when} — "${note}"`,
  reportRevision: (n: number, when: string, who: string) => `Lần gửi ${n}: ${who}, lúc ${when}`,
  visitsTitle: 'Cấp trên dự sinh hoạt trong kỳ',
  noVisits: 'Chưa có buổi dự nào trong kỳ.',
  visitHead: (date: string, who: string) => `Ngày ${date} — ${who}`,
  visitUnassigned: 'ngoài phân công',
  notes: (n: string) => `Ghi chú: ${n}`,
};
