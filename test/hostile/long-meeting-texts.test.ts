/**
 * A meeting's place, topic, upper-level attendee and note as a secretary pastes them. Over the
 * limit they are refused with it, at the same question, nothing saved; they used to be cut to
 * their start and saved as if that were what was typed. The one-line form and the step-by-step
 * answer behave the same, and the limit counts characters as seen (an emoji is one).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { meetingRecords, meetings, units } from '../../db/schema';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness('2026-12-06T03:00:00Z');
  await h.unit('XA1', 'Đảng bộ xã Một', 'commune');
  await h.unit('CB1', 'Chi bộ thôn Một', 'cell', 'XA1', { memberCount: 30 });
  await h.person('sec', 'Bí Thư', [{ role: 'secretary', unit: 'CB1' }]);
});
const text = async (said: string) => (await h.say('sec', said)).map((m) => m.text ?? '').join('\n');
/** `n` characters of Vietnamese words, each letter with its tone mark. */
const words = (n: number) =>
  'chuyển đổi số ở thôn '
    .repeat(Math.ceil(n / 21))
    .slice(0, n)
    .trim();
const records = () => h.db.select().from(meetingRecords).all();

describe('hop: topic, attendee and note over the limit', () => {
  const line = 'hop 5/12 co mat 27/30 vang co ly do 3';

  it('a topic in one line: refused with 200, nothing begun or saved', async () => {
    const answer = await text(`${line} chuyen de ${words(250)} xep loai tot`);
    expect(answer).toContain('Chuyên đề dài quá');
    expect(answer).toContain('tối đa 200');
    await h.say('sec', 'luu');
    expect(await records()).toEqual([]);
  });

  it('a topic as the answer: refused, the question stays, a shorter one is saved whole', async () => {
    await h.say('sec', `${line} chuyen de xep loai tot`);
    const answer = await text(words(250));
    expect(answer).toContain('tối đa 200');
    expect(answer).toContain('Chuyên đề về nội dung gì?');
    const topic = words(200);
    expect(await text(topic)).toContain('Xin kiểm tra biên bản');
    await h.say('sec', 'luu');
    expect((await records()).map((r) => r.topic)).toEqual([topic]);
  });

  it('an attendee in one line: refused with 100', async () => {
    const answer = await text(`${line} cap tren du ${words(150)} xep loai tot`);
    expect(answer).toContain('tối đa 100');
    await h.say('sec', 'luu');
    expect(await records()).toEqual([]);
  });

  it('an attendee typed at the question: refused, the question stays', async () => {
    for (const said of ['hop', '5/12', '27/30', '3']) await h.say('sec', said);
    const answer = await text(`đồng chí ${words(150)}`);
    expect(answer).toContain('tối đa 100');
    expect(answer).toContain('Có đồng chí cấp trên dự họp không?');
    expect(await text('đồng chí Dũng')).toContain('loại nào');
  });

  it('a note in one line and at the question: refused with 500; a shorter one saved whole', async () => {
    expect(await text(`${line} xep loai tot ghi chu ${words(600)}`)).toContain('tối đa 500');
    for (const said of ['hop', '5/12', '27/30', '3', 'không', 'tốt']) await h.say('sec', said);
    const answer = await text(words(600));
    expect(answer).toContain('Ghi chú dài quá (600 ký tự, tối đa 500)');
    expect(answer).toContain('Ghi chú ngắn');
    const note = words(500);
    await h.say('sec', note);
    await h.say('sec', 'luu');
    expect((await records()).map((r) => r.note)).toEqual([note]);
  });

  it('a note of 300 emoji is 300 characters: kept whole, not cut mid-emoji', async () => {
    // 1,203 UTF-16 units. (Ending in a word: emoji ending a one-line command are taken as decoration.)
    const note = `${'👍🏽'.repeat(300)} ổn`;
    await h.say('sec', `${line} xep loai tot ghi chu ${note}`);
    await h.say('sec', 'luu');
    expect((await records()).map((r) => r.note)).toEqual([note]);
  });
});

describe('lich: place and topic over the limit', () => {
  const planned = () => h.db.select().from(meetings).all();

  it('a place in one line: refused with 200, nothing saved', async () => {
    const answer = await text(`lich 20/12 19h30 tai ${words(250)}`);
    expect(answer).toContain('Nơi họp dài quá');
    expect(answer).toContain('tối đa 200');
    await h.say('sec', 'luu');
    expect(await planned()).toEqual([]);
  });

  it('a place joined from parts with a comma counts whole', async () => {
    const answer = await text(`lich 20/12 19h30 tai nha van hoa thon 3, ${words(250)}`);
    expect(answer).toContain('tối đa 200');
  });

  it('a topic in one line: refused with 200', async () => {
    expect(await text(`lich 20/12 19h30 tai nha van hoa, chuyen de: ${words(250)}`)).toContain(
      'Chuyên đề dài quá',
    );
  });

  it('a place as the answer to the hour: refused, the question stays, a shorter one saved whole', async () => {
    await h.say('sec', 'lich 20/12');
    const answer = await text(`19h30 tai ${words(250)}`);
    expect(answer).toContain('tối đa 200');
    expect(answer).toContain('lúc mấy giờ?');
    const place = words(200);
    expect(await text(`19h30 tai ${place}`)).toContain('Xin kiểm tra lịch họp');
    await h.say('sec', 'luu');
    expect((await planned()).map((m) => m.place)).toEqual([place]);
  });

  it('a monthly rule whose place is too long: refused, no rule saved', async () => {
    const answer = await text(`lich hang thang ngay 5 19:30 tai ${words(250)}`);
    expect(answer).toContain('Nơi họp dài quá');
    await h.say('sec', 'luu');
    expect((await h.db.select().from(units).all()).map((u) => u.meetingRule)).toEqual([null, null]);
  });
});
