/**
 * Window operator semantics, driven through the operator harness. Expected results follow Flink's
 * documented window semantics (WindowOperator / WindowOperatorTest behaviour), not its code.
 */
import { describe, expect, it } from "vitest";
import { type Clock, ManualClock } from "../../core/clock.js";
import { OutputTag } from "../output-tag.js";
import { ReducingStateDescriptor, ValueStateDescriptor } from "../state/state-descriptors.js";
import type { AggregateFunction } from "../state/state-types.js";
import { OperatorTestHarness } from "../testing/harness.js";
import { GlobalWindows } from "./assigners/global.js";
import { EventTimeSessionWindows, ProcessingTimeSessionWindows } from "./assigners/session.js";
import { SlidingEventTimeWindows } from "./assigners/sliding.js";
import { TumblingEventTimeWindows, TumblingProcessingTimeWindows } from "./assigners/tumbling.js";
import type { WindowAssigner } from "./assigners/window-assigner.js";
import { CountEvictor } from "./evictors/count-evictor.js";
import type { Evictor } from "./evictors/evictor.js";
import { TimeEvictor } from "./evictors/time-evictor.js";
import { ContinuousEventTimeTrigger } from "./triggers/continuous-event-time-trigger.js";
import { CountTrigger } from "./triggers/count-trigger.js";
import { PurgingTrigger } from "./triggers/purging-trigger.js";
import type { Trigger, TriggerContext, TriggerResult } from "./triggers/trigger.js";
import {
  aggregateContents,
  listContents,
  reduceContents,
  type WindowContentsSpec,
} from "./window-contents.js";
import {
  type InternalWindowFunction,
  internalProcessFunction,
  type ProcessWindowFunctionLike,
  passThroughFunction,
} from "./window-functions.js";
import { WindowOperator } from "./window-operator.js";
import { type GlobalWindow, TimeWindow, type Window } from "./windows.js";

type Rec = [key: string, value: number];
const key = (r: Rec) => r[0];
const sum = reduceContents<Rec>((a, b) => [a[0], a[1] + b[1]]);

interface Extra<W extends Window> {
  trigger?: Trigger<Rec, W>;
  evictor?: Evictor<Rec, W>;
  allowedLateness?: number;
  lateTag?: OutputTag<Rec>;
  clock?: Clock;
  runtimeMode?: "STREAMING" | "BATCH";
}

async function harnessOf<ACC, OUT, W extends Window>(
  assigner: WindowAssigner<Rec, W>,
  contents: WindowContentsSpec<Rec, ACC>,
  fn: InternalWindowFunction<ACC, OUT, string, W>,
  extra: Extra<W> = {},
) {
  const op = new WindowOperator<Rec, ACC, OUT, string, W>({
    assigner,
    keySelector: key,
    contents,
    windowFunction: fn,
    trigger: extra.trigger,
    evictor: extra.evictor,
    allowedLateness: extra.allowedLateness,
    lateDataOutputTag: extra.lateTag,
  });
  const h = new OperatorTestHarness<Rec, OUT>(op, {
    ...(extra.clock === undefined ? {} : { clock: extra.clock }),
    runtimeMode: extra.runtimeMode ?? "STREAMING",
  });
  await h.open();
  return { h, op };
}

/** A process function printing `key@start-end:elements`. */
function describeWindow<W extends Window>(): InternalWindowFunction<Rec, string, string, W> {
  return internalProcessFunction<Rec, string, string, W>((k, ctx, elements, out) => {
    const w = ctx.window() as unknown as TimeWindow;
    const values = [...elements].map((e) => e[1]);
    out.collect(`${k}@${w.start ?? "global"}-${w.end ?? ""}:${values.join(",")}`);
  });
}

