// weir run -p 2 docs/snippets/legacy-source.ts
import { type SourceContext, type SourceFunction, StreamExecutionEnvironment } from "weir";

/** Flink's SourceFunction: `run` emits until done or cancelled. */
class Counter implements SourceFunction<string> {
  private running = true;

  async run(ctx: SourceContext<string>): Promise<void> {
    for (let i = 0; i < 3 && this.running; i++) {
      await ctx.waitForCapacity(); // lets backpressure pause the loop
      ctx.collect(`subtask ${ctx.subtaskIndex} says ${i}`);
    }
  }

  cancel(): void {
    this.running = false;
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env
    // A factory gives every subtask its own instance; `parallel` runs one per subtask.
    .addSource(() => new Counter(), "counter", { parallel: true })
    .print();
  await env.execute("legacy source");
}
