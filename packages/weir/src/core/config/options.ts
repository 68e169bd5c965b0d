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
  DEFAULT_PARALLELISM: intOption(
    "parallelism.default",
    Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    "Default parallelism of operators; defaults to the number of CPU cores, like Flink's local environment.",
    {
      min: 1,
      max: 32768,
    },
  ),
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
  TASK_HEAP_SIZE: memoryOption(
    "taskmanager.memory.task.heap.size",
    0,
    "Heap limit of each slot's worker thread (V8 old generation); 0 leaves V8's default. Caps peak memory of heavy BATCH jobs.",
  ),
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

/** A floating-point option (Flink's `Double` options). */
function doubleOption(
  key: string,
  defaultValue: number,
  description: string,
  min = Number.NEGATIVE_INFINITY,
): ConfigOption<number> {
  return {
    key,
    description,
    typeName: min === Number.NEGATIVE_INFINITY ? "a number" : `a number >= ${min}`,
    defaultValue,
    parse: (raw) => {
      const n = Number(raw);
      if (raw === "" || !Number.isFinite(n)) throw new Error("");
      if (n < min) throw new Error("out of range");
      return n;
    },
  };
}

/** Restart strategies (Flink's `RestartStrategyOptions`, same keys and defaults). */
export const RestartOptions = {
  STRATEGY: enumOption(
    "restart-strategy",
    [
      "none",
      "off",
      "disable",
      "fixed-delay",
      "fixeddelay",
      "failure-rate",
      "failurerate",
      "exponential-delay",
      "exponentialdelay",
    ] as const,
    "none",
    "Restart strategy: none (off, disable), fixed-delay, failure-rate or exponential-delay. Unset: none without checkpointing, fixed-delay with unlimited attempts with it.",
  ),
  FIXED_DELAY_ATTEMPTS: intOption(
    "restart-strategy.fixed-delay.attempts",
    1,
    "fixed-delay: restarts before the job fails.",
    { min: 0 },
  ),
  FIXED_DELAY_DELAY: durationOption(
    "restart-strategy.fixed-delay.delay",
    1000,
    "fixed-delay: delay between restarts.",
  ),
  FAILURE_RATE_MAX_FAILURES: intOption(
    "restart-strategy.failure-rate.max-failures-per-interval",
    1,
    "failure-rate: failures tolerated within one interval.",
    { min: 1 },
  ),
  FAILURE_RATE_INTERVAL: durationOption(
    "restart-strategy.failure-rate.failure-rate-interval",
    60_000,
    "failure-rate: the measuring interval.",
  ),
  FAILURE_RATE_DELAY: durationOption(
    "restart-strategy.failure-rate.delay",
    1000,
    "failure-rate: delay between restarts.",
  ),
  EXPONENTIAL_INITIAL_BACKOFF: durationOption(
    "restart-strategy.exponential-delay.initial-backoff",
    1000,
    "exponential-delay: the first delay.",
  ),
  EXPONENTIAL_MAX_BACKOFF: durationOption(
    "restart-strategy.exponential-delay.max-backoff",
    300_000,
    "exponential-delay: the largest delay.",
  ),
  EXPONENTIAL_MULTIPLIER: doubleOption(
    "restart-strategy.exponential-delay.backoff-multiplier",
    2.0,
    "exponential-delay: factor applied to the delay after each failure.",
    1,
  ),
  EXPONENTIAL_RESET_THRESHOLD: durationOption(
    "restart-strategy.exponential-delay.reset-backoff-threshold",
    3_600_000,
    "exponential-delay: a job running this long without failure starts again at the initial backoff.",
  ),
  EXPONENTIAL_JITTER: doubleOption(
    "restart-strategy.exponential-delay.jitter-factor",
    0.1,
    "exponential-delay: random +- fraction applied to each delay.",
    0,
  ),
  FAILOVER_STRATEGY: enumOption(
    "jobmanager.execution.failover-strategy",
    ["region", "full"] as const,
    "region",
    "What a task failure restarts: its pipelined region (BATCH: from the persisted blocking results of its producers) or the whole job.",
  ),
} as const;

/** BATCH execution: sorted keyed inputs and blocking exchanges (spilling beyond their budgets). */
export const BatchOptions = {
  SORTED_INPUTS_MEMORY: memoryOption(
    "execution.sorted-inputs.memory",
    128 * 1024 * 1024,
    "BATCH: memory of the sorter of each keyed input; sorted runs beyond it spill to io.tmp.dirs.",
  ),
  BLOCKING_SHUFFLE_BUDGET: memoryOption(
    "taskmanager.memory.blocking-shuffle.budget",
    64 * 1024 * 1024,
    "BATCH: memory a job's blocking exchange results may hold before they spill to io.tmp.dirs.",
  ),
  TMP_DIRS: stringOption(
    "io.tmp.dirs",
    os.tmpdir(),
    "Directories for spill files (sort runs, blocking results), separated by ',' or the path delimiter; used round robin.",
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
    BatchOptions,
    DeploymentOptions,
    BlobServerOptions,
  ].flatMap((group) => Object.values(group) as ConfigOption<unknown>[]);
}
