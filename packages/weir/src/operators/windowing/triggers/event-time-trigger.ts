/**
 * `EventTimeTrigger`, the default of event-time assigners: fires once the watermark passes the end
 * of the window (`maxTimestamp()`), and immediately for an element that arrives for a window the
 * watermark already passed (a late element within the allowed lateness), re-firing with the
 * updated contents.
 */
import type { Window } from "../windows.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

export class EventTimeTrigger implements Trigger<unknown, Window> {
  private static readonly INSTANCE = new EventTimeTrigger();

  private constructor() {}

  static create(): EventTimeTrigger {
    return EventTimeTrigger.INSTANCE;
  }

  onElement(_element: unknown, _timestamp: number, window: Window, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return "FIRE";
    ctx.registerEventTimeTimer(window.maxTimestamp());
    return "CONTINUE";
  }

  onEventTime(time: number, window: Window): TriggerResult {
    return time === window.maxTimestamp() ? "FIRE" : "CONTINUE";
  }

  onProcessingTime(): TriggerResult {
    return "CONTINUE";
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(window: Window, ctx: OnMergeContext): void {
    // A merged window whose end the watermark already passed fires when its next element arrives.
    if (window.maxTimestamp() > ctx.getCurrentWatermark()) ctx.registerEventTimeTimer(window.maxTimestamp());
  }

  clear(window: Window, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp());
  }

  toString(): string {
    return "EventTimeTrigger()";
  }
}
