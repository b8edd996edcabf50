/** Texts of notices (thongbao) and their acknowledgement (daxem). */
export const notices = {
  usage:
    'Cách gửi thông báo: thongbao [MÃ_ĐƠN_VỊ] nội dung\n' +
    'Ví dụ: thongbao XQS Họp triển khai nghị quyết lúc 8h ngày 5/12 tại hội trường xã.\n' +
    'Xem ai chưa đọc: thongbao xem. Nhắc lại người chưa đọc: thongbao nhaclai MÃ_THÔNG_BÁO',
  askUnit: 'Gửi thông báo tới bí thư các chi bộ thuộc đơn vị nào?',
  askText: (max: number) => `Nội dung thông báo là gì? Gõ trong một tin (tối đa ${max} ký tự).`,
  editText: 'Nội dung',
  readBack: (n: number, unit: string, text: string) =>
    `Xin kiểm tra thông báo gửi tới ${n} bí thư chi bộ thuộc ${unit}:\n${text}`,
  confirmHint: 'Đúng thì chọn Gửi thông báo. Muốn sửa, chọn Sửa một mục; không gửi thì chọn Hủy.',
  send: 'Gửi thông báo',
  kept: 'Thông báo đang soạn dở đã được giữ lại; gõ thongbao để soạn tiếp.',
  resumed: 'Tiếp tục soạn thông báo:',
  replaced: 'Thông báo soạn dở trước đó đã được thay bằng thông báo này.',
  outOfScope: (unit: string) => `Đơn vị ${unit} không thuộc phạm vi đồng chí phụ trách.`,
  tooLong: (length: number, max: number) =>
    `Thông báo dài quá (${length} ký tự, tối đa ${max}). Xin rút gọn rồi gửi lại. Chưa gửi gì.`,
  noRecipients: (unit: string) => `${unit} chưa có bí thư chi bộ nào liên kết với chibo, nên chưa gửi được.`,
  duplicate: (code: string) =>
    `Thông báo này đã được gửi hôm nay (mã ${code}). Xem ai chưa đọc: thongbao xem ${code}`,
  sent: (code: string, n: number, unit: string) =>
    `Đã gửi thông báo ${code} tới ${n} bí thư chi bộ thuộc ${unit}.\n` +
    `Xem ai chưa đọc: thongbao xem ${code}. Nhắc lại: thongbao nhaclai ${code}`,
  message: (from: string, unit: string, code: string, text: string) =>
    `THÔNG BÁO (${code}) của ${from} — ${unit}:\n${text}\n\nĐồng chí đã đọc xin gõ: daxem ${code}`,
  reminder: (from: string, unit: string, code: string, text: string) =>
    `NHẮC LẠI THÔNG BÁO (${code}) của ${from} — ${unit}:\n${text}\n\nĐồng chí đã đọc xin gõ: daxem ${code}`,
  unknown: (code: string) => `Không tìm thấy thông báo "${code}".`,
  noneSent: 'Đồng chí chưa gửi thông báo nào.',
  status: (code: string, read: number, total: number) => `Thông báo ${code}: ${read}/${total} người đã đọc.`,
  unreadTitle: 'Chưa đọc:',
  unreadLine: (name: string, unit: string) => `• ${name} — ${unit}`,
  allRead: 'Mọi người đã đọc.',
  resent: (code: string, n: number) =>
    n === 0
      ? `Mọi người đã đọc thông báo ${code}, không cần nhắc.`
      : `Đã nhắc lại thông báo ${code} cho ${n} người chưa đọc.`,
  resentToday: (code: string) => `Hôm nay đã nhắc lại thông báo ${code} rồi. Mai đồng chí có thể nhắc tiếp.`,
  ackNothing: 'Không có thông báo nào đang chờ đồng chí xác nhận.',
  acked: (code: string) => `Đã ghi nhận đồng chí đã đọc thông báo ${code}. Cảm ơn đồng chí.`,
  alreadyAcked: (code: string) => `Đồng chí đã xác nhận thông báo ${code} rồi.`,
  ackedNotYours: (code: string) => `Thông báo ${code} không gửi tới đồng chí.`,
};
