import { laggardCommand } from './laggards';

export default laggardCommand('chuabaocao', 'unreported', {
  aliases: ['chuabaocao', 'chua bao cao', 'unreported', 'chuabc', 'chua bc'],
  summary: 'Các chi bộ chưa gửi báo cáo (hoặc bị trả lại) trong kỳ, theo xã, kèm tên bí thư',
  example: 'chuabaocao 11/2026',
});
