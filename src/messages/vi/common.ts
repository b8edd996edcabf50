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
  notLinked:
    'Chào đồng chí! Tài khoản này chưa được liên kết với chibo.\n' +
    'Xin mã mời từ cán bộ Ban Tổ chức của xã/phường, rồi gửi: batdau MÃ (ví dụ: batdau 4827 1936 0512 3384).',
  linkedPeople: 'người đã liên kết',
  notAllowed: (command: string, roles: string) =>
    `Đồng chí không dùng được lệnh "${command}". Lệnh này dành cho: ${roles}.`,
  unknown: 'Tôi chưa hiểu tin nhắn này. Các lệnh đồng chí có thể dùng:',
  unsupported: 'Tôi chỉ đọc được tin nhắn chữ. Xin đồng chí gõ câu trả lời bằng chữ hoặc số.',
  unsupportedIdle: 'Tôi chỉ đọc được tin nhắn chữ. Gõ "trogiup" để xem các lệnh.',
  internalError:
    'Xin lỗi, hệ thống đang gặp trục trặc nên chưa lưu được. Đồng chí vui lòng gửi lại sau ít phút.',
  cancelled: 'Đã hủy, không có gì được lưu.',
  nothingToCancel: 'Không có việc nào đang làm dở để hủy.',
  choiceExpired: 'Lựa chọn này đã cũ. Gõ lại lệnh để bắt đầu lại.',
  groupPrivateOnly: 'Việc này làm trong tin nhắn riêng với chibo. Tôi đã nhắn riêng cho đồng chí.',
} as const;
