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
  unreachableLine: (name: string, platform: string, reason: string) => `• ${name} — ${platform}: ${reason}`,
} as const;
