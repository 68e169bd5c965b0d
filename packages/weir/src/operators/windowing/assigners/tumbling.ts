/**
 * Tumbling windows (Flink's `TumblingEventTimeWindows` / `TumblingProcessingTimeWindows`):
 * fixed-size, non-overlapping windows `[start, start + size)`, aligned to the epoch shifted by
 * `offset` (for example, an offset of -8h gives days in UTC+8). Every element is in exactly one.
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

function checkTumbling(call: string, size: number, offset: number): void {
  checkDuration(call, "size", size);
  if (!Number.isFinite(offset) || Math.abs(offset) >= size) {
    throw new JobDefinitionError(
      `${call}: the offset must satisfy abs(offset) < size, got offset ${offset}, size ${size}`,
    );
  }
}

export class TumblingEventTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private readonly cache = new LastWindowsCache<TimeWindow>();

  private constructor(
    readonly size: number,
    readonly offset: number,
  ) {
    super();
  }

  /** Windows of `size` ms, optionally shifted by `offset` ms (`abs(offset) < size`). */
  static of(size: number, offset = 0): TumblingEventTimeWindows {
    checkTumbling("TumblingEventTimeWindows.of", size, offset);
    return new TumblingEventTimeWindows(size, offset);
  }

  assignWindows(_element: unknown, timestamp: number): TimeWindow[] {
    const cache = this.cache;
    if (cache.hit(timestamp)) return cache.windows;
    requireTimestamp(timestamp);
    const start = TimeWindow.getWindowStartWithOffset(timestamp, this.offset, this.size);
    const end = start + this.size;
    return cache.set(start, end, [new TimeWindow(start, end)]);
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create();
  }

  isEventTime(): boolean {
    return true;
  }

  toString(): string {
    return `TumblingEventTimeWindows(${this.size})`;
  }
}

export class TumblingProcessingTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  private constructor(
    readonly size: number,
    readonly offset: number,
  ) {
    super();
  }

  static of(size: number, offset = 0): TumblingProcessingTimeWindows {
    checkTumbling("TumblingProcessingTimeWindows.of", size, offset);
    return new TumblingProcessingTimeWindows(size, offset);
  }

  assignWindows(_element: unknown, _timestamp: number, context: WindowAssignerContext): TimeWindow[] {
    const now = context.getCurrentProcessingTime();
    const start = TimeWindow.getWindowStartWithOffset(now, this.offset, this.size);
    return [new TimeWindow(start, start + this.size)];
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create();
  }

  isEventTime(): boolean {
    return false;
  }

  toString(): string {
    return `TumblingProcessingTimeWindows(${this.size})`;
  }
}
