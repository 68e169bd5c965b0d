/** `CountEvictor`: keeps at most `maxCount` elements, evicting from the beginning of the buffer. */
import { JobDefinitionError } from "../../../core/errors.js";
import type { Window } from "../windows.js";
import type { Evictor, EvictorContext, TimestampedValue } from "./evictor.js";

export class CountEvictor<W extends Window = Window> implements Evictor<unknown, W> {
  private constructor(
    readonly maxCount: number,
    readonly doEvictAfter: boolean,
  ) {}

  /** Evicts before the window function unless `doEvictAfter`. */
  static of<W extends Window = Window>(maxCount: number, doEvictAfter = false): CountEvictor<W> {
    if (!Number.isInteger(maxCount) || maxCount < 0) {
      throw new JobDefinitionError(`CountEvictor.of: maxCount must be an integer >= 0, got ${maxCount}`);
    }
    return new CountEvictor<W>(maxCount, doEvictAfter);
  }

  evictBefore(elements: TimestampedValue<unknown>[], size: number, _window?: W, _ctx?: EvictorContext): void {
    if (!this.doEvictAfter) this.evict(elements, size);
  }

  evictAfter(elements: TimestampedValue<unknown>[], size: number, _window?: W, _ctx?: EvictorContext): void {
    if (this.doEvictAfter) this.evict(elements, size);
  }

  private evict(elements: TimestampedValue<unknown>[], size: number): void {
    if (size <= this.maxCount) return;
    elements.splice(0, size - this.maxCount);
  }
}
