import { describe, expect, it } from "vitest";
import { GlobalWindow, TimeWindow } from "../windows.js";
import { GlobalWindows } from "./global.js";
import { EventTimeSessionWindows, ProcessingTimeSessionWindows } from "./session.js";
import { SlidingEventTimeWindows, SlidingProcessingTimeWindows } from "./sliding.js";
import { TumblingEventTimeWindows, TumblingProcessingTimeWindows } from "./tumbling.js";

const ctx = (now: number) => ({ getCurrentProcessingTime: () => now });
const ids = (ws: TimeWindow[]) => ws.map((w) => [w.start, w.end]);

describe("TimeWindow", () => {
  it("covers [start, end) and ends at maxTimestamp = end - 1", () => {
    const w = new TimeWindow(0, 5000);
    expect(w.maxTimestamp()).toBe(4999);
    expect(w.id()).toBe(new TimeWindow(0, 5000).id());
    expect(w.equals(new TimeWindow(0, 5000))).toBe(true);
  });

  it("computes window starts with offsets, also for negative timestamps", () => {
    expect(TimeWindow.getWindowStartWithOffset(7, 0, 5)).toBe(5);
    expect(TimeWindow.getWindowStartWithOffset(5, 0, 5)).toBe(5);
    expect(TimeWindow.getWindowStartWithOffset(4, 0, 5)).toBe(0);
    expect(TimeWindow.getWindowStartWithOffset(-1, 0, 5)).toBe(-5);
    expect(TimeWindow.getWindowStartWithOffset(-5, 0, 5)).toBe(-5);
    expect(TimeWindow.getWindowStartWithOffset(-6, 0, 5)).toBe(-10);
    expect(TimeWindow.getWindowStartWithOffset(7, 2, 5)).toBe(7);
    expect(TimeWindow.getWindowStartWithOffset(6, 2, 5)).toBe(2);
    expect(TimeWindow.getWindowStartWithOffset(1, -2, 5)).toBe(-2);
  });

  it("builds ids exactly as String(start):String(end), also for large and odd numbers", () => {
    const values = [0, -0, 1, -1, 7.5, -5000, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 1e9, 1e9 - 1, 3e9 - 1];
    values.push(
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER - 1,
      2 ** 53,
      1e21,
      -(2 ** 40),
      1.5e12 + 0.5,
    );
    for (let k = 1; k < 9_007_199; k += 99_991) values.push(k * 1e9, k * 1e9 - 1, k * 1e9 + 1);
    for (let i = 0; i < 2000; i++) values.push(1_700_000_000_000 + i * 7919);
    for (const v of values) expect(new TimeWindow(v, v + 1).id()).toBe(`${v}:${v + 1}`);
  });

  it("treats touching windows as intersecting", () => {
    expect(new TimeWindow(0, 5).intersects(new TimeWindow(5, 10))).toBe(true);
    expect(new TimeWindow(0, 5).intersects(new TimeWindow(6, 10))).toBe(false);
  });
});

describe("TumblingEventTimeWindows", () => {
  it("puts each element into exactly one aligned window", () => {
    const a = TumblingEventTimeWindows.of(5000);
    expect(ids(a.assignWindows(null, 0))).toEqual([[0, 5000]]);
    expect(ids(a.assignWindows(null, 4999))).toEqual([[0, 5000]]);
    expect(ids(a.assignWindows(null, 5000))).toEqual([[5000, 10000]]);
    expect(ids(a.assignWindows(null, -1))).toEqual([[-5000, 0]]);
    expect(a.isEventTime()).toBe(true);
    expect(a.getDefaultTrigger().toString()).toBe("EventTimeTrigger()");
  });

  it("shifts windows by the offset", () => {
    const a = TumblingEventTimeWindows.of(5000, 100);
    expect(ids(a.assignWindows(null, 100))).toEqual([[100, 5100]]);
    expect(ids(a.assignWindows(null, 99))).toEqual([[-4900, 100]]);
    expect(ids(TumblingEventTimeWindows.of(5000, -100).assignWindows(null, 4900))).toEqual([[4900, 9900]]);
  });

  it("rejects bad arguments and elements without timestamps", () => {
    expect(() => TumblingEventTimeWindows.of(0)).toThrow(/size/);
    expect(() => TumblingEventTimeWindows.of(10, 10)).toThrow(/offset/);
    expect(() => TumblingEventTimeWindows.of(10).assignWindows(null, Number.NEGATIVE_INFINITY)).toThrow(
      /no timestamp/,
    );
  });

  it("processing-time variant uses the current processing time", () => {
    const a = TumblingProcessingTimeWindows.of(1000);
    expect(ids(a.assignWindows(null, Number.NEGATIVE_INFINITY, ctx(2500)))).toEqual([[2000, 3000]]);
    expect(a.isEventTime()).toBe(false);
    expect(a.getDefaultTrigger().toString()).toBe("ProcessingTimeTrigger()");
  });
});

