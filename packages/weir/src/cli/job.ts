/**
 * Turns a job file into a loaded job: bundle it, store the artifact by content, import it and
 * return its `main`. The same steps serve `weir run` and `weir info`.
 */
import type { FlatConfig } from "../core/config/option.js";
import { isPlanCapturedSignal, type JobMain } from "../operators/executor.js";
import {
  artifactDirFromConfig,
  loadJobMain,
  type StoredArtifact,
  storeArtifact,
} from "../runtime/artifact/index.js";
import { bundleJob } from "./bundle.js";
import type { CliIO } from "./io.js";
import { MainMethodError } from "./report.js";

export interface PreparedJob {
  readonly main: JobMain;
  readonly artifact: StoredArtifact;
}

export async function prepareJob(
  jobFile: string,
  config: FlatConfig,
  io: CliIO,
  verbose: boolean,
): Promise<PreparedJob> {
  const bundle = await bundleJob(jobFile, io.cwd);
  const artifact = await storeArtifact(bundle.code, artifactDirFromConfig(config));
  if (verbose) io.err(`Bundled ${jobFile} into artifact ${artifact.path} (${bundle.code.byteLength} bytes)`);
  const main = await loadJobMain(artifact.path, jobFile);
  return { main, artifact };
}

/**
 * Classifies what the job's `main()` threw: Weir's own classified errors pass through, anything
 * else is the user's program failing (`MainMethodError`, which keeps the user's stack).
 */
export function classifyMainError(thrown: unknown): unknown {
  if (isPlanCapturedSignal(thrown)) return thrown;
  const domain = (thrown as { domain?: unknown } | null)?.domain;
  if (thrown instanceof Error && typeof domain === "string") return thrown;
  return new MainMethodError(thrown);
}
