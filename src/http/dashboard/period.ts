/**
 * The period a page shows: `?ky=2026-11`, `2026-Q4` or `2026` (the keys the CLI and the stored rows
 * use), or, without one, the month chat answers for (expected.ts: the month just ended during the
 * first week, said in a note). The picker offers the recent months, quarters and years.
 */
import { html } from 'hono/html';
import { defaultMonth } from '../../domain/summaries/expected';
import {
  currentMonthPeriod,
  type Period,
  periodFromKey,
  previousPeriod,
  quarterPeriod,
  yearPeriod,
} from '../../domain/summaries/period';
import { periodName } from '../../domain/summaries/render';
import { localParts } from '../../domain/time/zone';
import { dashboard as t } from '../../messages/vi/dashboard';
import type { Html } from './layout';

export interface Chosen {
  period: Period;
  /** Set when the month just ended was taken for want of a choice. */
  note?: string;
}

export function chosenPeriod(key: string | undefined, now: Date, tz: string): Chosen {
  const typed = key && key.length <= 8 ? periodFromKey(key) : null;
  if (typed) return { period: typed };
  const fallback = defaultMonth({ now, tz });
  const period = periodFromKey(fallback.month)!;
  return fallback.justEnded
    ? { period, note: t.justEnded(periodName(period), periodName(currentMonthPeriod(now, tz))) }
    : { period };
}

function recent(first: Period, n: number): Period[] {
  const out = [first];
  while (out.length < n) out.push(previousPeriod(out.at(-1)!));
  return out;
}

/** A GET form, so it works without JavaScript and the chosen period stays in the address. */
export function periodPicker(action: string, chosen: Period, now: Date, tz: string): Html {
  const p = localParts(now, tz);
  const groups: [string, Period[]][] = [
    [t.periodGroups.month, recent(currentMonthPeriod(now, tz), 13)],
    [t.periodGroups.quarter, recent(quarterPeriod(p.year, Math.ceil(p.month / 3)), 5)],
    [t.periodGroups.year, recent(yearPeriod(p.year), 3)],
  ];
  if (!groups.some(([, list]) => list.some((x) => x.key === chosen.key))) {
    const kind = chosen.kind === 'month' ? 0 : chosen.kind === 'quarter' ? 1 : 2;
    groups[kind]![1].push(chosen);
  }
  return html`<form class="period" method="get" action="${action}"><label for="ky">${t.period}</label>
<select id="ky" name="ky">${groups.map(
    ([label, list]) =>
      html`<optgroup label="${label}">${list.map(
        (x) =>
          html`<option value="${x.key}"${x.key === chosen.key ? ' selected' : ''}>${periodName(x)}</option>`,
      )}</optgroup>`,
  )}</select><button type="submit">${t.show}</button></form>`;
}
