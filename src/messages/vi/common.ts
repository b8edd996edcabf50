/** Vietnamese texts shared by every feature. Short, plain, with diacritics. */
import type { Role } from '../../../db/schema';

export const ROLE_NAMES: Record<Role, string> = {
  secretary: 'Bí thư chi bộ',
  deputy: 'Phó bí thư chi bộ',
  supervisor: 'Cấp ủy viên phụ trách chi bộ',
  committee: 'Thành viên cấp ủy',
  coordinator: 'Cán bộ tổ chức (điều phối)',
};

export const common = {
  flowRoleEnded: (command: string) =>
    `Đồng chí không còn vai trò để dùng lệnh ${command} (vai trò đã thay đổi), nên phần đang ghi dở chưa được lưu. Gõ toi để xem vai trò hiện có.`,
  notLinked:
    'Chào đồng chí! Tài khoản này chưa được liên kết với chibo.\n' +
    'Xin mã mời từ cán bộ Ban Tổ chức của xã/phường, rồi gửi: batdau MÃ (ví dụ: batdau 4827 1936 0512 3384).',
  linkedPeople: 'người đã liên kết',
  notAllowed: (command: string, roles: string) =>
    `Đồng chí không dùng được lệnh "${command}". Lệnh này dành cho: ${roles}.`,
  unknownClosest: (typed: string, command: string) =>
    `Tôi chưa hiểu "${typed}". Có phải đồng chí muốn gõ: ${command}? Gõ "trogiup" để xem các lệnh.`,
  unknownUsual: (commands: string[]) =>
    `Tôi chưa hiểu tin nhắn này. Đồng chí hay dùng: ${commands.join(', ')}. Gõ "trogiup" để xem các lệnh.`,
  unknownBare: 'Tôi chưa hiểu tin nhắn này. Gõ "trogiup" để xem các lệnh.',
  unknownBrief: 'Tôi chưa hiểu tin nhắn này.',
  noMorePages: 'Không còn trang nào để xem tiếp. Gõ lại lệnh tổng hợp nếu cần.',
  unsupported: 'Tôi chỉ đọc được tin nhắn chữ. Xin đồng chí gõ câu trả lời bằng chữ hoặc số.',
  unsupportedIdle: 'Tôi chỉ đọc được tin nhắn chữ. Gõ "trogiup" để xem các lệnh.',
  internalError:
    'Xin lỗi, hệ thống đang gặp trục trặc nên chưa lưu được. Đồng chí vui lòng gửi lại sau ít phút.',
  cancelled: 'Đã hủy, không có gì được lưu.',
  nothingToCancel: 'Không có việc nào đang làm dở để hủy.',
  choiceExpired: 'Lựa chọn này đã cũ. Gõ lại lệnh để bắt đầu lại.',
  cutShort: '… (tin nhắn quá dài nên đã được rút gọn)',
  tooLong: (max: number) =>
    `Tin nhắn dài quá (tối đa ${max.toLocaleString('vi-VN')} ký tự) nên tôi chưa đọc. Xin gửi ngắn hơn, hoặc chia thành nhiều tin.`,
  buttonExpired: 'Nút vừa bấm đã cũ, không dùng được nữa.',
  groupPrivateOnly: 'Việc này làm trong tin nhắn riêng với chibo. Tôi đã nhắn riêng cho đồng chí.',
} as const;

/** Texts of the flow engine, the same in every step-by-step command. */
export const flowTexts = {
  save: 'Lưu',
  edit: 'Sửa một mục',
  cancel: 'Hủy',
  editAsk: 'Sửa mục nào?',
  pickOne: 'Xin chọn một mục bên dưới (gõ số thứ tự hoặc tên mục), hoặc gõ "huy" để thoát.',
  typeAnswer: 'Xin gõ câu trả lời cho câu hỏi dưới đây, hoặc gõ "huy" để thoát.',
  missing: (names: string[], examples: string[]) =>
    `Còn thiếu: ${names.join('; ')}.\nXin gõ tiếp, ví dụ: ${examples.join(', ')}`,
  notAFix: (typed: string) => `Tôi chưa hiểu phần "${typed}".`,
  current: (value: string) => `Hiện ghi: ${value}`,
  /** "ok", "ừ", "dạ" typed where a name, a note or a report line is asked: nothing is stored. */
  notAnAnswer: (typed: string) => `"${typed}" chưa phải câu trả lời, nên chưa ghi gì.`,
  /** "quay lại" at the first question, or where there is nothing before. */
  nothingBefore: 'Không có bước nào trước đó để quay lại.',
  lost: 'Việc đang làm dở đã cũ nên không tiếp tục được. Xin gõ lại lệnh.',
  /** Problems of one message in one reply: the first few, then how many more. */
  problems: (shown: string[], more: number) =>
    more > 0 ? `${shown.join('\n')}\n… và ${more} chỗ khác cần sửa.` : shown.join('\n'),
} as const;
