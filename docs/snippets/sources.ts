// weir run docs/snippets/sources.ts
import { DataGeneratorSource, StreamExecutionEnvironment, WatermarkStrategy } from "weir";

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();

  env.fromElements("a", "b").print("elements");
  env.fromCollection(new Set([1, 2])).print("collection");
  env.fromSequence(1, 3).print("sequence");

  // A generator of the record index: bounded with a count, unbounded with Infinity;
  // rowsPerSecond limits the total rate over all subtasks.
  const generator = new DataGeneratorSource((i) => ({ id: i, even: i % 2 === 0 }), 3, {
    rowsPerSecond: 100,
  });
  env.fromSource(generator, WatermarkStrategy.noWatermarks(), "generator").print("datagen");

  await env.execute("sources");
}
