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
      if (cut <= 0) cut = limit;
      // Never split a UTF-16 surrogate pair.
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    current = rest;
  }
  push();
  return parts.length > 0 ? parts : [''];
}

/** Renders button rows as a numbered text menu for platforms without buttons. */
export function numberedMenu(rows: { label: string }[][]): string {
  const flat = rows.flat();
  const lines = flat.map((b, i) => `${i + 1}. ${b.label}`);
  return lines.join('\n');
}
