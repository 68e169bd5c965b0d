/**
 * The `main` of every Nexmark job file: parses the generator arguments, builds the query's stream
 * on the job's environment, sinks it into a `CountingSink` named "counting-sink" and runs the job
 * under `jobName`.
 */
import { type DataStream, StreamExecutionEnvironment } from "weir";
import { type GeneratorConfig, parseNexmarkArgs } from "./config.js";
import { CountingSink } from "./sink.js";

export async function runNexmarkQuery<T>(
  args: readonly string[],
  jobName: string,
  build: (env: StreamExecutionEnvironment, config: GeneratorConfig) => DataStream<T>,
  hash: (row: T) => number,
): Promise<void> {
  const { config, report } = parseNexmarkArgs(args);
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  build(env, config).sinkTo(new CountingSink(hash, report)).name("counting-sink");
  await env.execute(jobName);
}
