/**
 * An independent, straightforward WordCount used as the oracle of the end-to-end tests: the same
 * tokenizing rule as Flink's example (lower-case, split on [^A-Za-z0-9_]+, drop empty tokens).
 */
export function tokens(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    for (const t of line.toLowerCase().split(/[^a-z0-9_]+/)) if (t !== "") out.push(t);
  }
  return out;
}

/** The STREAMING output: one `(word,n)` per token, n = running count, in input order. */
export function runningCounts(lines: readonly string[]): string[] {
  const counts = new Map<string, number>();
  return tokens(lines).map((t) => {
    const n = (counts.get(t) ?? 0) + 1;
    counts.set(t, n);
    return `(${t},${n})`;
  });
}

export function finalCounts(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens(lines)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Parses `(word,n)` lines into the last count seen per word. */
export function lastCountPerWord(printed: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of printed) {
    const m = /^\((.*),(\d+)\)$/.exec(l);
    if (!m) throw new Error(`not a (word,count) line: ${l}`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}
