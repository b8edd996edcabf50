/**
 * Guessing invite codes, as an attacker with one account and with forty, and as an elderly person
 * with a phone keyboard. Real pipeline, real SQLite, a hand-moved clock.
 */
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chatIdentities } from '../../db/schema';
import type { Logger } from '../../src/deps';
import { OVERALL_LIMIT, PER_CHAT_LIMIT } from '../../src/domain/invites/attempts';
import { CODE_DIGITS, dammDigit, newInviteCode, readInviteCode } from '../../src/domain/invites/code';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
let logged: { level: string; msg: string; data?: Record<string, unknown> }[];

beforeEach(async () => {
  h = await createHarness('2026-11-26T03:00:00Z');
  await h.unit('XQS', 'Đảng bộ xã Quan Sơn', 'commune');
  await h.unit('KP3', 'Chi bộ khu phố 3', 'cell', 'XQS');
  await h.person('coord', 'Phạm Thị Dung', [{ role: 'coordinator', unit: 'XQS' }]);
  logged = [];
  const capture =
    (level: string) =>
    (msg: string, data?: Record<string, unknown>): void => {
      logged.push({ level, msg, data });
    };
  h.deps.log = {
    debug: capture('debug'),
    info: capture('info'),
    warn: capture('warn'),
    error: capture('error'),
  } satisfies Logger;
});
afterEach(() => h.close());

const codeIn = (text: string) => /Mã mời: ([0-9 ]+[0-9])/.exec(text)![1]!;
const realCode = async () => codeIn((await h.say('coord', 'moi bithu KP3 Nguyễn Văn An'))[0]!.text);
const linked = async (chatId: string) =>
  (await h.db.select().from(chatIdentities).where(eq(chatIdentities.externalId, chatId)).all()).length > 0;
/** A code that passes the check digit, so it is looked up, and almost surely does not exist. */
const guess = () => newInviteCode();

describe('guessing from one account', () => {
  it('after five misses even the right code is refused, calmly, until the hour has passed', async () => {
    const code = await realCode();
    for (let i = 0; i < PER_CHAT_LIMIT.max; i++) {
      const [miss] = await h.say('attacker', `batdau ${guess()}`);
      expect(miss!.text).toContain('không đúng');
    }
    const [refused] = await h.say('attacker', `batdau ${code}`);
    expect(refused!.text).toContain('nhập sai mã nhiều lần');
    expect(refused!.text).toMatch(/đợi đến \d{2}:\d{2}/);
    expect(await linked('attacker')).toBe(false);
    expect(logged.filter((l) => l.msg.includes('chat limit reached'))).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain(code.replace(/ /g, ''));

    // 49 more tries change nothing, and are not even looked up.
    for (let i = 0; i < 49; i++) await h.say('attacker', `batdau ${guess()}`);
    expect(await linked('attacker')).toBe(false);

    h.advance(60 * 60_000 + 1);
    const [ok] = await h.say('attacker', `batdau ${code}`);
    expect(ok!.text).toContain('Đã liên kết');
  });
});

describe('guessing from many accounts', () => {
  it('2,000 guesses from 400 accounts get at most the overall limit of lookups, and no real code links', async () => {
    const code = await realCode();
    let looked = 0;
    for (let round = 0; round < 5; round++) {
      for (let a = 0; a < 400; a++) {
        const [answer] = await h.say(`bot-${a}`, `batdau ${guess()}`, { platform: 'telegram' });
        if (answer!.text.includes('không đúng')) looked++;
      }
    }
    expect(looked).toBe(OVERALL_LIMIT.max);
    expect(logged.filter((l) => l.msg.includes('overall limit reached'))).toHaveLength(1);

    // A fresh account with the real code is refused too, or guessing would simply go on.
    const [refused] = await h.say('fresh-account', `batdau ${code}`, { platform: 'telegram' });
    expect(refused!.text).toContain('tạm ngừng nhận mã');
    expect(await linked('fresh-account')).toBe(false);

    h.advance(60 * 60_000 + 1);
    const [ok] = await h.say('fresh-account', `batdau ${code}`, { platform: 'telegram' });
    expect(ok!.text).toContain('Đã liên kết');
  });

  it('typos caught by the check digit do not use up the limit everybody shares', async () => {
    const code = await realCode();
    for (let a = 0; a < OVERALL_LIMIT.max * 2; a++) {
      const typo = `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;
      const [answer] = await h.say(`elder-${a}`, `batdau ${typo}`);
      expect(answer!.text).toContain('gõ sai');
    }
    const [ok] = await h.say('elder-0', `batdau ${code}`);
    expect(ok!.text).toContain('Đã liên kết');
  });
});

describe('the codes themselves', () => {
  it('are 16 digits shown in groups of four, without letters a Telex or VNI keyboard could change', async () => {
    const shown = await realCode();
    expect(shown).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    for (let i = 0; i < 200; i++) expect(newInviteCode()).toMatch(/^\d{16}$/);
  });

  it('are read back whatever the spacing, dashes or full-width digits of a phone', async () => {
    const code = await realCode();
    const raw = code.replace(/ /g, '');
    const fullWidth = [...raw].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    expect(readInviteCode(`  ${raw.slice(0, 8)}-${raw.slice(8)} `)).toEqual({ kind: 'ok', code: raw });
    expect(readInviteCode(fullWidth)).toEqual({ kind: 'ok', code: raw });
    expect(readInviteCode(`mã ${code} ạ`)).toEqual({ kind: 'ok', code: raw });
    const [ok] = await h.say('phone', `Bắt đầu ${raw.slice(0, 4)}.${raw.slice(4, 8)}.${raw.slice(8)} ạ`);
    expect(ok!.text).toContain('Đã liên kết');
  });

  it('catch every single wrong digit and every swap of two neighbours before any lookup', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'0123456789'),
          minLength: CODE_DIGITS - 1,
          maxLength: CODE_DIGITS - 1,
        }),
        fc.nat(CODE_DIGITS - 1),
        fc.integer({ min: 1, max: 9 }),
        (body, at, delta) => {
          const code = body + String(dammDigit(body));
          const wrong = code.slice(0, at) + String((Number(code[at]) + delta) % 10) + code.slice(at + 1);
          expect(readInviteCode(wrong).kind).toBe('typo');
          const i = Math.min(at, CODE_DIGITS - 2);
          if (code[i] !== code[i + 1]) {
            const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
            expect(readInviteCode(swapped).kind).toBe('typo');
          }
        },
      ),
    );
  });

  it('the 6-character codes of earlier versions are refused with a way forward', async () => {
    const [old] = await h.say('p1', 'batdau K7M2QX');
    expect(old!.text).toContain('mẫu cũ');
    expect(old!.text).toContain('cấp mã mới');
  });
});
