/**
 * Bytes as old Windows programs write them, for files the CSV reader must recognise: Windows-1258
 * (Vietnamese: base letters with combining tone marks, as Microsoft's encoder writes them),
 * Windows-1252 (a Western Excel: letters it lacks become "?"), UTF-16 with and without BOM.
 */

function tableOf(label: string): Map<string, number> {
  const decoder = new TextDecoder(label);
  const map = new Map<string, number>();
  for (let b = 0; b < 256; b++) {
    const ch = decoder.decode(new Uint8Array([b]));
    if (ch !== '\uFFFD' && !map.has(ch)) map.set(ch, b);
  }
  return map;
}

/** Each character precomposed when the code page has it, else its base (with hat, breve or horn) plus tone mark bytes. */
export function encodeLegacy(text: string, label: 'windows-1258' | 'windows-1252'): Uint8Array {
  const table = tableOf(label);
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const direct = table.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    const [base = '', ...marks] = [...ch.normalize('NFD')];
    // Keep a shape mark (â ă ơ …) on the base when the code page has that letter.
    let head = base;
    for (let i = marks.findIndex((m) => table.has((head + m).normalize('NFC'))); i >= 0; ) {
      head = (head + marks.splice(i, 1)[0]).normalize('NFC');
      i = marks.findIndex((m) => table.has((head + m).normalize('NFC')));
    }
    const bytes = [head, ...marks].map((c) => table.get(c));
    if (bytes.some((b) => b === undefined))
      out.push(0x3f); // "?", as Excel writes a letter it cannot save
    else out.push(...(bytes as number[]));
  }
  return Uint8Array.from(out);
}

export function encodeUtf16(text: string, order: 'le' | 'be', bom = true): Uint8Array {
  const out: number[] = bom ? (order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : [];
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (order === 'le') out.push(u & 0xff, u >> 8);
    else out.push(u >> 8, u & 0xff);
  }
  return Uint8Array.from(out);
}
