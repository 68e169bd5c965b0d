/** `PurgingTrigger.of(t)`: behaves like `t`, but every FIRE becomes FIRE_AND_PURGE (the contents are dropped after firing). */
import type { Window } from "../windows.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

function purging(result: TriggerResult): TriggerResult {
  return result === "FIRE" ? "FIRE_AND_PURGE" : result;
}

export class PurgingTrigger<T, W extends Window> implements Trigger<T, W> {
  private constructor(readonly nestedTrigger: Trigger<T, W>) {}

  static of<T, W extends Window>(nestedTrigger: Trigger<T, W>): PurgingTrigger<T, W> {
    return new PurgingTrigger(nestedTrigger);
  }

  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nestedTrigger.onElement(element, timestamp, window, ctx));
  }

  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nestedTrigger.onEventTime(time, window, ctx));
  }

  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nestedTrigger.onProcessingTime(time, window, ctx));
  }

  canMerge(): boolean {
    return this.nestedTrigger.canMerge?.() ?? false;
  }

  onMerge(window: W, ctx: OnMergeContext): void {
    this.nestedTrigger.onMerge?.(window, ctx);
  }

  clear(window: W, ctx: TriggerContext): void {
    this.nestedTrigger.clear(window, ctx);
  }

  toString(): string {
    return `PurgingTrigger(${this.nestedTrigger.toString()})`;
  }
}
