/**
 * Texts about group chats and where reminders go. What works in a group depends on the platform:
 * Telegram passes a bot only the commands addressed to it (`/batdau@bot`, privacy mode), Zalo only
 * the messages that @mention it; so group hints take the platform and the Telegram bot's username.
 */
import type { Platform } from '../../../db/schema';

export interface GroupPlace {
  platform: Platform;
  /** The Telegram bot's username, when known. */
  username?: string;
}

/** Where a hint is read: the message's platform, and the Telegram username from the configuration. */
export function placeOf(platform: Platform, config: { TELEGRAM_BOT_USERNAME?: string }): GroupPlace {
  return { platform, username: config.TELEGRAM_BOT_USERNAME };
}

/** How a command is typed in a group, e.g. `/nhom@chibo_bot caidat ca hai` or `@chibo nhom caidat ca hai`. */
export function inGroup(place: GroupPlace, command: string): string {
  if (place.platform === 'zalo') return `@chibo ${command}`;
  if (place.platform !== 'telegram') return command;
  const [word = '', ...rest] = command.split(' ');
  const name = place.username ? `/${word}@${place.username}` : `/${word}@tên_chibo`;
  return [name, ...rest].join(' ');
}

/** One line saying how that typing works on the platform. */
function howToType(place: GroupPlace): string {
  if (place.platform === 'zalo') return '(gõ @ rồi chọn chibo trong danh sách, sau đó viết tiếp lệnh)';
  if (place.platform !== 'telegram' || place.username) return '';
  return '(gõ / rồi chọn lệnh của chibo trong danh sách, sau đó viết tiếp)';
}

const withHow = (place: GroupPlace, text: string) => [text, howToType(place)].filter(Boolean).join('\n');

