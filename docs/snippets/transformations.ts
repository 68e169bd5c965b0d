// weir run docs/snippets/transformations.ts
import { type Collector, type FlatMapFunction, type MapFunction, StreamExecutionEnvironment } from "weir";

/** A function object: the same contract as a lambda, plus optional open/close. */
class Square implements MapFunction<number, number> {
  map(value: number): number {
    return value * value;
  }
}

/** Emits a number once per digit it has. */
class RepeatPerDigit implements FlatMapFunction<number, string> {
  flatMap(value: number, out: Collector<string>): void {
    for (const digit of String(value)) out.collect(`${value}:${digit}`);
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env
    .fromSequence(1, 6)
    .filter((n) => n % 2 === 0) // 2, 4, 6
    .map(new Square()) // 4, 16, 36
    .flatMap(new RepeatPerDigit()) // 4:4, 16:1, 16:6, 36:3, 36:6
    .print();
  await env.execute("transformations");
}
