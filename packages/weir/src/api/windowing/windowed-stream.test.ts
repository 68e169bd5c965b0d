/**
 * Windows end to end through the DataStream API on the inline MiniCluster (`executeAndCollect`),
 * in STREAMING and BATCH: event-time windows give the same final results in both modes.
 */
import { describe, expect, it } from "vitest";
import { ElementsSource } from "../../connectors/index.js";
import { OutputTag } from "../../operators/output-tag.js";
import { WatermarkStrategy } from "../../operators/watermark-strategy.js";
import { StreamExecutionEnvironment } from "../environment.js";
// The package entry: installs the window/join methods and registers the MiniCluster executor.
import "../../index.js";
import { EventTimeSessionWindows } from "../../operators/windowing/assigners/session.js";
import { SlidingEventTimeWindows } from "../../operators/windowing/assigners/sliding.js";
import { TumblingEventTimeWindows } from "../../operators/windowing/assigners/tumbling.js";
import type { TimeWindow } from "../../operators/windowing/windows.js";

type Ev = { user: string; ts: number; n: number };
const EVENTS: Ev[] = [
  { user: "a", ts: 1000, n: 1 },
  { user: "b", ts: 1500, n: 2 },
  { user: "a", ts: 4000, n: 3 },
  { user: "a", ts: 2500, n: 4 },
  { user: "b", ts: 7000, n: 5 },
  { user: "a", ts: 12_000, n: 6 },
  { user: "b", ts: 6100, n: 7 },
  { user: "a", ts: 30_000, n: 8 },
];

function source(env: StreamExecutionEnvironment, events: Ev[] = EVENTS) {
  return env.fromSource(
    new ElementsSource(events),
    WatermarkStrategy.forBoundedOutOfOrderness<Ev>(2000).withTimestampAssigner((e) => e.ts),
    "events",
  );
}

function envOf(mode: "STREAMING" | "BATCH", parallelism = 2) {
  return new StreamExecutionEnvironment({ "execution.runtime-mode": mode }).setParallelism(parallelism);
}

/** Bounded out-of-orderness, emitted after every event (deterministic, unlike periodic emission). */
function punctuated<T>(outOfOrderness: number): WatermarkStrategy<T> {
  return WatermarkStrategy.forGenerator<T>(() => {
    let max = Number.NEGATIVE_INFINITY;
    return {
      onEvent: (_e, ts, output) => {
        max = Math.max(max, ts);
        output.emitWatermark(max - outOfOrderness - 1);
      },
      onPeriodicEmit: () => {},
    };
  });
}

const describeWindow = (k: string, w: TimeWindow, v: number) => `${k} [${w.start},${w.end}) ${v}`;

