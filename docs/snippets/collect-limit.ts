// weir run docs/snippets/collect-limit.ts
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy } from "weir";

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  // An unbounded source: without a limit this job would never end.
  const ticks = new DataGeneratorSource((i) => `tick ${i}`, Number.POSITIVE_INFINITY);
  const firstThree = await env
    .fromSource(ticks, WatermarkStrategy.noWatermarks(), "ticks")
    .executeAndCollect({ jobName: "first ticks", limit: 3 }); // then the job is cancelled
  console.log(firstThree.join(", "));
}
