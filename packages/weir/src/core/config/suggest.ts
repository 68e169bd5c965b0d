/**
 * "Did you mean" for configuration keys: the closest registered key to a mistyped one, or none
 * when nothing is plausibly close. Deterministic: ties go to the first key in `known` order.
 */

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition), so the common
 * `defualt` typo costs 1 rather than 2.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j]!;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/** Edits tolerated before a key stops looking like a typo of another: grows with key length. */
function tolerance(length: number): number {
  if (length <= 8) return 1;
  if (length <= 20) return 2;
  return 3;
}

/**
 * The registered key `key` was most likely meant to be, or `undefined`. Matches, in order: a
 * case-insensitive typo within a few edits, then a key of which `key` is a dotted prefix
 * (`parallelism` → `parallelism.default`).
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= tolerance(key.length)) return best;
  return known.find((candidate) => candidate.toLowerCase().startsWith(`${lower}.`));
}