describe("WindowOperator: tumbling event-time windows", () => {
  it("fires each window once the watermark passes its end, with timestamp maxTimestamp", async () => {
    const { h } = await harnessOf(
      TumblingEventTimeWindows.of(10),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
    );
    h.processElement(["a", 1], 1);
    h.processElement(["a", 2], 9);
    h.processElement(["b", 5], 3);
    h.processElement(["a", 4], 10);
    h.processWatermark(8);
    expect(h.getOutput()).toEqual([]);
    h.processWatermark(9);
    expect(h.getRecords()).toEqual([
      { value: ["a", 3], timestamp: 9 },
      { value: ["b", 5], timestamp: 9 },
    ]);
    h.clearOutput();
    h.processWatermark(100);
    expect(h.getRecords()).toEqual([{ value: ["a", 4], timestamp: 19 }]);
    expect(h.getWatermarks()).toEqual([100]);
  });

  it("drops late elements and counts them; with a side output tag they go there", async () => {
    const { h, op } = await harnessOf(
      TumblingEventTimeWindows.of(10),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
    );
    h.processWatermark(20);
    h.processElement(["a", 1], 5);
    expect(h.getOutput()).toEqual([]);
    expect(op.getNumLateRecordsDropped()).toBe(1);

    const tag = new OutputTag<Rec>("late");
    const { h: h2 } = await harnessOf(
      TumblingEventTimeWindows.of(10),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
      {
        lateTag: tag,
      },
    );
    h2.processWatermark(20);
    h2.processElement(["a", 1], 5);
    h2.processElement(["a", 2], 19);
    expect(h2.getSideOutputRecords(tag)).toEqual([
      { value: ["a", 1], timestamp: 5 },
      { value: ["a", 2], timestamp: 19 },
    ]);
  });

  it("allowed lateness re-fires the window for each late element, then cleans it up", async () => {
    const tag = new OutputTag<Rec>("late");
    const { h } = await harnessOf(
      TumblingEventTimeWindows.of(10),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
      {
        allowedLateness: 5,
        lateTag: tag,
      },
    );
    h.processElement(["a", 1], 2);
    h.processWatermark(10);
    expect(h.getOutput()).toEqual([["a", 1]]);
    h.processElement(["a", 2], 3); // late but within lateness: fires at once with the updated sum
    expect(h.getOutput()).toEqual([
      ["a", 1],
      ["a", 3],
    ]);
    h.processWatermark(14); // cleanup time is 9 + 5 = 14
    h.processElement(["a", 4], 4); // beyond the lateness
    expect(h.getOutput()).toEqual([
      ["a", 1],
      ["a", 3],
    ]);
    expect(h.getSideOutput(tag)).toEqual([["a", 4]]);
  });

  it("handles negative timestamps", async () => {
    const { h } = await harnessOf(
      TumblingEventTimeWindows.of(10),
      listContents<Rec>(),
      describeWindow<TimeWindow>(),
    );
    h.processElement(["a", 1], -1);
    h.processElement(["a", 2], -10);
    h.processElement(["a", 3], 0);
    h.processWatermark(0);
    expect(h.getOutput()).toEqual(["a@-10-0:1,2"]);
  });
});

