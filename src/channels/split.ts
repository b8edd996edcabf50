/**
 * Splits a reply at line boundaries so that every part fits the platform's limit; a single line
 * longer than the limit is cut at a space, or hard-cut as a last resort.
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError('limit must be positive');
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let current = '';
  const push = () => {
    if (current.length > 0) parts.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current.length === 0 ? line : `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    push();
    let rest = line;
    while (rest.length > limit) {
      let cut = rest.lastIndexOf(' ', limit);
      if (cut <= 0) cut = graphemeCut(rest, limit);
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    current = rest;
  }
  push();
  return parts.length > 0 ? parts : [''];
}

const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/**
 * Where to hard-cut a run with no space: after the last whole character (grapheme) that fits, so an
 * emoji made of several (👨‍👩‍👧, a flag) or a letter typed with combining marks is never split.
 * Only a single grapheme longer than the limit is cut inside, and never inside a surrogate pair.
 */
function graphemeCut(text: string, limit: number): number {
  let cut = 0;
  // A grapheme is a few units long: looking a little past the limit finds the one that straddles it.
  for (const { index, segment } of graphemes.segment(text.slice(0, limit + 64))) {
    if (index + segment.length > limit) break;
    cut = index + segment.length;
  }
  if (cut > 0) return cut;
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff && limit > 1 ? limit - 1 : limit;
}

/** Renders button rows as a numbered text menu for platforms without buttons. */
export function numberedMenu(rows: { label: string }[][]): string {
  const flat = rows.flat();
  const lines = flat.map((b, i) => `${i + 1}. ${b.label}`);
  return lines.join('\n');
}
