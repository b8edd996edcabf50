import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/channels/split';

const graphemes = (s: string) =>
  [...new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

describe('splitText: long replies in parts the platform takes', () => {
  it('keeps lines whole and every part within the limit', () => {
    const lines = Array.from(
      { length: 300 },
      (_, i) => `${i + 1}. Chi bộ thôn ${i + 1}: đã họp, 12/15 có mặt`,
    );
    const parts = splitText(lines.join('\n'), 2000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });

  it('cuts a line longer than the limit at a space, not inside a word', () => {
    const line = 'Kiến nghị của nhân dân về đường liên thôn '.repeat(120);
    const words = new Set(line.split(' '));
    const parts = splitText(line, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      for (const word of part.split(' ')) expect(words.has(word)).toBe(true);
    }
  });

  it.each([
    ['an emoji made of several (family, flag)', '👨‍👩‍👧🇻🇳'],
    ['a letter with combining marks (typed on some keyboards)', 'Ta\u0302\u0301n'],
    ['a surrogate pair', '😀'],
  ])('never cuts %s, even in a run with no space', (_, unit) => {
    const run = unit.repeat(40);
    for (const limit of [9, 10, 11, 13, 17]) {
      const parts = splitText(run, limit);
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(limit);
        expect(graphemes(part).every((g) => graphemes(unit).includes(g))).toBe(true);
      }
      expect(parts.join('')).toBe(run);
    }
  });
});
