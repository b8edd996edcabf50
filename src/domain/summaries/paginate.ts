/**
 * Splits a long answer into pages that each fit one message of the platform, footer included.
 * Pages are recomputed on every "xem tiếp" (nothing but the page number is stored), so a page is a
 * pure function of the lines and the limit.
 */
import { splitText } from '../../channels/split';

export interface Page {
  text: string;
  page: number;
  pages: number;
}

export interface PageLayout {
  header: string[];
  body: string[];
  continued: string;
  footer(page: number, pages: number): string;
}

export function paginate(layout: PageLayout, limit: number): Page[] {
  const whole = [...layout.header, ...layout.body].join('\n');
  if (whole.length <= limit) return [{ text: whole, page: 1, pages: 1 }];

  // Room for the footer at its widest (page numbers of up to 4 digits) and the longer header.
  const footerRoom = layout.footer(9999, 9999).length + 1;
  const firstHead = layout.header.join('\n');
  const laterHead = layout.continued;
  const room = (first: boolean) => limit - footerRoom - (first ? firstHead.length : laterHead.length) - 1;
  const minRoom = Math.min(room(true), room(false));
  if (minRoom < 20) throw new RangeError('limit too small for header and footer');

  const bodies: string[] = [];
  let current = '';
  const capacity = () => room(bodies.length === 0);
  for (const raw of layout.body) {
    for (const line of splitText(raw, minRoom)) {
      const candidate = current.length === 0 ? line : `${current}\n${line}`;
      if (candidate.length <= capacity()) current = candidate;
      else {
        bodies.push(current);
        current = line;
      }
    }
  }
  if (current.length > 0 || bodies.length === 0) bodies.push(current);
  const pages = bodies.length;
  return bodies.map((b, i) => {
    const head = i === 0 ? firstHead : laterHead;
    const parts = [head, b];
    if (i < pages - 1 || pages > 1) parts.push(layout.footer(i + 1, pages));
    return { text: parts.filter((p) => p.length > 0).join('\n'), page: i + 1, pages };
  });
}