describe("WindowOperator: sliding and session windows", () => {
  it("sliding windows emit every window an element belongs to", async () => {
    const { h } = await harnessOf(
      SlidingEventTimeWindows.of(10, 5),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
    );
    h.processElement(["a", 1], 1);
    h.processElement(["a", 2], 7);
    h.processElement(["a", 4], 12);
    h.processWatermark(100);
    expect(h.getRecords()).toEqual([
      { value: ["a", 1], timestamp: 4 },
      { value: ["a", 3], timestamp: 9 },
      { value: ["a", 6], timestamp: 14 },
      { value: ["a", 4], timestamp: 19 },
    ]);
  });

  it("session windows merge; a bridging element merges two sessions and their contents", async () => {
    const { h } = await harnessOf(
      EventTimeSessionWindows.withGap(3),
      listContents<Rec>(),
      describeWindow<TimeWindow>(),
    );
    h.processElement(["a", 1], 0);
    h.processElement(["a", 2], 1); // [0, 4)
    h.processElement(["a", 3], 6); // [6, 9)
    h.processElement(["b", 9], 2);
    h.processWatermark(2);
    expect(h.getOutput()).toEqual([]);
    h.processElement(["a", 4], 3); // [3, 6) bridges [0, 4) and [6, 9)
    h.processWatermark(5);
    expect(h.getOutput()).toEqual(["b@2-5:9"]);
    h.processWatermark(8);
    expect(h.getOutput()).toEqual(["b@2-5:9", "a@0-9:1,2,3,4"]);
  });

  it("session windows with incremental aggregation merge the accumulators", async () => {
    const count: AggregateFunction<Rec, number, number> = {
      createAccumulator: () => 0,
      add: (_v, acc) => acc + 1,
      getResult: (acc) => acc,
      merge: (a, b) => a + b,
    };
    const { h } = await harnessOf(
      EventTimeSessionWindows.withGap(5),
      aggregateContents(count),
      internalProcessFunction<number, string, string, TimeWindow>((k, ctx, elements, out) => {
        out.collect(`${k} ${ctx.window().start}-${ctx.window().end} n=${[...elements].join()}`);
      }),
    );
    for (const t of [0, 3, 20, 10, 14, 7]) h.processElement(["u", 1], t);
    h.processWatermark(100);
    // [0,5) [3,8) [7,12) [10,15) [14,19) chain into [0,19); [20,25) neither overlaps nor touches it.
    expect(h.getOutput()).toEqual(["u 0-19 n=5", "u 20-25 n=1"]);
    for (const t of [200, 203, 300, 208]) h.processElement(["u", 1], t);
    h.processWatermark(1000);
    expect(h.getOutput()).toEqual(["u 0-19 n=5", "u 20-25 n=1", "u 200-213 n=3", "u 300-305 n=1"]);
  });

  it("removes all state and timers after cleanup", async () => {
    const { h, op } = await harnessOf(
      EventTimeSessionWindows.withGap(3),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
    );
    h.processElement(["a", 1], 0);
    h.processElement(["a", 1], 2);
    h.processElement(["b", 1], 2);
    h.processWatermark(100);
    expect(h.getOutput()).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
    const ctx = (op as unknown as { backend: { numEntries(): number } }).backend;
    expect(ctx.numEntries()).toBe(0);
  });
});

describe("WindowOperator: incremental aggregation with a process window function", () => {
  it("the process function receives the single aggregated value and the window", async () => {
    const avg: AggregateFunction<Rec, [number, number], number> = {
      createAccumulator: () => [0, 0],
      add: (v, acc) => [acc[0] + v[1], acc[1] + 1],
      getResult: (acc) => acc[0] / acc[1],
      merge: (a, b) => [a[0] + b[0], a[1] + b[1]],
    };
    const fn: ProcessWindowFunctionLike<number, string, string, TimeWindow> = (k, ctx, elements, out) => {
      const all = [...elements];
      out.collect(
        `${k} [${ctx.window().start},${ctx.window().end}) avg=${all[0]} n=${all.length} wm=${ctx.currentWatermark()}`,
      );
    };
    const { h } = await harnessOf(
      TumblingEventTimeWindows.of(10),
      aggregateContents(avg),
      internalProcessFunction(fn),
    );
    h.processElement(["a", 1], 1);
    h.processElement(["a", 3], 2);
    h.processWatermark(10);
    expect(h.getOutput()).toEqual(["a [0,10) avg=2 n=1 wm=10"]);
  });

  it("windowState is per window, globalState per key; clear() runs at cleanup", async () => {
    const fires = new ValueStateDescriptor<number>("fires");
    const total = new ValueStateDescriptor<number>("total");
    const cleared: string[] = [];
    const { h } = await harnessOf(
      TumblingEventTimeWindows.of(10),
      sum,
      internalProcessFunction<Rec, string, string, TimeWindow>({
        process(k, ctx, elements, out) {
          const perWindow = ctx.windowState().getState(fires);
          perWindow.update((perWindow.value() ?? 0) + 1);
          const perKey = ctx.globalState().getState(total);
          const v = [...elements][0]![1];
          perKey.update((perKey.value() ?? 0) + v);
          out.collect(`${k} ${ctx.window().start} fire#${perWindow.value()} total=${perKey.value()}`);
        },
        clear(ctx) {
          cleared.push(`${ctx.window().start}:${ctx.windowState().getState(fires).value()}`);
          ctx.windowState().getState(fires).clear();
        },
      }),
      { allowedLateness: 100 },
    );
    h.processElement(["a", 1], 1);
    h.processWatermark(10);
    h.processElement(["a", 2], 2);
    h.processElement(["a", 5], 15);
    h.processWatermark(20);
    expect(h.getOutput()).toEqual(["a 0 fire#1 total=1", "a 0 fire#2 total=4", "a 10 fire#1 total=9"]);
    h.processWatermark(200);
    expect(cleared).toEqual(["0:2", "10:1"]);
  });
});

