// weir run docs/snippets/partitioning.ts
import { type MapFunction, type RuntimeContext, StreamExecutionEnvironment } from "weir";

/** Tags each value with the subtask (1-based) that saw it. */
class WhereAmI implements MapFunction<number, string> {
  private subtask = 0;
  constructor(private readonly label: string) {}
  open(context: RuntimeContext): void {
    this.subtask = context.getIndexOfThisSubtask() + 1;
  }
  map(value: number): string {
    return `${this.label} ${value} @ subtask ${this.subtask}`;
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
  const numbers = env.fromElements(1, 2, 3, 4);

  numbers.broadcast().map(new WhereAmI("broadcast")).print();
  numbers.global().map(new WhereAmI("global")).print();
  numbers
    .partitionCustom(
      (key: number, partitions: number) => key % partitions,
      (n) => n,
    )
    .map(new WhereAmI("custom"))
    .print();
  // Also: rebalance(), rescale(), shuffle(), forward().
  await env.execute("partitioning");
}
