/** Texts about group chats and where reminders go. */
export const groups = {
  joinedHint:
    'Chào cả nhóm! Để nhận tổng hợp, thông báo và lịch họp của đơn vị tại đây, gửi trong nhóm: batdau MÃ (mã nhóm do cán bộ tổ chức cấp).',
  reminderUsage: 'Chọn nơi nhận nhắc việc: nhacnho zalo, nhacnho telegram hoặc nhacnho ca hai.',
  reminderSet: (where: string) => `Đã lưu. Từ nay đồng chí nhận nhắc việc qua ${where}.`,
  reminderNotLinked: (platform: string) =>
    `Đồng chí chưa liên kết tài khoản ${platform}. Xin mã mời mới rồi gửi "batdau MÃ" trên ${platform} trước.`,
  unreachableTitle: 'Những người chibo chưa gửi tin được:',
  unreachableNone: 'Mọi người trong phạm vi của đồng chí đều nhận được tin.',
  modeOnlyInGroup: 'Lệnh này gõ trong nhóm đã liên kết với đơn vị, ví dụ: nhom caidat ca hai',
  modeNotLinked:
    'Nhóm này chưa liên kết với đơn vị nào. Gửi trong nhóm: batdau MÃ (mã nhóm do cán bộ tổ chức cấp).',
  modeNotAllowed:
    'Chỉ cán bộ tổ chức, cấp ủy viên, bí thư hoặc phó bí thư của đơn vị mới đổi được cách gửi tin của nhóm.',
  modeUsage:
    'Chọn cách gửi nhắc việc:\n• nhom caidat chi nhom — chỉ gửi vào nhóm\n• nhom caidat ca hai — gửi vào nhóm và nhắn riêng từng đồng chí',
  modeNow: (unit: string, both: boolean) =>
    `Nhắc lịch họp và tổng hợp của ${unit} hiện ${both ? 'gửi vào nhóm và nhắn riêng từng đồng chí' : 'chỉ gửi vào nhóm này'}.\nĐổi: nhom caidat ${both ? 'chi nhom' : 'ca hai'}`,
  modeSet: (unit: string, both: boolean) =>
    `Đã lưu. Từ nay nhắc lịch họp và tổng hợp của ${unit} ${both ? 'gửi vào nhóm này và nhắn riêng từng đồng chí' : 'chỉ gửi vào nhóm này, không nhắn riêng nữa'}.`,
  groupOnlyOwnUnit: (unit: string) =>
    `Trong nhóm này chỉ xem được số liệu của ${unit}. Muốn xem đơn vị khác, xin nhắn riêng với chibo.`,
  groupNotLinked:
    'Nhóm này chưa liên kết với đơn vị nào nên tôi không gửi số liệu vào đây. Xin nhắn riêng với chibo.',
  unreachableLine: (name: string, platform: string, reason: string) => `• ${name} — ${platform}: ${reason}`,
} as const;
