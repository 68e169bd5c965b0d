// weir run docs/snippets/broadcast-state.ts
import {
  type BroadcastContext,
  type BroadcastProcessFunction,
  type BroadcastReadOnlyContext,
  type Collector,
  MapStateDescriptor,
  StreamExecutionEnvironment,
} from "weir";

type Reading = { sensor: string; celsius: number };
type Limit = { sensor: string; max: number };

// The same descriptor declares the state on broadcast() and reads it in the function.
const limits = new MapStateDescriptor<string, number>("limits");

class Alerts implements BroadcastProcessFunction<Reading, Limit, string> {
  // The two inputs are not ordered: readings that arrive before any limit wait here.
  private waiting: Reading[] = [];

  processElement(r: Reading, ctx: BroadcastReadOnlyContext, out: Collector<string>): void {
    const state = ctx.getBroadcastState(limits);
    if (!state.contains(r.sensor)) this.waiting.push(r);
    else if (r.celsius > state.get(r.sensor)!)
      out.collect(`${r.sensor}: ${r.celsius} > ${state.get(r.sensor)}`);
  }

  processBroadcastElement(limit: Limit, ctx: BroadcastContext, out: Collector<string>): void {
    ctx.getBroadcastState(limits).put(limit.sensor, limit.max);
    const ready = this.waiting.filter((r) => r.sensor === limit.sensor);
    this.waiting = this.waiting.filter((r) => r.sensor !== limit.sensor);
    for (const r of ready) if (r.celsius > limit.max) out.collect(`${r.sensor}: ${r.celsius} > ${limit.max}`);
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.setParallelism(1);
  const rules = env.fromElements<Limit>({ sensor: "boiler", max: 90 }).broadcast(limits);
  env
    .fromElements<Reading>({ sensor: "boiler", celsius: 80 }, { sensor: "boiler", celsius: 95 })
    .connect(rules)
    .process(new Alerts())
    .print();
  await env.execute("broadcast state");
}
