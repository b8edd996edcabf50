/** Typo tolerance for what people type: report keywords, unit codes and names. */

// Three rows of the table, reused: this runs for every keyword on every report line and for every
// unit of a lookup, where building a fresh table per call was most of the time spent.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Edits between two words, a swap of neighbours counting as one ("nnih" for "ninh"). */
export function editDistance(a: string, b: string): number {
  const n = b.length;
  if (rows[0]!.length <= n) rows = [0, 1, 2].map(() => new Int32Array(2 * (n + 1))) as typeof rows;
  // before: row i-2, prev: row i-1, cur: row i.
  let [before, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        v = Math.min(v, before[j - 2]! + 1);
      cur[j] = v;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[n]!;
}
