/** What the meetings feature offers to setup paths: the CSV import's rule column and the demo data. */

import { DEMO_UNITS } from '../demo/seed';
import { MAX_PLACE } from '../domain/meetings/limits';
import { parseRule, ruleToJson } from '../domain/meetings/rule';
import type { RuleParser } from '../operator/import-units';

const RULE_ERRORS = {
  no_day: 'no day of the month or weekday (e.g. "ngay 5" or "thu hai dau tien")',
  no_time: 'no time (e.g. "19:30" or "19h30")',
  bad_day: 'the day must be 1–31',
  unknown_text: 'unrecognised words',
} as const;

/** `import-units` meeting_rule column: `hang thang ngay 5 19:30 tai nha van hoa`. */
export const importRuleParser: RuleParser = (text) => {
  const r = parseRule(text);
  if (r.ok) return { ok: true, json: ruleToJson(r.rule) };
  if (r.error === 'place_too_long')
    return { ok: false, error: `the place has ${r.length} characters, at most ${MAX_PLACE} (shorten it)` };
  return { ok: false, error: `${RULE_ERRORS[r.error]}${r.detail ? ` ("${r.detail}")` : ''}` };
};

/** Demo cells meet on the 5th at 19:30 in the cultural house, as many real village cells do. */
export function demoRuleFor(code: string): string | null {
  const unit = DEMO_UNITS.find((u) => u.code === code);
  if (unit?.kind !== 'cell') return null;
  return ruleToJson({ type: 'day', day: 5, time: '19:30', place: 'Nhà văn hóa' });
}
