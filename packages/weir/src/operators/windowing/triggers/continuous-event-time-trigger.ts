/**
 * `ContinuousEventTimeTrigger.of(interval)`: fires periodically in event time while the window is
 * open (at multiples of `interval`, aligned to the first element's timestamp rounded down), and
 * at the end of the window. In BATCH its timers only fire at the end of the key, and the timers it
 * re-registers there are dropped: the pending early firing and the end-of-window firing both
 * happen then, each with the complete window (flink-facts §D).
 */
import { JobDefinitionError } from "../../../core/errors.js";
import { ReducingStateDescriptor } from "../../state/state-descriptors.js";
import type { ReducingState } from "../../state/state-types.js";
import type { Window } from "../windows.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

export class ContinuousEventTimeTrigger<W extends Window = Window> implements Trigger<unknown, W> {
  private readonly stateDesc = new ReducingStateDescriptor<number>("fire-time", (a, b) => Math.min(a, b));

  private constructor(readonly interval: number) {}

  static of<W extends Window = Window>(interval: number): ContinuousEventTimeTrigger<W> {
    if (!Number.isFinite(interval) || interval <= 0) {
      throw new JobDefinitionError(`ContinuousEventTimeTrigger.of: interval must be > 0 ms, got ${interval}`);
    }
    return new ContinuousEventTimeTrigger<W>(interval);
  }

  onElement(_element: unknown, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return "FIRE";
    ctx.registerEventTimeTimer(window.maxTimestamp());
    const fireTimestamp = ctx.getPartitionedState(this.stateDesc);
    if (fireTimestamp.get() === undefined) {
      this.registerNextFireTimestamp(timestamp - (timestamp % this.interval), window, ctx, fireTimestamp);
    }
    return "CONTINUE";
  }

  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return "FIRE";
    const fireTimestamp = ctx.getPartitionedState(this.stateDesc);
    if (fireTimestamp.get() === time) {
      fireTimestamp.clear();
      this.registerNextFireTimestamp(time, window, ctx, fireTimestamp);
      return "FIRE";
    }
    return "CONTINUE";
  }

  onProcessingTime(): TriggerResult {
    return "CONTINUE";
  }

  canMerge(): boolean {
    return true;
  }

  onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(this.stateDesc);
    const next = ctx.getPartitionedState(this.stateDesc).get();
    if (next !== undefined) ctx.registerEventTimeTimer(next);
  }

  clear(_window: W, ctx: TriggerContext): void {
    const fireTimestamp = ctx.getPartitionedState(this.stateDesc);
    const time = fireTimestamp.get();
    if (time !== undefined) {
      ctx.deleteEventTimeTimer(time);
      fireTimestamp.clear();
    }
  }

  toString(): string {
    return `ContinuousEventTimeTrigger(${this.interval})`;
  }

  private registerNextFireTimestamp(
    time: number,
    window: W,
    ctx: TriggerContext,
    fireTimestamp: ReducingState<number>,
  ): void {
    const next = Math.min(time + this.interval, window.maxTimestamp());
    fireTimestamp.add(next);
    ctx.registerEventTimeTimer(next);
  }
}
