/**
 * `GlobalWindows`: every element of a key in the one `GlobalWindow`. Its default trigger never
 * fires, so it needs a custom trigger (e.g. `CountTrigger`, which `countWindow` uses); its state
 * is never cleaned up by time.
 */
import { NeverTrigger } from "../triggers/never-trigger.js";
import type { Trigger } from "../triggers/trigger.js";
import { GlobalWindow } from "../windows.js";
import { WindowAssigner } from "./window-assigner.js";

export class GlobalWindows extends WindowAssigner<unknown, GlobalWindow> {
  private static readonly INSTANCE = new GlobalWindows();

  private constructor() {
    super();
  }

  static create(): GlobalWindows {
    return GlobalWindows.INSTANCE;
  }

  assignWindows(): GlobalWindow[] {
    return [GlobalWindow.INSTANCE];
  }

  getDefaultTrigger(): Trigger<unknown, GlobalWindow> {
    return NeverTrigger.create();
  }

  isEventTime(): boolean {
    return false;
  }

  toString(): string {
    return "GlobalWindows()";
  }
}
