/**
 * WordCount, with the semantics of Flink's streaming WordCount example.
 *
 *   weir run examples/wordcount.ts                       # counts the built-in soliloquy
 *   weir run examples/wordcount.ts --input a.txt --input dir/ --output out/
 *   weir run -Dexecution.runtime-mode=BATCH examples/wordcount.ts
 *
 * Each line is lower-cased and split on runs of characters outside [A-Za-z0-9_]; every non-empty
 * token becomes `[word, 1]`; the stream is keyed by word and summed. STREAMING prints a running
 * count per token; BATCH prints the final count of each word once.
 */
import { parseArgs } from "node:util";
import {
  type Collector,
  FileSink,
  FileSource,
  type FlatMapFunction,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from "weir";
import { WORDS } from "./util/wordcount-data.js";

/** Splits a line into `[word, 1]` pairs, like Flink's `Tokenizer` (Java's `\W+`). */
export class Tokenizer implements FlatMapFunction<string, [string, number]> {
  flatMap(line: string, out: Collector<[string, number]>): void {
    for (const token of line.toLowerCase().split(/\W+/)) {
      if (token.length > 0) out.collect([token, 1]);
    }
  }
}

export default async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { input: { type: "string", multiple: true }, output: { type: "string" } },
    strict: true,
  });
  const env = StreamExecutionEnvironment.getExecutionEnvironment();

  const text =
    values.input !== undefined
      ? env.fromSource(
          FileSource.forTextLines(...values.input).build(),
          WatermarkStrategy.noWatermarks(),
          "file-input",
        )
      : env.fromElements(...WORDS).name("default-input");

  const counts = text
    .flatMap(new Tokenizer())
    .name("tokenizer")
    .keyBy((pair) => pair[0])
    .sum(1)
    .name("counter");

  if (values.output !== undefined) {
    counts
      .sinkTo(FileSink.forRowFormat<[string, number]>(values.output).withBucketAssigner("basePath").build())
      .name("file-sink");
  } else {
    counts.print().name("print-sink");
  }
  await env.execute("WordCount");
}
