// weir run docs/snippets/collect.ts
import { StreamExecutionEnvironment } from "weir";

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  // Runs the job and hands the stream's values back to main (here: a bounded job).
  const squares = await env
    .fromSequence(1, 5)
    .map((n) => n * n)
    .executeAndCollect("squares");
  // Code after the job runs once, in the client (workers stop at the execute call).
  console.log(`squares: ${squares.join(" ")}`);
}