export const groups = {
  joinedHint: (place: GroupPlace) =>
    withHow(
      place,
      `Chào cả nhóm! Để nhận tổng hợp, thông báo và lịch họp của đơn vị tại đây, người giữ mã nhóm (do cán bộ tổ chức cấp) gửi trong nhóm: ${inGroup(place, 'batdau MÃ')}`,
    ),
  /** A Telegram group admin writing anonymously (as the group): chibo cannot tell who it is. */
  anonymousSender:
    'chibo không biết ai gửi lệnh này: đồng chí đang gửi ẩn danh với tư cách quản trị nhóm. Xin tắt "Ẩn danh" (Quản trị viên → tên đồng chí → Ẩn danh) rồi gửi lại, hoặc nhờ một thành viên khác gửi.',
  rejoined: (unit: string) => `chibo đã trở lại nhóm. Nhóm vẫn liên kết với ${unit}.`,
  /** A group code sent in a private chat: how to use it in the group, on this platform. */
  groupCodeHowTo: (place: GroupPlace, code: string, shown = code) => {
    if (place.platform === 'telegram' && place.username)
      return (
        'Đây là mã để liên kết một nhóm. Bấm vào đường dẫn này rồi chọn nhóm: chibo vào nhóm và liên kết ngay.\n' +
        `https://t.me/${place.username}?startgroup=${code}\n` +
        `Nếu chibo đã ở trong nhóm, gửi trong nhóm: ${inGroup(place, `batdau ${shown}`)}`
      );
    if (place.platform === 'zalo')
      return withHow(
        place,
        'Đây là mã để liên kết một nhóm. Trên Zalo chỉ trưởng nhóm thêm được chibo vào nhóm: nhờ trưởng nhóm bấm đường dẫn mời chibo (cán bộ tổ chức gửi) và xác nhận. ' +
          `Sau đó gửi trong nhóm: ${inGroup(place, `batdau ${shown}`)}`,
      );
    return withHow(
      place,
      `Đây là mã để liên kết một nhóm. Xin thêm chibo vào nhóm rồi gửi trong nhóm: ${inGroup(place, `batdau ${shown}`)}`,
    );
  },
  /** For the coordinator who made a group code: what the group does with it, on each platform. */
  groupCodeUse: (code: string, username?: string, shown = code) =>
    'Cách liên kết nhóm:\n' +
    `• Telegram: ${username ? `bấm https://t.me/${username}?startgroup=${code} rồi chọn nhóm, hoặc gửi trong nhóm /batdau@${username} ${shown}` : `gửi trong nhóm /batdau@tên_chibo ${shown}`}\n` +
    `• Zalo: trưởng nhóm thêm chibo vào nhóm, rồi gửi trong nhóm @chibo batdau ${shown} (gõ @ rồi chọn chibo)`,
  /** A personal code sent in a group: the private chat is where it works. */
  personCodeInGroup: (place: GroupPlace) =>
    place.platform === 'telegram' && place.username
      ? `Đây là mã mời cá nhân, không dùng trong nhóm. Xin mở tin nhắn riêng với chibo (https://t.me/${place.username}) rồi gửi: batdau MÃ`
      : 'Đây là mã mời cá nhân, không dùng trong nhóm. Xin mở tin nhắn riêng với chibo rồi gửi: batdau MÃ',
  reminderUsage: 'Chọn nơi nhận nhắc việc: nhacnho zalo, nhacnho telegram hoặc nhacnho ca hai.',
  reminderSet: (where: string) => `Đã lưu. Từ nay đồng chí nhận nhắc việc qua ${where}.`,
  reminderNotLinked: (platform: string) =>
    `Đồng chí chưa liên kết tài khoản ${platform}. Xin mã mời mới rồi gửi "batdau MÃ" trên ${platform} trước.`,
  unreachableTitle: 'Những người chibo chưa gửi tin được:',
  unreachableNone: 'Mọi người trong phạm vi của đồng chí đều nhận được tin.',
  modeOnlyInGroup: (place: GroupPlace) =>
    withHow(
      place,
      `Lệnh này gõ trong nhóm đã liên kết với đơn vị, ví dụ: ${inGroup(place, 'nhom caidat ca hai')}`,
    ),
  modeNotLinked: (place: GroupPlace) =>
    withHow(
      place,
      `Nhóm này chưa liên kết với đơn vị nào. Gửi trong nhóm: ${inGroup(place, 'batdau MÃ')} (mã nhóm do cán bộ tổ chức cấp).`,
    ),
  modeNotAllowed:
    'Chỉ cán bộ tổ chức, cấp ủy viên, bí thư hoặc phó bí thư của đơn vị mới đổi được cách gửi tin của nhóm.',
  modeUsage: (place: GroupPlace) =>
    `Chọn cách gửi nhắc việc:\n• ${inGroup(place, 'nhom caidat chi nhom')} — chỉ gửi vào nhóm\n• ${inGroup(place, 'nhom caidat ca hai')} — gửi vào nhóm và nhắn riêng từng đồng chí`,
  modeNow: (place: GroupPlace, unit: string, both: boolean) =>
    `Nhắc lịch họp và tổng hợp của ${unit} hiện ${both ? 'gửi vào nhóm và nhắn riêng từng đồng chí' : 'chỉ gửi vào nhóm này'}.\nĐổi: ${inGroup(place, `nhom caidat ${both ? 'chi nhom' : 'ca hai'}`)}`,
  modeSet: (unit: string, both: boolean) =>
    `Đã lưu. Từ nay nhắc lịch họp và tổng hợp của ${unit} ${both ? 'gửi vào nhóm này và nhắn riêng từng đồng chí' : 'chỉ gửi vào nhóm này, không nhắn riêng nữa'}.`,
  groupOnlyOwnUnit: (unit: string) =>
    `Trong nhóm này chỉ xem được số liệu của ${unit}. Muốn xem đơn vị khác, xin nhắn riêng với chibo.`,
  groupNotLinked:
    'Nhóm này chưa liên kết với đơn vị nào nên tôi không gửi số liệu vào đây. Xin nhắn riêng với chibo.',
  unreachableLine: (name: string, platform: string, reason: string) => `• ${name} — ${platform}: ${reason}`,
} as const;
