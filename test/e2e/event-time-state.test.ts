/**
 * Event time, keyed state and timers end to end on the MiniCluster (inline slots): a
 * KeyedProcessFunction that sums values per key and 10 ms event-time bucket in MapState and emits
 * each bucket from an event-time timer gives the same results in STREAMING (periodic watermarks
 * through a keyed exchange) and BATCH (timers at the end of each key), at p=1 and p=2.
 */
import { describe, expect, it } from "vitest";
import {
  type Collector,
  type KeyedBroadcastContext,
  type KeyedBroadcastOnTimerContext,
  type KeyedBroadcastProcessFunction,
  type KeyedBroadcastReadOnlyContext,
  type KeyedOnTimerContext,
  type KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type MapFunction,
  type MapState,
  MapStateDescriptor,
  type RuntimeContext,
  RuntimeExecutionMode,
  StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
  WatermarkStrategy,
} from "weir";

type Event = { key: string; ts: number; value: number };
type Bucket = [key: string, end: number, sum: number];

class BucketSums implements KeyedProcessFunction<string, Event, Bucket> {
  private sums!: MapState<number, number>;
  open(ctx: RuntimeContext): void {
    this.sums = ctx.getMapState(new MapStateDescriptor<number, number>("sums"));
  }
  processElement(e: Event, ctx: KeyedProcessFunctionContext<string>): void {
    const end = Math.floor(e.ts / 10) * 10 + 9;
    this.sums.put(end, (this.sums.get(end) ?? 0) + e.value);
    ctx.timerService().registerEventTimeTimer(end);
  }
  onTimer(ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<Bucket>): void {
    out.collect([ctx.getCurrentKey(), ts, this.sums.get(ts) ?? 0]);
    this.sums.remove(ts);
  }
}

/** Out of order by at most 4 ms per key stream, so no record is ever late for a 5 ms bound. */
function events(): Event[] {
  const out: Event[] = [];
  for (let i = 0; i < 400; i++) {
    const ts = i * 3 + ((i * 7) % 5) - 2;
    out.push({ key: `k${i % 7}`, ts: Math.max(0, ts), value: i % 11 });
  }
  return out;
}

function expected(): Bucket[] {
  const sums = new Map<string, number>();
  for (const e of events()) {
    const id = `${e.key}|${Math.floor(e.ts / 10) * 10 + 9}`;
    sums.set(id, (sums.get(id) ?? 0) + e.value);
  }
  return [...sums].map(([id, sum]) => {
    const [key, end] = id.split("|");
    return [key!, Number(end), sum] as Bucket;
  });
}

const byKeyAndEnd = (a: Bucket, b: Bucket) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]);

async function run(mode: RuntimeExecutionMode, parallelism: number): Promise<Bucket[]> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment({
    "taskmanager.numberOfTaskSlots": "4",
    "pipeline.auto-watermark-interval": "1 ms",
  });
  env.setParallelism(parallelism).setRuntimeMode(mode);
  const out = await env
    .fromCollection(events())
    .rebalance()
    .assignTimestampsAndWatermarks(
      WatermarkStrategy.forBoundedOutOfOrderness<Event>(5).withTimestampAssigner((e) => e.ts),
    )
    .keyBy((e) => e.key)
    .process(new BucketSums())
    .executeAndCollect(`event time ${mode}`);
  return out.sort(byKeyAndEnd);
}

describe.each([1, 2])("KeyedProcessFunction with event-time timers at p=%i", (p) => {
  it("gives the same buckets in STREAMING and BATCH", async () => {
    const want = expected().sort(byKeyAndEnd);
    const streaming = await run(RuntimeExecutionMode.STREAMING, p);
    expect(streaming).toEqual(want);
    const batch = await run(RuntimeExecutionMode.BATCH, p);
    expect(batch).toEqual(want);
  });
});

class CountWords implements MapFunction<string, string> {
  private count!: ValueState<number>;
  open(ctx: RuntimeContext): void {
    this.count = ctx.getState(new ValueStateDescriptor<number>("count", 0));
  }
  map(word: string): string {
    const n = (this.count.value() ?? 0) + 1;
    this.count.update(n);
    return `${word}${n}`;
  }
}

const limits = new MapStateDescriptor<string, number>("limits");

/** Sums per key; at the end (timer at MAX) compares the total with the broadcast limit. */
class TotalsAgainstLimit
  implements KeyedBroadcastProcessFunction<string, [string, number], [string, number], string>
{
  private total!: ValueState<number>;
  open(ctx: RuntimeContext): void {
    this.total = ctx.getState(new ValueStateDescriptor<number>("total", 0));
  }
  processElement(t: [string, number], ctx: KeyedBroadcastReadOnlyContext<string>): void {
    this.total.update((this.total.value() ?? 0) + t[1]);
    ctx.timerService().registerEventTimeTimer(Number.MAX_SAFE_INTEGER);
  }
  processBroadcastElement(rule: [string, number], ctx: KeyedBroadcastContext): void {
    ctx.getBroadcastState(limits).put(rule[0], rule[1]);
  }
  onTimer(_ts: number, ctx: KeyedBroadcastOnTimerContext<string>, out: Collector<string>): void {
    const max = ctx.getBroadcastState(limits).get("max") ?? Number.POSITIVE_INFINITY;
    const total = this.total.value() ?? 0;
    out.collect(`${ctx.getCurrentKey()}=${total}${total > max ? " over" : ""}`);
  }
}

describe("keyed state through the API on the MiniCluster", () => {
  it("rich functions after keyBy get keyed state", async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment({ "taskmanager.numberOfTaskSlots": "4" });
    env.setParallelism(2);
    const counted = await env
      .fromCollection(["a", "b", "a", "c", "a", "b"])
      .keyBy((w) => w)
      .map(new CountWords())
      .executeAndCollect();
    expect(counted.sort()).toEqual(["a1", "a2", "a3", "b1", "b2", "c1"]);
  });

  it("keyed broadcast: keyed state and timers on one side, broadcast state from the other", async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment({ "taskmanager.numberOfTaskSlots": "4" });
    env.setParallelism(2);
    const rules = env.fromElements<[string, number]>(["max", 5]).broadcast(limits);
    const out = await env
      .fromCollection<[string, number]>([
        ["x", 3],
        ["y", 4],
        ["x", 4],
        ["y", 1],
      ])
      .keyBy((t) => t[0])
      .connect(rules)
      .process(new TotalsAgainstLimit())
      .executeAndCollect();
    expect(out.sort()).toEqual(["x=7 over", "y=5"]);
  });
});
