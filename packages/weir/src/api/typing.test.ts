/**
 * Type-level checks: generics flow from source to sink, field expressions are checked against the
 * record type. `tsc` (npm run typecheck) verifies the `@ts-expect-error` lines; vitest runs the
 * `expectTypeOf` assertions.
 */
import { describe, expectTypeOf, it } from "vitest";
import { FileSink, FileSource } from "../connectors/index.js";
import type { Collector, FlatMapFunction } from "../operators/functions.js";
import { OutputTag } from "../operators/output-tag.js";
import { WatermarkStrategy } from "../operators/watermark-strategy.js";
import type { DataStream, KeyedStream, SingleOutputStreamOperator } from "./datastream.js";
import { StreamExecutionEnvironment } from "./environment.js";

type ElementOf<S> = S extends DataStream<infer T> ? T : never;

class Tokenizer implements FlatMapFunction<string, [string, number]> {
  flatMap(line: string, out: Collector<[string, number]>): void {
    for (const token of line.toLowerCase().split(/\W+/)) if (token.length > 0) out.collect([token, 1]);
  }
}

/** The WordCount example's program, against this module's API. */
function wordCount(env: StreamExecutionEnvironment, input: string[] | undefined, output: string | undefined) {
  const text =
    input !== undefined
      ? env.fromSource(
          FileSource.forTextLines(...input).build(),
          WatermarkStrategy.noWatermarks(),
          "file-input",
        )
      : env.fromElements("to be", "or not").name("default-input");
  const counts = text
    .flatMap(new Tokenizer())
    .name("tokenizer")
    .keyBy((pair) => pair[0])
    .sum(1)
    .name("counter");
  if (output !== undefined)
    counts.sinkTo(FileSink.forRowFormat<[string, number]>(output).build()).name("file-sink");
  else counts.print().name("print-sink");
  return counts;
}

function negativeChecks(env: StreamExecutionEnvironment): void {
  const nums = env.fromElements(1, 2, 3);
  // @ts-expect-error a number has no toUpperCase: the element type flows into map
  nums.map((n) => n.toUpperCase());
  const pairs = nums.map((n): [string, number] => [String(n), n]);
  // @ts-expect-error position 0 holds a string: sum needs a numeric field
  pairs.keyBy(0).sum(0);
  // @ts-expect-error a pair has no position 2
  pairs.keyBy(2);
  const objects = env.fromElements({ word: "a", count: 1 });
  // @ts-expect-error no such field
  objects.keyBy("nope");
  // @ts-expect-error a stream of strings cannot be unioned with a stream of numbers
  objects.map((o) => o.word).union(nums);
  // @ts-expect-error the side output carries strings
  objects.process<number>((v, ctx) => ctx.output(new OutputTag<string>("s"), v.count));
  // @ts-expect-error elements of one stream share a type
  env.fromElements(1, "a");
}

describe("typing", () => {
  it("flows element and key types through the API", () => {
    const env = new StreamExecutionEnvironment();
    const counts = wordCount(env, undefined, undefined);
    expectTypeOf(counts).toEqualTypeOf<SingleOutputStreamOperator<[string, number]>>();

    const keyedByField = env.fromElements({ word: "a", count: 1 }).keyBy("word");
    expectTypeOf(keyedByField).toEqualTypeOf<KeyedStream<{ word: string; count: number }, string>>();
    const keyedByIndex = counts.keyBy(1);
    expectTypeOf(keyedByIndex).toEqualTypeOf<KeyedStream<[string, number], number>>();

    const tag = new OutputTag<string>("late");
    const processed = env.fromSequence(1, 2).process<boolean>((n, ctx, out) => {
      ctx.output(tag, String(n));
      out.collect(n > 1);
    });
    expectTypeOf<ElementOf<typeof processed>>().toEqualTypeOf<boolean>();
    expectTypeOf<ElementOf<ReturnType<typeof processed.getSideOutput<string>>>>().toEqualTypeOf<string>();

    const connected = env.fromElements(1).connect(env.fromElements("x"));
    const merged = connected.map({ map1: (n) => n * 2, map2: (s) => s.length });
    expectTypeOf<ElementOf<typeof merged>>().toEqualTypeOf<number>();

    const keyedProcessed = counts
      .keyBy((p) => p[0])
      .process<string>((value, ctx, out) => {
        expectTypeOf(ctx.getCurrentKey()).toEqualTypeOf<string>();
        out.collect(`${value[1]}`);
      });
    expectTypeOf<ElementOf<typeof keyedProcessed>>().toEqualTypeOf<string>();
    expectTypeOf(negativeChecks).toBeFunction();
  });
});