describe.each(["STREAMING", "BATCH"] as const)("windows end to end (%s)", (mode) => {
  it("tumbling event-time windows: sum per user and window", async () => {
    const env = envOf(mode);
    const out = await source(env)
      .map((e): [string, number] => [e.user, e.n])
      .keyBy((e) => e[0])
      .window(TumblingEventTimeWindows.of(5000))
      .reduce((a, b) => [a[0], a[1] + b[1]])
      .executeAndCollect();
    expect(out.map(([u, n]) => `${u}:${n}`).sort()).toEqual(["a:8", "a:6", "a:8", "b:2", "b:12"].sort());
  });

  it("sliding windows with a process window function (incremental aggregation)", async () => {
    const env = envOf(mode);
    const out = await source(env)
      .keyBy((e) => e.user)
      .window(SlidingEventTimeWindows.of(10_000, 5000))
      .aggregate(
        {
          createAccumulator: () => 0,
          add: (e: Ev, acc: number) => acc + e.n,
          getResult: (acc: number) => acc,
          merge: (a: number, b: number) => a + b,
        },
        (key: string, ctx, sums, collector) => {
          for (const s of sums) collector.collect(describeWindow(key, ctx.window(), s));
        },
      )
      .executeAndCollect();
    expect(out.sort()).toEqual(
      [
        "a [-5000,5000) 8",
        "a [0,10000) 8",
        "a [5000,15000) 6",
        "a [10000,20000) 6",
        "a [25000,35000) 8",
        "a [30000,40000) 8",
        "b [-5000,5000) 2",
        "b [0,10000) 14",
        "b [5000,15000) 12",
      ].sort(),
    );
  });

  it("session windows per user", async () => {
    const env = envOf(mode);
    const out = await source(env)
      .keyBy((e) => e.user)
      .window(EventTimeSessionWindows.withGap(3000))
      .process<string>((user, ctx, events, collector) => {
        const ns = [...events].map((e) => e.n).sort((x, y) => x - y);
        collector.collect(`${user} [${ctx.window().start},${ctx.window().end}) ${ns.join(",")}`);
      })
      .executeAndCollect();
    expect(out.sort()).toEqual(
      [
        "a [1000,7000) 1,3,4",
        "a [12000,15000) 6",
        "a [30000,33000) 8",
        "b [1500,4500) 2",
        "b [6100,10000) 5,7",
      ].sort(),
    );
  });

  it("windowAll and countWindow", async () => {
    const env = envOf(mode);
    const all = source(env)
      .map((e) => e.n)
      .windowAll(TumblingEventTimeWindows.of(10_000))
      .reduce((a, b) => a + b);
    const counts = source(env)
      .keyBy((e) => e.user)
      .countWindow(2)
      .process<string>((user, _ctx, events, collector) => {
        collector.collect(`${user}:${[...events].map((e) => e.n).join("+")}`);
      });
    const both = all.map((n) => `all:${n}`).union(counts);
    const out = await both.executeAndCollect();
    const expectedCounts = mode === "BATCH" ? ["a:1+3", "a:4+6", "b:2+5"] : ["a:1+3", "a:4+6", "b:2+5"];
    expect(out.sort()).toEqual(["all:22", "all:6", "all:8", ...expectedCounts].sort());
  });

  it("window join and coGroup", async () => {
    const env = envOf(mode);
    type Click = { user: string; ts: number; page: string };
    const clicks = env.fromSource(
      new ElementsSource<Click>([
        { user: "a", ts: 1000, page: "home" },
        { user: "b", ts: 2000, page: "cart" },
        { user: "a", ts: 6000, page: "shop" },
      ]),
      WatermarkStrategy.forBoundedOutOfOrderness<Click>(0).withTimestampAssigner((c) => c.ts),
      "clicks",
    );
    const joined = source(env)
      .join(clicks)
      .where((e) => e.user)
      .equalTo((c) => c.user)
      .window(TumblingEventTimeWindows.of(5000))
      .apply((e, c) => `${e.user}:${e.n}@${c.page}`);
    const grouped = source(env)
      .coGroup(clicks)
      .where((e) => e.user)
      .equalTo((c) => c.user)
      .window(TumblingEventTimeWindows.of(5000))
      .apply<string>((es, cs, out) => {
        const ev = [...es];
        const cl = [...cs];
        out.collect(`cg ${(ev[0]?.user ?? cl[0]?.user) as string} ${ev.length}/${cl.length}`);
      });
    const out = await joined.union(grouped).executeAndCollect();
    expect(out.sort()).toEqual(
      [
        "a:1@home",
        "a:4@home",
        "a:3@home",
        "b:2@cart",
        "cg a 3/1",
        "cg a 0/1",
        "cg a 1/0",
        "cg a 1/0",
        "cg b 1/1",
        "cg b 2/0",
      ].sort(),
    );
  });

  it("interval join", async () => {
    const env = envOf(mode);
    type Order = { user: string; ts: number; id: string };
    const orders = env
      .fromSource(
        new ElementsSource<Order>([
          { user: "a", ts: 3000, id: "o1" },
          { user: "b", ts: 7000, id: "o2" },
        ]),
        WatermarkStrategy.forBoundedOutOfOrderness<Order>(0).withTimestampAssigner((o) => o.ts),
        "orders",
      )
      .keyBy((o) => o.user);
    const out = await orders
      .intervalJoin(source(env).keyBy((e) => e.user))
      .between(-2000, 1000)
      .process<string>((o, e, ctx, collector) => collector.collect(`${o.id}-${e.n}@${ctx.getTimestamp()}`))
      .executeAndCollect();
    // o1 (3000) joins a-events in [1000, 4000]: n=1 (1000), 3 (4000), 4 (2500); o2 (7000): b in [5000, 8000]: 5, 7.
    expect(out.sort()).toEqual(["o1-1@3000", "o1-3@4000", "o1-4@3000", "o2-5@7000", "o2-7@7000"].sort());
  });
});

