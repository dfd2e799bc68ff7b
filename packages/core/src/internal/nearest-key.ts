/**
 * The candidate closest to `key` by edit distance (case differences cost nothing), when it is close enough to be
 * a plausible typo: at most a third of the longer name, and never more than 3 edits.
 */
export function nearestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const lowered = key.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.min(3, Math.max(1, Math.floor(Math.max(key.length, best.length) / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** The hint appended to an unknown-key message: ` — did you mean 'x'?`, or nothing when no key is close. */
export function didYouMean(key: string, candidates: readonly string[]): string {
  const suggestion = nearestKey(key, candidates);
  return suggestion === undefined ? '' : ` — did you mean '${suggestion}'?`;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions, the usual shape of a typo. */
function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = (rows[i] = [i]);
    for (let j = 1; j <= b.length; j++) {
      const above = rows[i - 1] ?? [j];
      row[j] =
        i === 0
          ? j
          : Math.min(
              (above[j] as number) + 1,
              (row[j - 1] as number) + 1,
              (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
              i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? (rows[i - 2]?.[j - 2] as number) + 1 : Infinity,
            );
    }
  }
  return rows[a.length]?.[b.length] as number;
}
