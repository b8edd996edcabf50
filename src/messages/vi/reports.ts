/** Texts of the monthly status report (`baocao`): asking, reading back, viewing, sending back, reminding. */
import type { FieldError, ReportDraft, Section } from '../../domain/reports/draft';

export const SECTION_NAMES: Record<Section, string> = {
  security: 'An ninh, trật tự',
  production: 'Sản xuất, đời sống',
  petitions: 'Kiến nghị của dân',
  difficulties: 'Khó khăn, vướng mắc',
  proposals: 'Đề xuất',
};

const month = (label: string) => `tháng ${label}`;
const none = '(không có)';

function petitionsLine(d: ReportDraft): string {
  if (d.petitionsRaised === undefined || d.petitionsResolved === undefined) return '—';
  if (d.petitionsRaised === 0) return d.petitionsText ? `không có — ${d.petitionsText}` : 'không có';
  const counts = `${d.petitionsRaised} (đã giải quyết ${d.petitionsResolved})`;
  return d.petitionsText ? `${counts} — ${d.petitionsText}` : counts;
}

/** The report's content, one section a line. */
export function reportBody(d: ReportDraft): string {
  return [
    `• ${SECTION_NAMES.security}: ${d.security ?? '—'}`,
    `• ${SECTION_NAMES.production}: ${d.production ?? '—'}`,
    `• ${SECTION_NAMES.petitions}: ${petitionsLine(d)}`,
    `• ${SECTION_NAMES.difficulties}: ${d.difficulties ?? none}`,
    `• ${SECTION_NAMES.proposals}: ${d.proposals ?? none}`,
  ].join('\n');
}

