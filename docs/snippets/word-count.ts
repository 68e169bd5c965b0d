// docs/snippets/word-count.ts — run it with: npx weir run docs/snippets/word-count.ts
import { type Collector, StreamExecutionEnvironment } from "weir";

function tokenize(line: string, out: Collector<[string, number]>): void {
  for (const word of line.split(" ")) out.collect([word, 1]);
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env
    .fromElements("to be", "or not", "to be")
    .flatMap(tokenize)
    .keyBy((pair) => pair[0])
    .sum(1)
    .print();
  await env.execute("word count");
}
