/** Texts of linking, invites, help and "who am I". */
export const onboarding = {
  startNoCode:
    'Chào đồng chí! Để bắt đầu, gửi mã mời nhận từ cán bộ Ban Tổ chức: batdau MÃ (ví dụ: batdau K7M2QX).',
  codeUnknown: (code: string) =>
    `Mã "${code}" không đúng. Đồng chí kiểm tra lại từng chữ (mã gồm 6 ký tự, không có số 0 và chữ O) rồi gửi lại: batdau MÃ.`,
  codeUsed: 'Mã mời này đã được dùng. Mỗi mã chỉ dùng một lần; xin cán bộ Ban Tổ chức cấp mã mới.',
  codeExpired: (date: string) => `Mã mời này đã hết hạn ngày ${date}. Xin cán bộ Ban Tổ chức cấp mã mới.`,
  linked: (name: string, role: string, unit: string) =>
    `Đã liên kết. Xin chào đồng chí ${name}!\nVai trò: ${role} — ${unit}.\nGõ "trogiup" để xem các lệnh.`,
  alreadyLinkedSame: (role: string, unit: string) =>
    `Đồng chí đã có vai trò ${role} — ${unit}. Không cần dùng mã này nữa.`,
  groupLinked: (unit: string) =>
    `Nhóm này đã được liên kết với ${unit}. Tổng hợp, thông báo và lịch họp sẽ gửi vào đây.`,
  helpTitle: 'Các lệnh của đồng chí (gõ có dấu hay không dấu đều được):',
  helpUnlinkedTitle: 'Đồng chí chưa liên kết tài khoản. Các lệnh dùng được:',
  helpLine: (name: string, summary: string, example: string) =>
    `• ${name} — ${summary}\n   Ví dụ: ${example}`,
  /** The name used for someone who linked without giving one. */
  defaultName: 'Đồng chí',
  groupInviteRole: 'Nhóm chat của đơn vị',
  whoami: (name: string) => `Đồng chí ${name}`,
  whoamiRoles: 'Vai trò:',
  whoamiAccounts: (list: string) => `Tài khoản đã liên kết: ${list}`,
  whoamiReminders: (where: string) => `Nhận nhắc việc qua: ${where}`,
  inviteUsage:
    'Cách tạo mã mời: moi VAI_TRÒ MÃ_ĐƠN_VỊ [tên người]\n' +
    'Vai trò: bithu, phobithu, giamsat, capuy, tochuc. Ví dụ: moi bithu KP3 Nguyễn Văn An',
  inviteRoleUnknown: (word: string) =>
    `Không rõ vai trò "${word}". Dùng một trong: bithu, phobithu, giamsat, capuy, tochuc (hoặc nhom để liên kết nhóm).`,
  inviteUnitUnknown: (code: string, hints: string) =>
    `Không tìm thấy đơn vị "${code}".${hints ? ` Có phải: ${hints}?` : ''}`,
  inviteOutOfScope: (unit: string) =>
    `Đơn vị ${unit} không thuộc phạm vi đồng chí phụ trách nên không tạo được mã.`,
  inviteCreated: (code: string, role: string, unit: string, until: string, who: string | null) =>
    `Mã mời: ${code}\nVai trò: ${role} — ${unit}${who ? `\nCho: ${who}` : ''}\nHạn dùng: ${until} (dùng một lần).\n` +
    `Người nhận gửi cho chibo: batdau ${code}`,
  platforms: { telegram: 'Telegram', zalo: 'Zalo', sim: 'Trình mô phỏng' } as Record<string, string>,
  reminderChannel: { both: 'Zalo và Telegram', zalo: 'Zalo', telegram: 'Telegram' } as Record<string, string>,
} as const;
