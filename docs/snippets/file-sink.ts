// weir run -p 2 docs/snippets/file-sink.ts /tmp/weir-out
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FileSink, StreamExecutionEnvironment } from "weir";

export default async function main(args: string[]): Promise<void> {
  const dir = args[0] ?? "/tmp/weir-out";
  const env = StreamExecutionEnvironment.getExecutionEnvironment();

  const sink = FileSink.forRowFormat<[string, number]>(dir, ([word, n]) => `${word}=${n}`)
    .withBucketAssigner("basePath") // default "dateTime": one sub-directory per hour
    .withOutputFileConfig({ partPrefix: "counts", partSuffix: ".txt" })
    .withRollingPolicy({ maxPartSizeBytes: 1024 * 1024 })
    .build();
  env.fromElements<[string, number]>(["a", 1], ["b", 2], ["c", 3]).rebalance().sinkTo(sink).name("counts");
  await env.execute("file sink");

  // Runs only in the client, after the job finished: every part file is finalized by now.
  const parts = readdirSync(dir).filter((f) => f.startsWith("counts-"));
  const lines = parts.flatMap((f) => readFileSync(join(dir, f), "utf8").trim().split("\n"));
  console.log(`${lines.length} lines: ${lines.sort().join(" ")}`);
}
