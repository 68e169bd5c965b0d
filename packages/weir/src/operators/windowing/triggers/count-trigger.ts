/**
 * `CountTrigger.of(n)`: fires every time the window has received `n` more elements (the count is
 * per key and window, kept in partitioned state, reset on firing). Element-driven, so it fires
 * while records flow in BATCH too.
 */
import { JobDefinitionError } from "../../../core/errors.js";
import { ReducingStateDescriptor } from "../../state/state-descriptors.js";
import type { Window } from "../windows.js";
import type { OnMergeContext, Trigger, TriggerContext, TriggerResult } from "./trigger.js";

export class CountTrigger<W extends Window = Window> implements Trigger<unknown, W> {
  private readonly stateDesc = new ReducingStateDescriptor<number>("count", (a, b) => a + b);

  private constructor(readonly maxCount: number) {}

  static of<W extends Window = Window>(maxCount: number): CountTrigger<W> {
    if (!Number.isInteger(maxCount) || maxCount < 1) {
      throw new JobDefinitionError(`CountTrigger.of: maxCount must be an integer >= 1, got ${maxCount}`);
    }
    return new CountTrigger<W>(maxCount);
  }

  onElement(_element: unknown, _timestamp: number, _window: W, ctx: TriggerContext): TriggerResult {
    const count = ctx.getPartitionedState(this.stateDesc);
    count.add(1);
    if ((count.get() ?? 0) >= this.maxCount) {
      count.clear();
      return "FIRE";
    }
    return "CONTINUE";
  }

  onEventTime(): TriggerResult {
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
  }

  clear(_window: W, ctx: TriggerContext): void {
    ctx.getPartitionedState(this.stateDesc).clear();
  }

  toString(): string {
    return `CountTrigger(${this.maxCount})`;
  }
}
