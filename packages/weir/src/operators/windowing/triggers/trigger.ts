/**
 * Triggers (Flink's `Trigger`): decide when a window's contents are evaluated (FIRE) and when they
 * are discarded (PURGE). The window operator calls a trigger for every element added to a window,
 * for the timers the trigger registered, when windows merge, and once when the window is cleaned
 * up (`clear`, which must delete the trigger's timers and state for that window).
 *
 * A trigger is a value shared by all keys and windows of a subtask: everything it remembers per
 * window lives in partitioned state obtained from the context (scoped to the current key and
 * window), never in its fields.
 */

import type { StateDescriptor } from "../../state/state-descriptors.js";
import type { State } from "../../state/state-types.js";
import type { Window } from "../windows.js";

/** What a trigger asks the operator to do with the window. */
export type TriggerResult = "CONTINUE" | "FIRE" | "PURGE" | "FIRE_AND_PURGE";

/** Flink-style constants: `TriggerResult.FIRE`. */
export const TriggerResult = {
  CONTINUE: "CONTINUE",
  FIRE: "FIRE",
  PURGE: "PURGE",
  FIRE_AND_PURGE: "FIRE_AND_PURGE",
} as const;

export function isFire(result: TriggerResult): boolean {
  return result === "FIRE" || result === "FIRE_AND_PURGE";
}

export function isPurge(result: TriggerResult): boolean {
  return result === "PURGE" || result === "FIRE_AND_PURGE";
}

/** What a trigger may do, scoped to the current key and window. */
export interface TriggerContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
  /** Calls `onProcessingTime` when processing time reaches `time` (deduplicated per key/window/time). */
  registerProcessingTimeTimer(time: number): void;
  /** Calls `onEventTime` when the watermark reaches `time` (deduplicated per key/window/time). */
  registerEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  /** State of this trigger for the current key and window. */
  getPartitionedState<S extends State>(descriptor: StateDescriptor<S>): S;
}

/** The context of `onMerge`: the window is the merge result. */
export interface OnMergeContext extends TriggerContext {
  /** Merges the state `descriptor` of the merged windows into the merge result's. */
  mergePartitionedState(descriptor: StateDescriptor<State>): void;
}

export interface Trigger<T, W extends Window> {
  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult;
  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult;
  /** True when the trigger supports merging windows (session windows need it). */
  canMerge?(): boolean;
  /** Windows merged into `window`: re-register timers, merge state. */
  onMerge?(window: W, ctx: OnMergeContext): void;
  /** The window is being removed: delete this trigger's timers and state for it. */
  clear(window: W, ctx: TriggerContext): void;
  toString(): string;
}
