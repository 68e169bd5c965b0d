/**
 * Index ranges as splits, shared by `NumberSequenceSource` and `DataGeneratorSource`. A split is
 * the arithmetic progression `next, next + step, …` up to `last` inclusive (`last === null`: no
 * end). `next` is the split's progress: a restored split resumes there.
 */
import { JobDefinitionError } from "../../core/errors.js";
import type { SourceSplit } from "../../core/source.js";

export interface IndexRangeSplit extends SourceSplit {
  /** Next index to emit. */
  readonly next: number;
  /** Last index (inclusive), or `null` for an endless progression. */
  readonly last: number | null;
  readonly step: number;
}

/** Splits per reader: more than one so that faster readers can take more of the range. */
export const SPLITS_PER_READER = 4;

/**
 * Cuts `[from, to]` into at most `pieces` contiguous ranges of nearly equal size, in order. An
 * empty range (`to < from`) gives no splits.
 */
export function cutRange(prefix: string, from: number, to: number, pieces: number): IndexRangeSplit[] {
  if (to < from) return [];
  const count = to - from + 1;
  const n = Math.max(1, Math.min(pieces, count));
  const splits: IndexRangeSplit[] = [];
  let start = from;
  for (let i = 0; i < n; i++) {
    // Distribute the remainder over the first splits so sizes differ by at most one.
    const size = Math.floor(count / n) + (i < count % n ? 1 : 0);
    splits.push({ id: `${prefix}-${i}`, next: start, last: start + size - 1, step: 1 });
    start += size;
  }
  return splits;
}

/** Throws a `JobDefinitionError` unless `value` is a safe integer. */
export function requireSafeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new JobDefinitionError(`${name} must be an integer between -(2^53-1) and 2^53-1, got ${value}`);
  }
}
