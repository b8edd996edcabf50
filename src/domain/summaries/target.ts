/**
 * Which unit and period a coordinator or committee member means: "tonghop xa Quan Son quy 4".
 * The unit is looked up loosely among the units in the person's scope only, so a name in a
 * neighbouring commune is "not found", never shown.
 */
import type { RoleAt } from '../../../db/repo/people';
import { subtree, type Unit, unitByCode } from '../../../db/repo/units';
import type { Role } from '../../../db/schema';
import type { Db } from '../../../db/types';
import { canAccess, topUnits } from '../../bot/scope';
import { rankUnits } from '../../bot/unit-lookup';
import { summaries as t } from '../../messages/vi/summaries';
import { longRead } from '../../offload';
import { fold } from '../../text/normalize';
import { defaultMonth } from './expected';
import { currentMonthPeriod, type Period, periodFromKey, takePeriod } from './period';
import { periodName } from './render';

export const SUMMARY_ROLES: readonly Role[] = ['coordinator', 'committee'];

export type TargetResult =
  | {
      ok: true;
      unit: Unit;
      period: Period;
      /** Set when no period was typed and the month just ended was taken: says so to the reader. */
      note?: string;
    }
  | { ok: false; message: string };

/** Words people put before a unit name that are not part of what they mean. */
const FILLER = /^(?:cua|cho|don vi|dv)\s+/;

/** A long read (src/offload.ts): a name typed nationally is looked for among 100,000 units. */
export const resolveTarget = longRead('resolveTarget', resolveTargetInPlace);

async function resolveTargetInPlace(
  db: Db,
  roles: RoleAt[],
  args: string,
  now: Date,
  tz: string,
  wanted: readonly Role[] = SUMMARY_ROLES,
): Promise<TargetResult> {
  const taken = takePeriod(args, now, tz);
  if (!taken.ok) return { ok: false, message: t.badPeriod };
  const fallback = defaultMonth({ now, tz });
  const period = taken.period ?? (periodFromKey(fallback.month) as Period);
  const note =
    !taken.period && fallback.justEnded
      ? t.justEnded(periodName(period), periodName(currentMonthPeriod(now, tz)))
      : undefined;
  const typed = taken.rest.replace(FILLER, '').trim();
  const tops = topUnits(roles, wanted);
  if (tops.length === 0) return { ok: false, message: t.noScope };

  if (!typed) {
    if (tops.length > 1) return { ok: false, message: t.pickTop(tops.map((r) => r.unitCode).join(', ')) };
    const unit = await unitByCode(db, tops[0]!.unitCode);
    return unit ? { ok: true, unit, period, note } : { ok: false, message: t.noScope };
  }

  const byCode = await unitByCode(db, typed);
  if (byCode && canAccess(roles, byCode.path, wanted)) return { ok: true, unit: byCode, period, note };

  const visible: Unit[] = [];
  for (const top of tops) visible.push(...(await subtree(db, { path: top.unitPath })));
  const q = fold(typed);
  const exact = visible.filter((u) => fold(u.name) === q || fold(u.code) === q);
  if (exact.length === 1) return { ok: true, unit: exact[0]!, period, note };
  const close = (exact.length > 1 ? exact : visible).filter(
    (u) => fold(u.name).includes(q) || fold(u.code).startsWith(q),
  );
  if (close.length === 1) return { ok: true, unit: close[0]!, period, note };
  if (close.length > 1) {
    const options = rankUnits(close, typed)
      .slice(0, 5)
      .map((u) => `${u.name} (${u.code})`)
      .join(', ');
    return { ok: false, message: t.unitAmbiguous(typed, options) };
  }
  const hints = rankUnits(visible, typed)
    .slice(0, 3)
    .map((u) => `${u.name} (${u.code})`)
    .join(', ');
  return { ok: false, message: t.unitUnknown(typed, hints) };
}
