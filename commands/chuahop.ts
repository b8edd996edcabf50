import { laggardCommand } from './laggards';

export default laggardCommand('chuahop', 'unmet', {
  aliases: ['chuahop', 'chua hop', 'unmet', 'chi bo chua hop'],
  summary: 'Các chi bộ chưa ghi buổi sinh hoạt trong kỳ, theo xã, kèm tên bí thư',
  example: 'chuahop thang truoc',
});
