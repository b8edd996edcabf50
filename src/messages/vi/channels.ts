/** Texts the channels add on their own: menus where there are no buttons, things a platform cannot carry. */
export const channels = {
  /** Under a numbered menu (Zalo): how to choose. */
  replyWithNumber: (count: number) =>
    count <= 1
      ? 'Trả lời bằng số 1.'
      : count <= 3
        ? `Trả lời bằng số (${Array.from({ length: count }, (_, i) => i + 1).join(', ')}).`
        : `Trả lời bằng số (1, 2, …, ${count}).`,
  /** Zalo cannot send files: said instead of the attachment. */
  documentNotSupported: (filename: string) =>
    `Zalo chưa hỗ trợ gửi tệp, nên tệp “${filename}” không được gửi kèm tin nhắn này.`,
  /** A picture we could not attach (no public address to serve it from). */
  photoNotAvailable: 'Không gửi được hình ảnh kèm theo tin nhắn này.',
  /** Telegram needs some text above buttons when a message has none. */
  chooseOne: 'Đồng chí chọn một mục:',
  /**
   * Zalo passed on no content (message.unsupported.received): protected accounts (children, people
   * with disabilities, people who cannot read) and kinds of message it does not forward.
   */
  unreadable:
    'chibo không đọc được tin nhắn này: Zalo không chuyển nội dung cho chibo. ' +
    'Xin gõ lại bằng chữ. Nếu đã gõ bằng chữ mà vẫn nhận được thông báo này, tài khoản Zalo này thuộc diện được Zalo bảo vệ; ' +
    'xin báo cán bộ Ban Tổ chức (người cấp mã mời) để liên kết bằng Telegram hoặc một tài khoản Zalo khác.',
  /** An edited message is never acted on (it could repeat a report or a notice). */
  editedNotRead: 'chibo không đọc lại tin nhắn đã sửa. Nếu cần, xin gửi lại thành một tin nhắn mới.',
  /** Said once, in the welcome: both platforms' terms want people told they talk to software. */
  automatedNotice:
    'chibo là phần mềm trả lời tự động, không phải người trực. chibo lưu những gì đồng chí gửi ' +
    '(ngày họp, số liệu, báo cáo, tên) để tổng hợp cho cấp ủy và Ban Tổ chức.',
} as const;
