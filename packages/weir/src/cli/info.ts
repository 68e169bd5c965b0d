/**
 * `weir info [-D key=value]... [-p N] <job> [args...]`: runs the job's `main` in plan-capture
 * mode and prints its JobGraph as JSON on stdout (Flink's `flink info`), without running it.
 */
import { capturePipeline } from "../operators/executor.js";
import { type JobCommandFlags, loadCliConfiguration } from "./config.js";
import type { CliIO } from "./io.js";
import { classifyMainError, prepareJob } from "./job.js";

export async function infoCommand(
  jobFile: string,
  args: string[],
  flags: JobCommandFlags,
  io: CliIO,
): Promise<void> {
  const config = loadCliConfiguration(flags, io);
  const { main } = await prepareJob(jobFile, config, io, flags.verbose === true);
  let pipeline: Awaited<ReturnType<typeof capturePipeline>>;
  try {
    pipeline = await capturePipeline(main, args, config);
  } catch (e) {
    throw classifyMainError(e);
  }
  io.out(JSON.stringify(pipeline.jobGraph, null, 2));
}