describe("WindowOperator: triggers and evictors", () => {
  it("CountTrigger fires every n elements without purging; PurgingTrigger purges", async () => {
    const { h } = await harnessOf(
      GlobalWindows.create(),
      sum,
      passThroughFunction<Rec, string, GlobalWindow>(),
      {
        trigger: CountTrigger.of(2),
      },
    );
    for (let i = 1; i <= 5; i++) h.processElement(["a", i]);
    expect(h.getOutput()).toEqual([
      ["a", 3],
      ["a", 10],
    ]);
    const { h: p } = await harnessOf(
      GlobalWindows.create(),
      sum,
      passThroughFunction<Rec, string, GlobalWindow>(),
      {
        trigger: PurgingTrigger.of(CountTrigger.of(2)),
      },
    );
    for (let i = 1; i <= 5; i++) p.processElement(["a", i]);
    expect(p.getOutput()).toEqual([
      ["a", 3],
      ["a", 7],
    ]);
  });

  it("global windows with the default trigger never fire", async () => {
    const { h } = await harnessOf(
      GlobalWindows.create(),
      sum,
      passThroughFunction<Rec, string, GlobalWindow>(),
    );
    for (let i = 1; i <= 5; i++) h.processElement(["a", i], i);
    h.processWatermark(Number.POSITIVE_INFINITY);
    expect(h.getOutput()).toEqual([]);
  });

  it("count window with slide: CountEvictor(size) + CountTrigger(slide)", async () => {
    const { h } = await harnessOf(
      GlobalWindows.create(),
      listContents<Rec>(),
      describeWindow<GlobalWindow>(),
      {
        trigger: CountTrigger.of(2),
        evictor: CountEvictor.of(3),
      },
    );
    for (let i = 1; i <= 6; i++) h.processElement(["k", i]);
    expect(h.getOutput()).toEqual(["k@global-:1,2", "k@global-:2,3,4", "k@global-:4,5,6"]);
  });

  it("an evictor with doEvictAfter evicts after the window function ran", async () => {
    const { h } = await harnessOf(
      GlobalWindows.create(),
      listContents<Rec>(),
      describeWindow<GlobalWindow>(),
      {
        trigger: CountTrigger.of(2),
        evictor: CountEvictor.of(1, true),
      },
    );
    for (let i = 1; i <= 4; i++) h.processElement(["k", i]);
    expect(h.getOutput()).toEqual(["k@global-:1,2", "k@global-:2,3,4"]);
  });

  it("ContinuousEventTimeTrigger fires early at interval boundaries and at the window end", async () => {
    const { h } = await harnessOf(
      TumblingEventTimeWindows.of(100),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
      {
        trigger: ContinuousEventTimeTrigger.of(30),
      },
    );
    h.processElement(["a", 1], 5);
    h.processWatermark(29);
    expect(h.getOutput()).toEqual([]);
    h.processWatermark(30);
    expect(h.getOutput()).toEqual([["a", 1]]);
    h.processElement(["a", 2], 40);
    h.processWatermark(60);
    expect(h.getOutput()).toEqual([
      ["a", 1],
      ["a", 3],
    ]);
    h.processWatermark(99);
    expect(h.getOutput()).toEqual([
      ["a", 1],
      ["a", 3],
      ["a", 3],
      ["a", 3],
    ]);
  });

  it("a custom trigger with partitioned state: fire when the sum reaches a threshold", async () => {
    const sumDesc = new ReducingStateDescriptor<number>("sum", (a, b) => a + b);
    const threshold: Trigger<Rec, TimeWindow> = {
      onElement(element: Rec, _ts: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
        ctx.registerEventTimeTimer(window.maxTimestamp());
        const s = ctx.getPartitionedState(sumDesc);
        s.add(element[1]);
        if ((s.get() ?? 0) >= 10) {
          s.clear();
          return "FIRE_AND_PURGE";
        }
        return "CONTINUE";
      },
      onEventTime: (time, window) => (time === window.maxTimestamp() ? "FIRE" : "CONTINUE"),
      onProcessingTime: () => "CONTINUE",
      clear(window, ctx) {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ctx.getPartitionedState(sumDesc).clear();
      },
      toString: () => "Threshold",
    };
    const { h } = await harnessOf(
      TumblingEventTimeWindows.of(100),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
      {
        trigger: threshold,
      },
    );
    for (const v of [4, 5, 6, 2]) h.processElement(["a", v], 1);
    expect(h.getOutput()).toEqual([["a", 15]]);
    h.processWatermark(99);
    expect(h.getOutput()).toEqual([
      ["a", 15],
      ["a", 2],
    ]);
  });

  it("TimeEvictor on a tumbling window evaluates only the recent elements; evicted elements stay out", async () => {
    const { h } = await harnessOf<Rec, Rec, TimeWindow>(
      TumblingEventTimeWindows.of(100),
      sum,
      passThroughFunction(),
      {
        evictor: TimeEvictor.of(45),
        allowedLateness: 50,
      },
    );
    // max timestamp 95: elements at or before 95 - 45 = 50 are evicted
    for (const t of [1, 50, 85, 95]) h.processElement(["a", t], t);
    h.processWatermark(99);
    expect(h.getOutput()).toEqual([["a", 180]]);
    h.processElement(["a", 1000], 60); // late, within lateness: re-fires over what the evictor kept
    h.processElement(["a", 7], 3); // evicted again at once
    expect(h.getOutput()).toEqual([
      ["a", 180],
      ["a", 1180],
      ["a", 1180],
    ]);
  });
});

