/**
 * `DeltaEvictor`: evicts every element whose delta to the *last* element of the buffer (computed by
 * a `DeltaFunction`) is at or above `threshold`.
 */
import type { Window } from "../windows.js";
import type { Evictor, EvictorContext, TimestampedValue } from "./evictor.js";

/** Distance between two elements (Flink's `DeltaFunction`). */
export type DeltaFunction<T> =
  | ((oldPoint: T, newPoint: T) => number)
  | { getDelta(oldPoint: T, newPoint: T): number };

export class DeltaEvictor<T, W extends Window = Window> implements Evictor<T, W> {
  private readonly delta: (oldPoint: T, newPoint: T) => number;

  private constructor(
    readonly threshold: number,
    deltaFunction: DeltaFunction<T>,
    readonly doEvictAfter: boolean,
  ) {
    this.delta = typeof deltaFunction === "function" ? deltaFunction : (a, b) => deltaFunction.getDelta(a, b);
  }

  static of<T, W extends Window = Window>(
    threshold: number,
    deltaFunction: DeltaFunction<T>,
    doEvictAfter = false,
  ): DeltaEvictor<T, W> {
    return new DeltaEvictor<T, W>(threshold, deltaFunction, doEvictAfter);
  }

  evictBefore(elements: TimestampedValue<T>[], _size?: number, _window?: W, _ctx?: EvictorContext): void {
    if (!this.doEvictAfter) this.evict(elements);
  }

  evictAfter(elements: TimestampedValue<T>[], _size?: number, _window?: W, _ctx?: EvictorContext): void {
    if (this.doEvictAfter) this.evict(elements);
  }

  private evict(elements: TimestampedValue<T>[]): void {
    const last = elements[elements.length - 1];
    if (last === undefined) return;
    let kept = 0;
    for (const e of elements) if (this.delta(e.value, last.value) < this.threshold) elements[kept++] = e;
    elements.length = kept;
  }
}
