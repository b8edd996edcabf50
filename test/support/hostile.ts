/** fast-check arbitraries for input written by an adversary, or by a phone keyboard having a bad day. */
import fc from 'fast-check';

export const HOSTILE_TOKENS = [
  "'; DROP TABLE reports; --",
  '" OR 1=1 --',
  "Robert'); DELETE FROM units;--",
  '<script>alert(1)</script>',
  '<b>đậm</b>',
  '<a href="javascript:alert(1)">x</a>',
  '&amp; &lt; &#x3C;',
  '*bold* _it_ `code` [l](http://x)',
  '\u0301\u0301\u0301', // combining acute with nothing to sit on
  'a\u0306\u0301', // ắ decomposed
  'ắ',
  '\u200b\u200c\u200d\ufeff', // zero-width
  '\u202e\u2066\u2067\u200f', // right-to-left overrides and isolates
  'مرحبا',
  'שלום',
  '👨‍👩‍👧‍👦🇻🇳💩',
  '\ud800', // lone surrogate
  '\u0000\u0007\u001b[31m',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder typed by a user, on purpose
  '%s %n ${x} {{x}}',
  '\r\n\t',
  'baocao',
  'thang 11',
  'kiennghi 3/2',
  'anninh:',
  'hop',
  'lich',
  'co mat 23/27',
  '5/12',
  '31/2/2026',
  '19h30',
  '25:99',
  'KP3',
  'XA1',
  '1e309',
  '-0',
  'NaN',
  '99999999999999999999',
  ';;;;',
  ':::',
] as const;

/** Text made of hostile tokens, random graphemes and raw code units. */
export const hostileText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TOKENS) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.nat().map(String) },
    ),
    { maxLength: 25 },
  )
  .chain((parts) => fc.constantFrom(' ', '', '; ', '\n').map((sep) => parts.join(sep)));

/** Long text: some tens of kilobytes, under the 1 MiB body limit. */
export const hugeText = fc
  .tuple(fc.constantFrom(...HOSTILE_TOKENS), fc.integer({ min: 1_000, max: 20_000 }))
  .map(([token, n]) => token.repeat(Math.ceil(n / Math.max(1, token.length))).slice(0, 60_000));

/** A JSON document nested `depth` levels, as text (JSON.stringify would recurse itself). */
export const deeplyNested = fc
  .tuple(fc.integer({ min: 100, max: 50_000 }), fc.boolean())
  .map(([depth, objects]) =>
    objects
      ? `{"update_id":1,"message":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`
      : `{"update_id":1,"message":{"message_id":1,"chat":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
  );