describe("WindowOperator: processing time and BATCH", () => {
  it("processing-time tumbling windows fire when the clock reaches the end", async () => {
    const clock = new ManualClock(1000);
    const { h } = await harnessOf(
      TumblingProcessingTimeWindows.of(100),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
      {
        clock,
      },
    );
    h.processElement(["a", 1]);
    h.processElement(["a", 2]);
    clock.advance(50);
    h.processElement(["a", 4]);
    clock.advance(49);
    await Promise.resolve();
    expect(h.getOutput()).toEqual([["a", 7]]);
  });

  it("processing-time session windows merge and fire when the clock passes the session end", async () => {
    const { h } = await harnessOf(
      ProcessingTimeSessionWindows.withGap(10),
      listContents<Rec>(),
      describeWindow<TimeWindow>(),
    );
    h.processElement(["a", 1]);
    h.setProcessingTime(5);
    h.processElement(["a", 2]); // [5, 15) merges with [0, 10)
    h.processElement(["b", 3]);
    h.setProcessingTime(13);
    expect(h.getOutput()).toEqual([]);
    h.setProcessingTime(14);
    expect(h.getOutput()).toEqual(["a@0-15:1,2", "b@5-15:3"]);
  });

  it("BATCH: event-time windows fire once, complete, at the end of the key", async () => {
    const { h } = await harnessOf(
      TumblingEventTimeWindows.of(10),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
      {
        runtimeMode: "BATCH",
      },
    );
    h.processElement(["a", 1], 1);
    h.processElement(["a", 2], 15);
    h.processElement(["a", 3], 3);
    expect(h.getOutput()).toEqual([]);
    h.batchKeyScope!.finishCurrentKey();
    expect(h.getRecords()).toEqual([
      { value: ["a", 4], timestamp: 9 },
      { value: ["a", 2], timestamp: 19 },
    ]);
    h.processElement(["b", 1], 100);
    h.processElement(["b", 1], 5);
    h.processWatermark(Number.POSITIVE_INFINITY);
    expect(h.getOutput().slice(2)).toEqual([
      ["b", 1],
      ["b", 1],
    ]);
  });

  it("BATCH: count triggers fire while records flow; continuous triggers fire only at the end", async () => {
    const { h } = await harnessOf(
      GlobalWindows.create(),
      sum,
      passThroughFunction<Rec, string, GlobalWindow>(),
      {
        runtimeMode: "BATCH",
        trigger: PurgingTrigger.of(CountTrigger.of(2)),
      },
    );
    for (let i = 1; i <= 5; i++) h.processElement(["a", i], i);
    expect(h.getOutput()).toEqual([
      ["a", 3],
      ["a", 7],
    ]);
    const { h: c } = await harnessOf(
      TumblingEventTimeWindows.of(100),
      sum,
      passThroughFunction<Rec, string, TimeWindow>(),
      {
        runtimeMode: "BATCH",
        trigger: ContinuousEventTimeTrigger.of(30),
      },
    );
    for (const t of [5, 40, 70]) c.processElement(["a", 1], t);
    expect(c.getOutput()).toEqual([]);
    c.processWatermark(Number.POSITIVE_INFINITY);
    // The early-firing timer (30) and the end-of-window timer (99) both fire at the end of the
    // key, each with the complete window; the timer re-registered at 30 is dropped.
    expect(c.getOutput()).toEqual([
      ["a", 3],
      ["a", 3],
    ]);
  });
});