export const reports = {
  buttons: {
    send: 'Gửi báo cáo',
    none: 'Không có',
    missing: (label: string) => `Tháng ${label} (còn thiếu)`,
    period: (label: string) => `Tháng ${label}`,
  },
  questions: {
    security: 'Tình hình an ninh, trật tự trong tháng thế nào? (gõ vài câu ngắn)',
    production: 'Sản xuất, đời sống của bà con trong tháng thế nào?',
    petitions:
      'Kiến nghị của dân: có bao nhiêu, đã giải quyết bao nhiêu, nội dung chính?\n' +
      'Ví dụ: 3/2 đường liên thôn xuống cấp. Không có kiến nghị thì gõ 0.',
    difficulties: 'Chi bộ có khó khăn, vướng mắc gì? Không có thì chọn "Không có".',
    proposals: 'Chi bộ có đề xuất gì lên cấp trên? Không có thì chọn "Không có".',
  } satisfies Record<Section, string>,
  /** How each section is typed, for the one question about what a one-message report left out. */
  examples: {
    security: 'an ninh ổn định',
    production: 'sản xuất lúa đạt',
    petitions: 'kiến nghị 3/2 (hoặc: không có kiến nghị)',
    difficulties: 'khó khăn thiếu kinh phí',
    proposals: 'đề xuất hỗ trợ',
  } satisfies Record<Section, string>,
  filedUnder: (sections: string) => `Đã ghi vào mục: ${sections}.`,
  kept: 'Báo cáo tháng đang viết dở đã được giữ lại; gõ baocao để viết tiếp.',
  resumed: 'Đồng chí đang viết dở báo cáo. Tiếp tục:',
  replaced: 'Báo cáo viết dở trước đó đã được thay bằng nội dung mới này.',
  fieldError: (section: Section, error: FieldError, length?: number): string => {
    const name = SECTION_NAMES[section];
    switch (error) {
      case 'empty':
        return `Mục "${name}" đang để trống.`;
      case 'too_long':
        return `Mục "${name}" dài quá 500 ký tự${length ? ` (đang có ${length})` : ''}. Xin viết gọn lại.`;
      case 'numbers':
        return 'Không đọc được số kiến nghị. Xin gõ: số kiến nghị / số đã giải quyết, rồi nội dung. Ví dụ: 3/2 đường liên thôn xuống cấp.';
      case 'resolved_missing':
        return 'Mới có số kiến nghị, chưa có số đã giải quyết. Xin gõ dạng 3/2 (3 kiến nghị, đã giải quyết 2).';
      case 'resolved_gt_raised':
        return 'Số kiến nghị đã giải quyết lớn hơn số kiến nghị nhận được. Xin gõ lại, ví dụ 3/2 (3 kiến nghị, đã giải quyết 2).';
      case 'too_many':
        return 'Số kiến nghị quá lớn, xin kiểm tra lại. Ví dụ: 3/2.';
      case 'negative':
        return 'Số kiến nghị không thể là số âm. Xin gõ: số kiến nghị / số đã giải quyết, ví dụ 3/2.';
    }
  },
  nothingRead:
    'Không đọc được mục nào của báo cáo nên chưa lưu gì.\n' +
    'Gửi một tin: baocao thang 11 an ninh ổn định, sản xuất lúa đạt, kiến nghị 3 đã giải quyết 2, đề xuất hỗ trợ kinh phí\n' +
    'Hoặc gõ "baocao" để trả lời từng câu.',
  empty:
    'Báo cáo đang trống: chưa mục nào có nội dung nên chưa lưu gì. Xin ghi ít nhất tình hình an ninh và sản xuất.',
  unknownParts: (parts: string[]) =>
    `Chưa rõ thuộc mục nào nên không lấy: ${parts.map((p) => `"${p}"`).join(', ')}`,
  periodInvalid: (typed: string) => `Không hiểu tháng "${typed}". Xin gõ dạng: thang 11 hoặc 11/2026.`,
  periodFuture: 'Tháng này chưa đến nên chưa gửi báo cáo được. Xin kiểm tra lại tháng.',
  choosePeriod: 'Báo cáo cho tháng nào?',
  chooseUnit: 'Đồng chí phụ trách nhiều chi bộ. Báo cáo này của chi bộ nào?',
  unitUnknown: (word: string) => `Không tìm thấy chi bộ "${word}" trong phạm vi của đồng chí.`,
  notMyCell: (unit: string) =>
    `Đồng chí không phải bí thư của ${unit} nên không gửi được báo cáo của chi bộ này. Không có gì được lưu.`,
  notSender:
    'Chỉ bí thư hoặc phó bí thư chi bộ gửi được báo cáo tháng.\nĐể xem: baocao xem MÃ_CHI_BỘ 11/2026. Để trả lại: baocao tralai MÃ_CHI_BỘ 11/2026 lý do.',
  start: (unit: string, label: string) =>
    `Báo cáo ${month(label)} — ${unit}. Gõ "huy" để thoát; phần đã trả lời được giữ lại.`,
  lateNote: (label: string) =>
    `${month(label)[0]!.toUpperCase()}${month(label).slice(1)} đã qua nên báo cáo sẽ ghi là nộp muộn.`,
  readBack: (unit: string, label: string, body: string) =>
    `Xin kiểm tra báo cáo ${month(label)} — ${unit}:\n${body}`,
  correctionNote: (label: string, revision: number) =>
    `Báo cáo ${month(label)} đã gửi; lưu lần này sẽ thành bản sửa (bản ${revision}).`,
  returnedNote: (note: string) => `Báo cáo đang được trả lại để bổ sung. Lý do: "${note}".`,
  confirmHint:
    'Đúng thì chọn Gửi báo cáo. Muốn sửa, gõ mục cần sửa (ví dụ: kiến nghị 3/3 đã xong) hoặc chọn Sửa một mục.',
  saved: (label: string, late: boolean) =>
    `Đã gửi báo cáo ${month(label)}${late ? ' (nộp muộn)' : ''}. Cảm ơn đồng chí!`,
  savedCorrection: (label: string, revision: number) =>
    `Đã lưu bản sửa báo cáo ${month(label)} (bản ${revision}). Các bản trước vẫn được giữ.`,
  savedResent: (label: string) => `Cấp trên sẽ được báo là báo cáo ${month(label)} đã được bổ sung.`,
  noReportToFix: (label: string) => `Chưa có báo cáo ${month(label)} để sửa. Gõ "baocao" để gửi.`,
  noReportAtAll: (unit: string) => `${unit} chưa gửi báo cáo tháng nào. Gõ "baocao" để gửi.`,
  viewNone: (unit: string, label: string) => `${unit} chưa gửi báo cáo ${month(label)}.`,
  viewHeader: (unit: string, label: string) => `Báo cáo ${month(label)} — ${unit}`,
  viewStatusSubmitted: (late: boolean) => `Trạng thái: đã gửi${late ? ' (nộp muộn)' : ''}.`,
  viewStatusReturned: (note: string, by: string, at: string) =>
    `Trạng thái: cần bổ sung — trả lại ${at} bởi đ/c ${by}: "${note}".`,
  viewRevision: (n: number, at: string, by: string) => `Bản ${n}: ${at} — đ/c ${by}`,
  viewUsage: 'Xem báo cáo: baocao xem MÃ_CHI_BỘ [tháng]. Ví dụ: baocao xem KP3 11/2026',
  returnUsage:
    'Trả lại báo cáo để bổ sung: baocao tralai MÃ_CHI_BỘ THÁNG lý do.\nVí dụ: baocao tralai KP3 11/2026 thiếu số kiến nghị',
  returnNoNote:
    'Xin ghi lý do trả lại để bí thư biết cần bổ sung gì. Ví dụ: baocao tralai KP3 11/2026 thiếu số kiến nghị',
  returnNoteTooLong: 'Lý do trả lại dài quá 500 ký tự. Xin viết gọn lại.',
  returnNotAllowed: (unit: string) =>
    `Chỉ cán bộ tổ chức phụ trách ${unit} mới trả lại được báo cáo của chi bộ này.`,
  returnNothing: (unit: string, label: string) =>
    `${unit} chưa gửi báo cáo ${month(label)} nên chưa có gì để trả lại.`,
  returnAlready: (unit: string, label: string) =>
    `Báo cáo ${month(label)} của ${unit} đang ở trạng thái trả lại, chờ bí thư bổ sung.`,
  returnDone: (unit: string, label: string, count: number) =>
    count > 0
      ? `Đã trả lại báo cáo ${month(label)} của ${unit} và nhắn lý do cho ${count} đồng chí bí thư. Khi chi bộ gửi lại, tôi sẽ báo đồng chí.`
      : `Đã trả lại báo cáo ${month(label)} của ${unit}. Chi bộ chưa có bí thư liên kết với chibo nên chưa nhắn được.`,
  returnedToSecretary: (unit: string, label: string, note: string, by: string) =>
    `Báo cáo ${month(label)} của ${unit} được trả lại để bổ sung (đ/c ${by}).\nLý do: "${note}".\n` +
    `Gõ "baocao sua ${label}" để sửa và gửi lại.`,
  resentToCoordinator: (unit: string, code: string, label: string, revision: number) =>
    `${unit} đã bổ sung và gửi lại báo cáo ${month(label)} (bản ${revision}). Xem: baocao xem ${code} ${label}`,
  remindFirst: (unit: string, label: string, lastDay: string) =>
    `Nhắc việc: ${unit} chưa gửi báo cáo ${month(label)}. Hạn đến hết ngày ${lastDay}.\n` +
    'Gõ "baocao" để trả lời từng câu, hoặc gửi một tin: baocao thang ' +
    `${label.split('/')[0]}: anninh ...; sanxuat ...; kiennghi 3/2 ...; dexuat ...`,
  remindLast: (unit: string, label: string) =>
    `Hôm nay là ngày cuối tháng: ${unit} vẫn chưa gửi báo cáo ${month(label)}. Gõ "baocao" để gửi ngay.`,
  remindReturned: (unit: string, label: string) =>
    `Nhắc việc: báo cáo ${month(label)} của ${unit} đã được trả lại và chưa bổ sung. Gõ "baocao sua ${label}" để sửa và gửi lại.`,
  escalation: (commune: string, label: string, lines: string[]) =>
    `Báo cáo ${month(label)} — ${commune}: ${lines.length} chi bộ chưa gửi (đã quá hạn):\n${lines.join('\n')}`,
  escalationLine: (code: string, name: string, returned: boolean, secretaries: string) =>
    `• ${code} — ${name}${returned ? ' (đã trả lại, chưa bổ sung)' : ''}${secretaries ? `; bí thư: ${secretaries}` : '; chưa có bí thư liên kết'}`,
} as const;
