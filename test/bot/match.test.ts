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
  ])('%s → %s', (text, name, args) => {
    const m = matchCommand(text, commands);
    expect(m?.command.name).toBe(name);
    expect(m?.args).toBe(args);
  });

  it.each(['xin chào', 'batdauK7', '', '   ', '/', '5', 'bat'])('does not treat %j as a command', (text) => {
    expect(matchCommand(text, commands)).toBeNull();
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
