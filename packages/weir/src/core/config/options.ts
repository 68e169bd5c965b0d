/**
 * The registry of configuration options Weir knows, with Flink's key names. Anything reading
 * configuration uses these constants; the CLI warns about keys not registered here.
 */
import os from "node:os";
import {
  boolOption,
  type ConfigOption,
  durationOption,
  enumOption,
  intOption,
  memoryOption,
  stringOption,
} from "./option.js";

export const CoreOptions = {
  DEFAULT_PARALLELISM: intOption("parallelism.default", 1, "Default parallelism of operators.", {
    min: 1,
    max: 32768,
  }),
  MAX_PARALLELISM: intOption(
    "pipeline.max-parallelism",
    -1,
    "Default max parallelism (number of key groups); -1 derives it from the parallelism.",
    { min: -1, max: 32768 },
  ),
  RUNTIME_MODE: enumOption(
    "execution.runtime-mode",
    ["STREAMING", "BATCH", "AUTOMATIC"] as const,
    "STREAMING",
    "Runtime execution mode of DataStream programs.",
  ),
  BUFFER_TIMEOUT: durationOption(
    "execution.buffer-timeout",
    100,
    "Max time a partially filled network buffer waits before it is sent; -1 flushes only full buffers.",
  ),
  AUTO_WATERMARK_INTERVAL: durationOption(
    "pipeline.auto-watermark-interval",
    200,
    "Interval of periodic watermark emission.",
  ),
  OPERATOR_CHAINING: boolOption(
    "pipeline.operator-chaining",
    true,
    "Whether operators are chained into tasks.",
  ),
  OBJECT_REUSE: boolOption(
    "pipeline.object-reuse",
    false,
    "Reserved: chained operators always pass by reference.",
  ),
  JOB_NAME: stringOption("pipeline.name", "", "Name of the job when execute() is called without one."),
} as const;

export const TaskManagerOptions = {
  NUM_TASK_SLOTS: intOption(
    "taskmanager.numberOfTaskSlots",
    Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    "Number of task slots (worker threads) per TaskManager; defaults to the number of cores on the MiniCluster.",
    { min: 1, max: 1024 },
  ),
  SEGMENT_SIZE: memoryOption("taskmanager.memory.segment-size", 32 * 1024, "Size of network buffers."),
  BUFFERS_PER_CHANNEL: intOption(
    "taskmanager.network.memory.buffers-per-channel",
    2,
    "Credits (buffers) a consumer grants each input channel.",
    { min: 1, max: 1024 },
  ),
  MAX_BUFFERED_PER_CHANNEL: intOption(
    "taskmanager.network.memory.max-buffers-per-channel",
    2,
    "Unsent buffers a producer may queue per channel before it backpressures.",
    { min: 1, max: 1024 },
  ),
} as const;

export const MiniClusterOptions = {
  NUM_TASK_MANAGERS: intOption("minicluster.number-of-taskmanagers", 1, "TaskManagers in the MiniCluster.", {
    min: 1,
    max: 64,
  }),
  SLOT_HOSTING: enumOption(
    "minicluster.slot-hosting",
    ["auto", "threads", "inline"] as const,
    "auto",
    "Where slots run: worker threads (needs a job artifact), inline on the caller's thread, or auto.",
  ),
} as const;

export const RestartOptions = {
  STRATEGY: stringOption(
    "restart-strategy",
    "none",
    "Restart strategy: none, fixed-delay, failure-rate, exponential-delay.",
  ),
} as const;

export const DeploymentOptions = {
  ATTACHED: boolOption(
    "execution.attached",
    true,
    "Whether the CLI waits for the job to finish; `weir run -d` sets it to false.",
  ),
} as const;

export const BlobServerOptions = {
  STORAGE_DIRECTORY: stringOption(
    "blob.storage.directory",
    "",
    "Directory of job artifacts (content-addressed job bundles); empty means <tmpdir>/weir-artifacts-<uid>.",
  ),
} as const;

/** Every registered option, for validation and "did you mean" hints. */
export function allOptions(): ConfigOption<unknown>[] {
  return [
    CoreOptions,
    TaskManagerOptions,
    MiniClusterOptions,
    RestartOptions,
    DeploymentOptions,
    BlobServerOptions,
  ].flatMap((group) => Object.values(group) as ConfigOption<unknown>[]);
}
