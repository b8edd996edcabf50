/**
 * The details typed after a meeting's date and time: `tai nha van hoa, chuyen de: chuyen doi so`.
 * Parts are separated by commas; the place keeps the user's spelling.
 */
import type { MeetingKind } from '../../../db/schema';
import { overLimit } from '../../text/length';
import { cleanText, fold } from '../../text/normalize';
import { MAX_PLACE, MAX_TOPIC } from './limits';

export interface MeetingDetails {
  place?: string;
  kind?: MeetingKind;
  topic?: string;
  /** A part that is none of the above. */
  unknown?: string;
  /** The place or topic is over its limit: refused whole, never cut. */
  tooLong?: { part: 'place' | 'topic'; length: number; max: number };
}

const merge = (a: MeetingKind | undefined, b: MeetingKind): MeetingKind => (a && a !== b ? 'both' : b);

/** "sh chuyên đề", "sinh hoạt thường kỳ", "họp chuyên đề": the kind may follow the word for meeting. */
const MEETING = '^(?:(?:sh|sinh hoat|hop)\\s+)?';

/** Each part's opening words (folded), most specific first. */
const PARTS: { re: RegExp; part: 'place' | 'other'; kind?: MeetingKind; topic?: boolean }[] = [
  { re: /^(?:tai|o)\s+/, part: 'place' },
  {
    re: new RegExp(`${MEETING}(?:thuong ky|dinh ky)\\s*(?:va|ket hop voi|ket hop|\\+|&)\\s*chuyen de\\b`),
    part: 'other',
    kind: 'both',
    topic: true,
  },
  { re: new RegExp(`${MEETING}(?:ket hop|ca hai|ca 2)\\b`), part: 'other', kind: 'both', topic: true },
  { re: new RegExp(`${MEETING}chuyen de\\b`), part: 'other', kind: 'thematic', topic: true },
  { re: new RegExp(`${MEETING}(?:thuong ky|dinh ky)\\b`), part: 'other', kind: 'regular' },
  { re: /^(?:noi dung|chu de)\b/, part: 'other', topic: true },
];

export function parseMeetingDetails(input: string): MeetingDetails {
  const source = cleanText(input);
  const folded = fold(source);
  const original = folded.length === source.length ? source : folded;
  const out: MeetingDetails = {};
  let pos = 0;
  let last: 'place' | 'other' | null = null;
  for (const f of folded.split(/[,;]/)) {
    const o = original.slice(pos, pos + f.length);
    pos += f.length + 1;
    const lead = f.length - f.trimStart().length;
    const ft = f.trim();
    const ot = o.slice(lead).trim();
    if (!ft) continue;
    const hit = PARTS.find((p) => p.re.test(ft));
    if (hit) {
      const m = hit.re.exec(ft)!;
      const rest = ot
        .slice(m[0].length)
        .replace(/^[\s:]+/, '')
        .trim();
      if (hit.part === 'place') out.place = rest;
      else {
        if (hit.kind) out.kind = hit.kind === 'both' ? 'both' : merge(out.kind, hit.kind);
        if (rest && hit.topic) out.topic = rest;
      }
      last = hit.part === 'place' ? 'place' : 'other';
    } else if (last === 'place' && out.place) {
      // "tai nha van hoa thon 3, xa Quan Son": the place itself had a comma
      out.place = `${out.place}, ${ot}`;
    } else {
      out.unknown = ot.slice(0, 40);
      return out;
    }
  }
  const place = overLimit(out.place, MAX_PLACE);
  const topic = overLimit(out.topic, MAX_TOPIC);
  if (place !== null) out.tooLong = { part: 'place', length: place, max: MAX_PLACE };
  else if (topic !== null) out.tooLong = { part: 'topic', length: topic, max: MAX_TOPIC };
  return out;
}
