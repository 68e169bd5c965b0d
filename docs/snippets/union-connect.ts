// weir run docs/snippets/union-connect.ts
import { type CoMapFunction, StreamExecutionEnvironment } from "weir";

/** One function over two inputs of different types; both run in the same subtask. */
class Describe implements CoMapFunction<number, boolean, string> {
  map1(value: number): string {
    return `number ${value}`;
  }
  map2(value: boolean): string {
    return `flag ${value}`;
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();

  // union: streams of the same type merged into one (no order between them).
  const small = env.fromElements(1, 2);
  const large = env.fromElements(10, 20);
  small
    .union(large)
    .map((n) => `union ${n}`)
    .print();

  // connect: two streams of different types into one two-input function.
  env.fromElements(5).connect(env.fromElements(true)).map(new Describe()).print();

  await env.execute("union and connect");
}