it("TimeWindow helper is shared with sessions", () => {
  expect(new TimeWindow(0, 3).cover(new TimeWindow(5, 8)).id()).toBe("0:8");
});

describe("WindowOperator: snapshot and restore", () => {
  it("restores session windows, their merged state and timers from a plain-data snapshot", async () => {
    const make = () =>
      new WindowOperator<Rec, Rec, string, string, TimeWindow>({
        assigner: EventTimeSessionWindows.withGap(3),
        keySelector: key,
        contents: listContents<Rec>(),
        windowFunction: describeWindow<TimeWindow>(),
      });
    const before = new OperatorTestHarness<Rec, string>(make());
    await before.open();
    before.processElement(["a", 1], 0);
    before.processElement(["a", 2], 6);
    before.processElement(["b", 3], 1);
    // structuredClone drops class prototypes: what survives is what a checkpoint would keep.
    const snapshot = structuredClone(before.snapshot());
    await before.close();

    const after = new OperatorTestHarness<Rec, string>(make(), { restoreFrom: [snapshot] });
    await after.open();
    after.processElement(["a", 3], 3); // bridges the restored sessions [0,3) and [6,9)
    after.processWatermark(100);
    expect(after.getOutput().sort()).toEqual(["a@0-9:1,2,3", "b@1-4:3"]);
  });
});
