// weir info docs/snippets/operator-settings.ts   (prints the JobGraph: see the vertex names)
import { StreamExecutionEnvironment } from "weir";

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
  env
    .fromSequence(1, 20)
    .name("numbers")
    .uid("numbers-source")
    .map((n) => n * 2)
    .name("double")
    .uid("double")
    .filter((n) => n % 3 === 0)
    .name("multiples of 3")
    .startNewChain() // a new task starts here; "double" stays chained to the source
    .map((n) => `${n}`)
    .name("format")
    .setParallelism(1) // a different parallelism: a rebalance edge, no chaining
    .slotSharingGroup("output") // and never in the same slot as the other operators
    .print()
    .name("stdout")
    .setParallelism(1)
    .disableChaining();
  await env.execute("operator settings");
}
