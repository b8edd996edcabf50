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
} as const;
