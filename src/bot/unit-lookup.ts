/** Loose unit lookup: by code or by name, without diacritics, with suggestions for typos. */
import type { RoleAt } from '../../db/repo/people';
import { allUnits, type Unit } from '../../db/repo/units';
import type { Db } from '../../db/types';
import { fold } from '../text/normalize';

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

/** Units visible to the person, ranked by closeness to what they typed. */
export function rankUnits(units: Unit[], input: string): Unit[] {
  const q = fold(input);
  return units
    .map((u) => {
      const code = fold(u.code);
      const name = fold(u.name);
      const score =
        code === q
          ? 0
          : name === q
            ? 0
            : name.includes(q) || code.startsWith(q)
              ? 1
              : 2 + Math.min(distance(q, code), distance(q, name));
      return { u, score };
    })
    .sort((a, b) => a.score - b.score || a.u.code.localeCompare(b.u.code))
    .map((x) => x.u);
}

export async function suggestUnits(db: Db, input: string, roles: RoleAt[], limit = 3): Promise<string[]> {
  const visible = (await allUnits(db)).filter((u) => roles.some((r) => u.path.startsWith(r.unitPath)));
  return rankUnits(visible, input)
    .slice(0, limit)
    .map((u) => `${u.code} (${u.name})`);
}
