// weir run docs/snippets/event-time-timers.ts   (with -Dexecution.runtime-mode=BATCH: the same lines)
import {
  type Collector,
  type KeyedOnTimerContext,
  type KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type MapState,
  MapStateDescriptor,
  type RuntimeContext,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from "weir";

type Click = { user: string; at: number };

/** Counts each user's clicks per 10 ms of event time; reports a bucket when the watermark passes its end. */
class ClicksPerBucket implements KeyedProcessFunction<string, Click, string> {
  private counts!: MapState<number, number>;

  open(ctx: RuntimeContext): void {
    this.counts = ctx.getMapState(new MapStateDescriptor<number, number>("counts"));
  }

  processElement(click: Click, ctx: KeyedProcessFunctionContext<string>): void {
    const end = Math.floor(click.at / 10) * 10 + 9;
    this.counts.put(end, (this.counts.get(end) ?? 0) + 1);
    ctx.timerService().registerEventTimeTimer(end); // one timer per key and time, however often registered
  }

  onTimer(end: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    out.collect(`${ctx.getCurrentKey()} [${end - 9}, ${end}]: ${this.counts.get(end)} clicks`);
    this.counts.remove(end);
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env
    .fromElements<Click>(
      { user: "ann", at: 1 },
      { user: "bob", at: 3 },
      { user: "ann", at: 12 },
      { user: "ann", at: 4 }, // out of order, within the 5 ms bound
      { user: "bob", at: 15 },
      { user: "ann", at: 17 },
    )
    .assignTimestampsAndWatermarks(
      WatermarkStrategy.forBoundedOutOfOrderness<Click>(5).withTimestampAssigner((click) => click.at),
    )
    .keyBy((click) => click.user)
    .process(new ClicksPerBucket())
    .print();
  await env.execute("event-time timers");
}
