/**
 * Session windows (Flink's `EventTimeSessionWindows`, `ProcessingTimeSessionWindows` and their
 * dynamic-gap variants): each element opens `[timestamp, timestamp + gap)`; windows that overlap
 * or touch merge, so a session closes after `gap` ms without elements. An element arriving between
 * two sessions that bridges them merges both into one.
 */
import { JobDefinitionError } from "../../../core/errors.js";
import { EventTimeTrigger } from "../triggers/event-time-trigger.js";
import { ProcessingTimeTrigger } from "../triggers/processing-time-trigger.js";
import type { Trigger } from "../triggers/trigger.js";
import { TimeWindow, type Window } from "../windows.js";
import {
  checkDuration,
  MergingWindowAssigner,
  requireTimestamp,
  type WindowAssignerContext,
} from "./window-assigner.js";

/** Computes the session gap (ms, > 0) of an element (Flink's `SessionWindowTimeGapExtractor`). */
export type SessionWindowTimeGapExtractor<T> = ((element: T) => number) | { extract(element: T): number };

function gapFn<T>(extractor: SessionWindowTimeGapExtractor<T>): (element: T) => number {
  const fn = typeof extractor === "function" ? extractor : (e: T) => extractor.extract(e);
  return (element) => {
    const gap = fn(element);
    if (!Number.isFinite(gap) || gap <= 0) {
      throw new JobDefinitionError(`the dynamic session gap must be a finite number > 0 ms, got ${gap}`);
    }
    return gap;
  };
}

abstract class SessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
  constructor(protected readonly gap: (element: T) => number) {
    super();
  }

  mergeWindows(
    windows: readonly TimeWindow[],
    callback: (mergeResult: TimeWindow, mergedWindows: TimeWindow[]) => void,
  ): void {
    TimeWindow.mergeWindows(windows, callback);
  }
}

/**
 * Whether `assigner` merges exactly as `TimeWindow.mergeWindows` (a session assigner of this module
 * whose `mergeWindows` is not overridden): `MergingWindowSet` then takes a shortcut.
 */
export function mergesAsTimeWindows(assigner: MergingWindowAssigner<unknown, Window>): boolean {
  return (
    assigner instanceof SessionWindows && assigner.mergeWindows === SessionWindows.prototype.mergeWindows
  );
}

export class EventTimeSessionWindows<T = unknown> extends SessionWindows<T> {
  /** Sessions closing after `gap` ms of inactivity. */
  static withGap(gap: number): EventTimeSessionWindows {
    checkDuration("EventTimeSessionWindows.withGap", "gap", gap);
    return new EventTimeSessionWindows<unknown>(() => gap);
  }

  /** Sessions whose gap each element chooses. */
  static withDynamicGap<T>(extractor: SessionWindowTimeGapExtractor<T>): EventTimeSessionWindows<T> {
    return new EventTimeSessionWindows<T>(gapFn(extractor));
  }

  assignWindows(element: T, timestamp: number): TimeWindow[] {
    requireTimestamp(timestamp);
    return [new TimeWindow(timestamp, timestamp + this.gap(element))];
  }

  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return EventTimeTrigger.create();
  }

  isEventTime(): boolean {
    return true;
  }

  toString(): string {
    return "EventTimeSessionWindows";
  }
}

export class ProcessingTimeSessionWindows<T = unknown> extends SessionWindows<T> {
  static withGap(gap: number): ProcessingTimeSessionWindows {
    checkDuration("ProcessingTimeSessionWindows.withGap", "gap", gap);
    return new ProcessingTimeSessionWindows<unknown>(() => gap);
  }

  static withDynamicGap<T>(extractor: SessionWindowTimeGapExtractor<T>): ProcessingTimeSessionWindows<T> {
    return new ProcessingTimeSessionWindows<T>(gapFn(extractor));
  }

  assignWindows(element: T, _timestamp: number, context: WindowAssignerContext): TimeWindow[] {
    const now = context.getCurrentProcessingTime();
    return [new TimeWindow(now, now + this.gap(element))];
  }

  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  isEventTime(): boolean {
    return false;
  }

  toString(): string {
    return "ProcessingTimeSessionWindows";
  }
}
