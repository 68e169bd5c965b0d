/**
 * Evictors (Flink's `Evictor`): remove elements from a window's buffer right before the window
 * function runs (`evictBefore`) or right after it (`evictAfter`). A window with an evictor keeps
 * every element (no incremental aggregation), with its timestamp.
 *
 * `elements` is the window's buffer in insertion order; an evictor removes elements by mutating
 * the array in place (e.g. `splice`). What remains is written back as the window's contents.
 */
import type { Window } from "../windows.js";

/** An element with its event timestamp (`-Infinity` when it has none); Flink's `TimestampedValue`. */
export interface TimestampedValue<T> {
  readonly value: T;
  readonly timestamp: number;
}

export interface EvictorContext {
  getCurrentProcessingTime(): number;
  getCurrentWatermark(): number;
}

export interface Evictor<T, W extends Window> {
  evictBefore(elements: TimestampedValue<T>[], size: number, window: W, context: EvictorContext): void;
  evictAfter(elements: TimestampedValue<T>[], size: number, window: W, context: EvictorContext): void;
}
