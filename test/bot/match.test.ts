import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index';
import { matchCommand } from '../../src/bot/match';

describe('command recognition', () => {
  it.each([
    ['/batdau K7M2QX', 'batdau', 'K7M2QX'],
    ['batdau K7M2QX', 'batdau', 'K7M2QX'],
    ['bat dau K7M2QX', 'batdau', 'K7M2QX'],
    ['BẮT ĐẦU K7M2QX', 'batdau', 'K7M2QX'],
    ['Bắt đầu   k7m2qx', 'batdau', 'k7m2qx'],
    ['/start@chibo_bot K7M2QX', 'batdau', 'K7M2QX'],
    ['/start K7M2QX', 'batdau', 'K7M2QX'],
    ['/ batdau', 'batdau', ''],
    ['trogiup', 'trogiup', ''],
    ['Trợ giúp', 'trogiup', ''],
    ['/HELP', 'trogiup', ''],
    ['/help@chibo_bot', 'trogiup', ''],
    ['tôi', 'toi', ''],
    ['/me', 'toi', ''],
    ['Mời bithu KP3 Nguyễn Văn An', 'moi', 'bithu KP3 Nguyễn Văn An'],
    ['/invite giamsat XQS', 'moi', 'giamsat XQS'],
    ['hủy', 'huy', ''],
    ['/cancel', 'huy', ''],
    ['batdau: K7M2QX', 'batdau', 'K7M2QX'],
    ['\u200Bbatdau K7M2QX', 'batdau', 'K7M2QX'],
    // abbreviations, slips of one letter, extra words, courtesy and emoji around the command
    ['bc thang 11', 'baocao', 'thang 11'],
    ['gs xem', 'giamsat', 'xem'],
    ['tonhop quy 4', 'tonghop', 'quy 4'],
    ['tonghp', 'tonghop', ''],
    ['baocoa', 'baocao', ''],
    ['lcih', 'lich', ''],
    ['hop chi bo 5/12 co mat 23/27', 'hop', '5/12 co mat 23/27'],
    ['lich hop chi bo 5/12 19h', 'lich', '5/12 19h'],
    ['trogiup ạ', 'trogiup', ''],
    ['lich nhé?', 'lich', ''],
    ['🙏 toi', 'toi', ''],
    ['Báo cáo tháng 11 nhé 🙂', 'baocao', 'tháng 11'],
    // Telex keys left by a keyboard that was off: tone letters, "w", doubled vowels.
    ['baos caos thangs 11', 'baocao', 'thangs 11'],
    ['hopj 30/11 co mat 20/25', 'hop', '30/11 co mat 20/25'],
    ['lichj', 'lich', ''],
    ['giams sats xem', 'giamsat', 'xem'],
    ['toongr howpj quy 4', 'tonghop', 'quy 4'],
    ['thoong baos', 'thongbao', ''],
  ])('%s → %s', (text, name, args) => {
    const m = matchCommand(text, commands);
    expect(m?.command.name).toBe(name);
    expect(m?.args).toBe(args);
  });

  it.each([
    'xin chào',
    'batdauK7',
    '',
    '   ',
    '/',
    '5',
    'bat',
    'thoai mai',
    'noi dung',
    '🙂',
    'a',
    'ok',
    'on dinh',
    'tots',
  ])('does not treat %j as a command', (text) => {
    expect(matchCommand(text, commands)).toBeNull();
  });

  it('keeps the line breaks of a report written on several lines', () => {
    const m = matchCommand('baocao thang 11\n- an ninh: tot\n- san xuat: kha', commands);
    expect(m?.command.name).toBe('baocao');
    expect(m?.lines).toBe('thang 11\n- an ninh: tot\n- san xuat: kha');
    expect(m?.args).toBe('thang 11 - an ninh: tot - san xuat: kha');
  });

  it('takes a slip only when one command alone is that close, and never for huy', () => {
    expect(matchCommand('thoat', commands)?.command.name).toBe('huy');
    expect(matchCommand('thoai', commands)).toBeNull();
    expect(matchCommand('baocao', commands)?.fuzzy).toBeUndefined();
    expect(matchCommand('baocoa', commands)?.fuzzy).toBe(true);
  });

  it('every command name is a valid Telegram menu entry', () => {
    for (const c of commands) expect(c.name).toMatch(/^[a-z0-9_]{1,32}$/);
  });

  it('no alias belongs to two commands', () => {
    const seen = new Map<string, string>();
    for (const c of commands) {
      for (const a of [c.name, ...c.aliases]) {
        expect(seen.get(a) ?? c.name, `alias ${a}`).toBe(c.name);
        seen.set(a, c.name);
      }
    }
  });
});
