/**
 * `TimeEvictor`: keeps the elements of the last `windowSize` ms of the buffer: every element whose
 * timestamp is at or before `max timestamp in the buffer - windowSize` is evicted. Does nothing
 * when the elements have no timestamps.
 */
import type { Window } from "../windows.js";
import type { Evictor, EvictorContext, TimestampedValue } from "./evictor.js";
import { checkDurationValue } from "./validate.js";

export class TimeEvictor<W extends Window = Window> implements Evictor<unknown, W> {
  private constructor(
    readonly windowSize: number,
    readonly doEvictAfter: boolean,
  ) {}

  static of<W extends Window = Window>(windowSize: number, doEvictAfter = false): TimeEvictor<W> {
    checkDurationValue("TimeEvictor.of", windowSize);
    return new TimeEvictor<W>(windowSize, doEvictAfter);
  }

  evictBefore(
    elements: TimestampedValue<unknown>[],
    _size?: number,
    _window?: W,
    _ctx?: EvictorContext,
  ): void {
    if (!this.doEvictAfter) this.evict(elements);
  }

  evictAfter(
    elements: TimestampedValue<unknown>[],
    _size?: number,
    _window?: W,
    _ctx?: EvictorContext,
  ): void {
    if (this.doEvictAfter) this.evict(elements);
  }

  private evict(elements: TimestampedValue<unknown>[]): void {
    const first = elements[0];
    if (first === undefined || first.timestamp === Number.NEGATIVE_INFINITY) return;
    let max = Number.NEGATIVE_INFINITY;
    for (const e of elements) if (e.timestamp > max) max = e.timestamp;
    const cutoff = max - this.windowSize;
    let kept = 0;
    for (const e of elements) if (e.timestamp > cutoff) elements[kept++] = e;
    elements.length = kept;
  }
}
