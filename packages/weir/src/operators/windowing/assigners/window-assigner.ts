/**
 * Window assigners (Flink's `WindowAssigner` and `MergingWindowAssigner`): put each element into
 * zero or more windows, name the trigger used when the user gives none, and say whether the
 * windows are in event time (late-data handling and cleanup use the watermark) or processing time.
 *
 * Assigners are stateless values shared by all subtasks; `assignWindows` may return a fresh array.
 */
import { JobDefinitionError } from "../../../core/errors.js";
import type { Trigger } from "../triggers/trigger.js";
import type { Window } from "../windows.js";

/** What an assigner may ask of the operator. */
export interface WindowAssignerContext {
  getCurrentProcessingTime(): number;
}

export abstract class WindowAssigner<T, W extends Window> {
  /** Windows of `element` with event timestamp `timestamp` (`-Infinity` when it has none). */
  abstract assignWindows(element: T, timestamp: number, context: WindowAssignerContext): W[];
  /** The trigger used unless `WindowedStream.trigger` replaces it. */
  abstract getDefaultTrigger(): Trigger<T, W>;
  abstract isEventTime(): boolean;
  abstract toString(): string;
}

/** An assigner whose windows merge (session windows). */
export abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {
  /** Calls `callback(mergeResult, mergedWindows)` for every group of windows that merge into one. */
  abstract mergeWindows(windows: readonly W[], callback: (mergeResult: W, mergedWindows: W[]) => void): void;
}

export function isMergingAssigner<T, W extends Window>(
  assigner: WindowAssigner<T, W>,
): assigner is MergingWindowAssigner<T, W> {
  return assigner instanceof MergingWindowAssigner;
}

/** Throws the error Flink gives for an element without a timestamp in an event-time window. */
export function requireTimestamp(timestamp: number): void {
  if (timestamp === Number.NEGATIVE_INFINITY || Number.isNaN(timestamp)) {
    throw new JobDefinitionError(
      "Record has no timestamp (the 'no timestamp' marker). Event-time windows need event timestamps.",
      {
        hint: "assign timestamps with a WatermarkStrategy (fromSource / assignTimestampsAndWatermarks) or use a processing-time window assigner",
      },
    );
  }
}

/** Validates a duration argument (ms). */
export function checkDuration(call: string, name: string, value: number, allowZero = false): void {
  if (!Number.isFinite(value) || (allowZero ? value < 0 : value <= 0)) {
    throw new JobDefinitionError(
      `${call}: ${name} must be a finite number ${allowZero ? ">= 0" : "> 0"} ms, got ${value}`,
    );
  }
}

/**
 * The windows an assigner computed for its last bucket `[lo, hi)`: every timestamp of a bucket has
 * the same windows. Consecutive elements of one bucket (the common case in event-time order) get
 * the same window objects without any arithmetic, so the window operator's state and timers do not
 * rebuild window ids per element. The returned array must not be mutated.
 */
export class LastWindowsCache<W> {
  /** Start (inclusive) and end (exclusive) of the cached bucket; empty at first. */
  lo = Number.POSITIVE_INFINITY;
  hi = Number.NEGATIVE_INFINITY;
  windows: W[] = [];

  /** The cached windows when `timestamp` is in the bucket (false for NaN and infinities too). */
  hit(timestamp: number): boolean {
    return timestamp >= this.lo && timestamp < this.hi;
  }

  set(lo: number, hi: number, windows: W[]): W[] {
    this.lo = lo;
    this.hi = hi;
    this.windows = windows;
    return windows;
  }
}