describe("SlidingEventTimeWindows", () => {
  it("puts each element into size/slide windows, latest first", () => {
    const a = SlidingEventTimeWindows.of(5000, 1000);
    expect(ids(a.assignWindows(null, 0))).toEqual([
      [0, 5000],
      [-1000, 4000],
      [-2000, 3000],
      [-3000, 2000],
      [-4000, 1000],
    ]);
    expect(ids(a.assignWindows(null, 5999))).toEqual([
      [5000, 10000],
      [4000, 9000],
      [3000, 8000],
      [2000, 7000],
      [1000, 6000],
    ]);
  });

  it("handles a slide that does not divide the size, offsets and negative timestamps", () => {
    expect(ids(SlidingEventTimeWindows.of(5, 3).assignWindows(null, 4))).toEqual([
      [3, 8],
      [0, 5],
    ]);
    expect(ids(SlidingEventTimeWindows.of(10, 5, 2).assignWindows(null, 3))).toEqual([
      [2, 12],
      [-3, 7],
    ]);
    expect(ids(SlidingEventTimeWindows.of(10, 5).assignWindows(null, -3))).toEqual([
      [-5, 5],
      [-10, 0],
    ]);
    expect(() => SlidingEventTimeWindows.of(10, 5, 5)).toThrow(/offset/);
  });

  it("processing-time variant", () => {
    expect(ids(SlidingProcessingTimeWindows.of(10, 5).assignWindows(null, 0, ctx(12)))).toEqual([
      [10, 20],
      [5, 15],
    ]);
  });
});

describe("session windows", () => {
  it("open [ts, ts + gap) and merge overlapping or touching windows", () => {
    const a = EventTimeSessionWindows.withGap(10);
    expect(ids(a.assignWindows(null, 3))).toEqual([[3, 13]]);
    const merges: [number[], number[][]][] = [];
    a.mergeWindows(
      [new TimeWindow(0, 10), new TimeWindow(20, 30), new TimeWindow(10, 15), new TimeWindow(40, 50)],
      (r, m) => merges.push([[r.start, r.end], ids(m)]),
    );
    expect(merges).toEqual([
      [
        [0, 15],
        [
          [0, 10],
          [10, 15],
        ],
      ],
    ]);
  });

  it("dynamic gaps come from the element", () => {
    const a = EventTimeSessionWindows.withDynamicGap<{ gap: number }>((e) => e.gap);
    expect(ids(a.assignWindows({ gap: 7 }, 100))).toEqual([[100, 107]]);
    expect(() => a.assignWindows({ gap: 0 }, 1)).toThrow(/gap/);
    expect(ids(ProcessingTimeSessionWindows.withGap(5).assignWindows(null, 0, ctx(50)))).toEqual([[50, 55]]);
  });
});

describe("GlobalWindows", () => {
  it("assigns the one global window and never fires by default", () => {
    const a = GlobalWindows.create();
    expect(a.assignWindows()).toEqual([GlobalWindow.get()]);
    expect(a.getDefaultTrigger().toString()).toBe("NeverTrigger()");
  });
});
