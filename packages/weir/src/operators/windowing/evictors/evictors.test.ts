import { describe, expect, it } from "vitest";
import { TimeWindow } from "../windows.js";
import { CountEvictor } from "./count-evictor.js";
import { DeltaEvictor } from "./delta-evictor.js";
import type { EvictorContext, TimestampedValue } from "./evictor.js";
import { TimeEvictor } from "./time-evictor.js";

const ctx: EvictorContext = { getCurrentProcessingTime: () => 0, getCurrentWatermark: () => 0 };
const win = new TimeWindow(0, 100);
const tv = (value: number, timestamp = value): TimestampedValue<number> => ({ value, timestamp });
const values = (es: TimestampedValue<number>[]) => es.map((e) => e.value);

describe("evictors", () => {
  it("CountEvictor keeps the last maxCount elements, before or after", () => {
    const before = [1, 2, 3, 4, 5].map((v) => tv(v));
    CountEvictor.of(2).evictBefore(before, before.length, win, ctx);
    expect(values(before)).toEqual([4, 5]);
    const after = [1, 2, 3].map((v) => tv(v));
    CountEvictor.of(2, true).evictBefore(after, 3, win, ctx);
    expect(values(after)).toEqual([1, 2, 3]);
    CountEvictor.of(2, true).evictAfter(after, 3, win, ctx);
    expect(values(after)).toEqual([2, 3]);
  });

  it("TimeEvictor keeps elements newer than max timestamp - size", () => {
    const es = [tv(1, 10), tv(2, 25), tv(3, 20), tv(4, 30)];
    TimeEvictor.of(10).evictBefore(es, es.length, win, ctx);
    expect(values(es)).toEqual([2, 4]);
    const noTs = [tv(1, Number.NEGATIVE_INFINITY), tv(2, Number.NEGATIVE_INFINITY)];
    TimeEvictor.of(10).evictBefore(noTs, 2, win, ctx);
    expect(values(noTs)).toHaveLength(2);
  });

  it("DeltaEvictor evicts elements whose delta to the last is >= threshold", () => {
    const es = [1, 5, 8, 9, 10].map((v) => tv(v));
    DeltaEvictor.of<number>(5, (a, b) => Math.abs(a - b)).evictBefore(es, es.length, win, ctx);
    expect(values(es)).toEqual([8, 9, 10]);
  });
});
