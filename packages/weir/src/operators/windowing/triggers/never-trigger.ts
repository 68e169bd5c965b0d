/** The default trigger of `GlobalWindows`: never fires (use `trigger(...)` to choose one). */
import type { GlobalWindow } from "../windows.js";
import type { Trigger, TriggerResult } from "./trigger.js";

export class NeverTrigger implements Trigger<unknown, GlobalWindow> {
  private static readonly INSTANCE = new NeverTrigger();

  private constructor() {}

  static create(): NeverTrigger {
    return NeverTrigger.INSTANCE;
  }

  onElement(): TriggerResult {
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

  onMerge(): void {}

  clear(): void {}

  toString(): string {
    return "NeverTrigger()";
  }
}
