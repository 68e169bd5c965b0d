// weir run docs/snippets/file-source.ts docs/snippets/data
import { FileSource, StreamExecutionEnvironment, WatermarkStrategy } from "weir";

export default async function main(args: string[]): Promise<void> {
  const path = args[0] ?? "docs/snippets/data";
  const env = StreamExecutionEnvironment.getExecutionEnvironment();

  // The short form: a bounded stream of the lines of a file or of every file in a directory.
  env
    .readTextFile(path)
    .map((line) => line.length)
    .print("length");

  // The builder form, with the options of FileSource.
  const source = FileSource.forTextLines(path)
    .withMaxSplitSize(32 * 1024 * 1024) // larger files are read as several splits, in parallel
    // .monitorContinuously(10_000)     // unbounded: rescan every 10 s and read new files
    .build();
  env.fromSource(source, WatermarkStrategy.noWatermarks(), "lines").print("line");

  await env.execute("file source");
}
