// weir run docs/snippets/process-functions.ts
import {
  type Collector,
  type KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  OutputTag,
  type ProcessFunction,
  type ProcessFunctionContext,
  StreamExecutionEnvironment,
} from "weir";

type Order = { customer: string; amount: number };

// The tag's id names the side output in the JobGraph: a literal, unique within the job.
const rejected = new OutputTag<string>("rejected-orders");

class Validate implements ProcessFunction<Order, Order> {
  processElement(order: Order, ctx: ProcessFunctionContext, out: Collector<Order>): void {
    if (order.amount > 0) out.collect(order);
    else ctx.output(rejected, `rejected ${order.customer}: ${order.amount}`);
  }
}

class Label implements KeyedProcessFunction<string, Order, string> {
  processElement(order: Order, ctx: KeyedProcessFunctionContext<string>, out: Collector<string>): void {
    out.collect(`${ctx.getCurrentKey()} ordered ${order.amount}`);
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const valid = env
    .fromElements<Order>(
      { customer: "ann", amount: 12 },
      { customer: "bob", amount: -3 },
      { customer: "ann", amount: 7 },
    )
    .process(new Validate());

  valid
    .keyBy((o) => o.customer)
    .process(new Label())
    .print("main");
  valid.getSideOutput(rejected).print("side");
  await env.execute("process functions");
}
