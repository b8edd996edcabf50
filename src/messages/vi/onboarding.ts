/** Texts of linking, invites, help and "who am I". */
export const onboarding = {
  startNoCode:
    'Chào đồng chí! Để bắt đầu, gửi mã mời nhận từ cán bộ Ban Tổ chức: batdau MÃ (ví dụ: batdau 4827 1936 0512 3384).',
  codeUnknown: (code: string) =>
    `Mã "${code}" không đúng. Mã mời gồm 16 chữ số (ví dụ 4827 1936 0512 3384). Đồng chí kiểm tra lại từng chữ số rồi gửi lại: batdau MÃ.`,
  codeTypo:
    'Mã có một chữ số bị gõ sai hoặc hai chữ số bị đổi chỗ. Đồng chí so lại từng nhóm 4 số với mã nhận được rồi gửi lại: batdau MÃ.',
  codeOld: 'Mã này theo mẫu cũ nên không còn dùng được. Xin cán bộ Ban Tổ chức cấp mã mới (16 chữ số).',
  tooManyTries: (until: string) =>
    `Đồng chí đã nhập sai mã nhiều lần. Để giữ an toàn, xin đợi đến ${until} rồi gửi lại. Nếu vẫn không được, xin cán bộ Ban Tổ chức kiểm tra lại mã.`,
  tooManyTriesOverall: (until: string) =>
    `Hiện có quá nhiều lần nhập mã sai nên chibo tạm ngừng nhận mã mời để giữ an toàn. Xin đồng chí gửi lại sau ${until}. Việc tạm ngừng này không làm mất mã của đồng chí.`,
  codeUsed: 'Mã mời này đã được dùng. Mỗi mã chỉ dùng một lần; xin cán bộ Ban Tổ chức cấp mã mới.',
  codeExpired: (date: string) => `Mã mời này đã hết hạn ngày ${date}. Xin cán bộ Ban Tổ chức cấp mã mới.`,
  linked: (name: string, role: string, unit: string) =>
    `Đã liên kết. Xin chào đồng chí ${name}!\nVai trò: ${role} — ${unit}.\nGõ "trogiup" để xem các lệnh.`,
  alreadyLinkedSame: (role: string, unit: string) =>
    `Đồng chí đã có vai trò ${role} — ${unit}. Không cần dùng mã này nữa.`,
  groupLinked: (unit: string) =>
    `Nhóm này đã được liên kết với ${unit}. Tổng hợp, thông báo và lịch họp sẽ gửi vào đây.`,
  groupAlreadyLinked: (unit: string) =>
    `Nhóm này đã liên kết với ${unit} rồi. Mã chưa bị dùng, có thể giữ lại.`,
  groupLinkedElsewhere:
    'Nhóm này đang nhận tin của một đơn vị khác. Chỉ cán bộ Ban Tổ chức phụ trách đơn vị đó mới chuyển được nhóm sang đơn vị mới. Mã chưa bị dùng.',
  groupMoved: (from: string, to: string) =>
    `Nhóm này đã chuyển từ ${from} sang ${to}. Tổng hợp, thông báo và lịch họp của ${to} sẽ gửi vào đây.`,
  groupMovedAway: (from: string, to: string, by: string) =>
    `Đồng chí ${by} đã chuyển nhóm chat của ${from} sang ${to}. Từ nay tin của ${from} gửi riêng cho từng đồng chí, muốn dùng một nhóm khác, xin tạo mã nhóm mới (moi nhom MÃ_ĐƠN_VỊ).`,
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
    `Không tìm thấy đơn vị "${code}" trong phạm vi của đồng chí.${hints ? ` Có phải: ${hints}?` : ''}`,
  inviteNameTooLong: (length: number, max: number) =>
    `Tên người dài quá (${length} ký tự, tối đa ${max}). Xin gõ lại chỉ họ và tên. Chưa tạo mã mời.`,
  inviteReplacesSecretary: (unit: string, holders: string) =>
    `${unit} đang có bí thư: ${holders}. Khi mã này được dùng, người nhận sẽ thay làm bí thư; đồng chí ${holders} sẽ được báo và thôi nhận nhắc việc của chi bộ.`,
  secretaryReplaced: (unit: string, by: string) =>
    `Đồng chí ${by} đã nhận vai trò bí thư ${unit} bằng mã mời của Ban Tổ chức. Từ nay đồng chí không còn nhận nhắc họp và nhắc báo cáo của ${unit}. Nếu có nhầm lẫn, xin báo Ban Tổ chức.`,
  replacedSecretary: (holders: string) => `Đồng chí thay đồng chí ${holders} làm bí thư.`,
  inviteCreated: (code: string, role: string, unit: string, until: string, who: string | null) =>
    `Mã mời: ${code}\nVai trò: ${role} — ${unit}${who ? `\nCho: ${who}` : ''}\nHạn dùng: ${until} (dùng một lần).\n` +
    `Người nhận gửi cho chibo: batdau ${code}`,
  platforms: { telegram: 'Telegram', zalo: 'Zalo', sim: 'Trình mô phỏng' } as Record<string, string>,
  reminderChannel: { both: 'Zalo và Telegram', zalo: 'Zalo', telegram: 'Telegram' } as Record<string, string>,
  and: ' và ',
} as const;