describe("late data end to end (STREAMING)", () => {
  it("late elements go to the side output; BATCH has no late data", async () => {
    const late = new OutputTag<Ev>("late");
    const events: Ev[] = [
      { user: "a", ts: 1000, n: 1 },
      { user: "a", ts: 9000, n: 2 },
      { user: "a", ts: 2000, n: 3 }, // watermark is 9000 - 0 - 1 by now: late for [0, 5000)
    ];
    for (const mode of ["STREAMING", "BATCH"] as const) {
      const env = envOf(mode, 1);
      const windowed = env
        .fromSource(
          new ElementsSource(events, 1),
          punctuated<Ev>(0).withTimestampAssigner((e) => e.ts),
          "events",
        )
        .keyBy((e) => e.user)
        .window(TumblingEventTimeWindows.of(5000))
        .sideOutputLateData(late)
        .reduce((x, y) => ({ user: x.user, ts: x.ts, n: x.n + y.n }));
      const lateOut = windowed.getSideOutput(late).map((e) => `late:${e.n}`);
      const out = await windowed
        .map((e) => `${e.n}`)
        .union(lateOut)
        .executeAndCollect();
      expect({ mode, out: out.sort() }).toEqual({
        mode,
        out: mode === "BATCH" ? ["2", "4"] : ["1", "2", "late:3"],
      });
    }
  });
});

describe("windowed stream definitions", () => {
  const env = () => new StreamExecutionEnvironment();

  it("windowAll runs at parallelism 1 and refuses more", () => {
    const all = env()
      .fromElements(1, 2, 3)
      .windowAll(TumblingEventTimeWindows.of(10))
      .reduce((a, b) => a + b);
    expect(all.getParallelism()).toBe(1);
    expect(() => all.setParallelism(2)).toThrow(/non parallel/);
  });

  it("validates lateness and trigger/assigner combinations", () => {
    const keyed = env()
      .fromElements(1, 2, 3)
      .keyBy((n) => n % 2);
    expect(() => keyed.window(TumblingEventTimeWindows.of(10)).allowedLateness(-1)).toThrow(/lateness/);
    const nonMerging = {
      onElement: () => "FIRE" as const,
      onEventTime: () => "CONTINUE" as const,
      onProcessingTime: () => "CONTINUE" as const,
      clear: () => {},
    };
    expect(() => keyed.window(EventTimeSessionWindows.withGap(10)).trigger(nonMerging)).toThrow(
      /does not support merging/,
    );
  });

  it("sum, min and maxBy per window, with field expressions", async () => {
    const e = new StreamExecutionEnvironment({ "execution.runtime-mode": "BATCH" }).setParallelism(1);
    const input = e.fromSource(
      new ElementsSource<[string, number, number]>([
        ["a", 1, 5],
        ["a", 2, 9],
        ["a", 3, 7],
        ["b", 4, 1],
      ]),
      WatermarkStrategy.forMonotonousTimestamps<[string, number, number]>().withTimestampAssigner(
        (t) => t[1],
      ),
      "tuples",
    );
    const windowed = () => input.keyBy(0).window(TumblingEventTimeWindows.of(100));
    const sums = windowed()
      .sum(2)
      .map((t) => `sum ${t.join(",")}`);
    const mins = windowed()
      .min(2)
      .map((t) => `min ${t.join(",")}`);
    const maxBys = windowed()
      .maxBy(2)
      .map((t) => `maxBy ${t.join(",")}`);
    const out = await sums.union(mins, maxBys).executeAndCollect();
    expect(out.sort()).toEqual([
      "maxBy a,2,9",
      "maxBy b,4,1",
      "min a,1,5",
      "min b,4,1",
      "sum a,1,21",
      "sum b,4,1",
    ]);
  });

  it("countWindowAll keeps the last size elements every slide elements", async () => {
    const e = new StreamExecutionEnvironment({ "execution.runtime-mode": "BATCH" });
    const out = await e
      .fromElements(1, 2, 3, 4, 5, 6)
      .countWindowAll(3, 2)
      .process<string>((_ctx, xs, o) => o.collect([...xs].join("")))
      .executeAndCollect();
    expect(out).toEqual(["12", "234", "456"]);
  });
});
