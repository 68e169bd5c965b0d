/**
 * Sliding windows (Flink's `SlidingEventTimeWindows` / `SlidingProcessingTimeWindows`): windows of
 * `size` ms starting every `slide` ms (shifted by `offset`), so an element belongs to
 * `ceil(size / slide)` windows (fewer when `slide` does not divide `size` evenly).
 */
import { JobDefinitionError } from "../../../core/errors.js";
import { EventTimeTrigger } from "../triggers/event-time-trigger.js";
import { ProcessingTimeTrigger } from "../triggers/processing-time-trigger.js";
import type { Trigger } from "../triggers/trigger.js";
import { TimeWindow } from "../windows.js";
import {
  checkDuration,
  LastWindowsCache,
  requireTimestamp,
  WindowAssigner,
  type WindowAssignerContext,
} from "./window-assigner.js";

function checkSliding(call: string, size: number, slide: number, offset: number): void {
  checkDuration(call, "size", size);
  checkDuration(call, "slide", slide);
  if (!Number.isFinite(offset) || Math.abs(offset) >= slide) {
    throw new JobDefinitionError(
      `${call}: the offset must satisfy abs(offset) < slide, got offset ${offset}, slide ${slide}`,
    );
  }
}

/** The windows of size `size` sliding by `slide` that contain `timestamp`, latest first. */
function slidingWindows(timestamp: number, size: number, slide: number, offset: number): TimeWindow[] {
  const windows: TimeWindow[] = [];
  const lastStart = TimeWindow.getWindowStartWithOffset(timestamp, offset, slide);
  for (let start = lastStart; start > timestamp - size; start -= slide) {
    windows.push(new TimeWindow(start, start + size));
  }
  return windows;
}

export class SlidingEventTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private readonly cache = new LastWindowsCache<TimeWindow>();

  private constructor(
    readonly size: number,
    readonly slide: number,
    readonly offset: number,
  ) {
    super();
  }

  static of(size: number, slide: number, offset = 0): SlidingEventTimeWindows {
    checkSliding("SlidingEventTimeWindows.of", size, slide, offset);
    return new SlidingEventTimeWindows(size, slide, offset);
  }

  assignWindows(_element: unknown, timestamp: number): TimeWindow[] {
    const cache = this.cache;
    if (cache.hit(timestamp)) return cache.windows;
    requireTimestamp(timestamp);
    const windows = slidingWindows(timestamp, this.size, this.slide, this.offset);
    // With size a multiple of slide, every timestamp of one slide bucket is in the same windows.
    if (this.size % this.slide !== 0) return windows;
    const bucket = TimeWindow.getWindowStartWithOffset(timestamp, this.offset, this.slide);
    return cache.set(bucket, bucket + this.slide, windows);
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create();
  }

  isEventTime(): boolean {
    return true;
  }

  toString(): string {
    return `SlidingEventTimeWindows(${this.size}, ${this.slide})`;
  }
}

export class SlidingProcessingTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private constructor(
    readonly size: number,
    readonly slide: number,
    readonly offset: number,
  ) {
    super();
  }

  static of(size: number, slide: number, offset = 0): SlidingProcessingTimeWindows {
    checkSliding("SlidingProcessingTimeWindows.of", size, slide, offset);
    return new SlidingProcessingTimeWindows(size, slide, offset);
  }

  assignWindows(_element: unknown, _timestamp: number, context: WindowAssignerContext): TimeWindow[] {
    return slidingWindows(context.getCurrentProcessingTime(), this.size, this.slide, this.offset);
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  isEventTime(): boolean {
    return false;
  }

  toString(): string {
    return `SlidingProcessingTimeWindows(${this.size}, ${this.slide})`;
  }
}
