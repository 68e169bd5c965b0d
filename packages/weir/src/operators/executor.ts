/**
 * How a job program finds a runtime, without the API importing the runtime (ARCHITECTURE §2, §3).
 *
 * `env.execute()` builds a `Pipeline` (the plain-data JobGraph plus the user's functions, found by
 * operator or edge id) and hands it to the current execution context:
 * - **execute**: the CLI (or a test) installed an executor (MiniCluster, remote cluster); the job
 *   runs and `execute()` resolves with its result.
 * - **capture**: a worker, or the JobMaster, re-runs the job module's `main(args)` only to get the
 *   pipeline back. `execute()` hands it over and aborts `main` by throwing `PlanCapturedSignal`.
 * With no context installed (a program run with plain `node`, a unit test), the default executor
 * registered by the package entry point is used.
 *
 * The context lives in an `AsyncLocalStorage` kept on `globalThis`, so that a job module that
 * resolved another copy of the `weir` module still sees the context of the runtime that loaded it.
 * For the same reason nothing here relies on `instanceof` across that boundary.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { JobDefinitionError } from "../core/errors.js";
import type { JobGraph } from "../core/jobgraph.js";
import type { Source, SourceSplit } from "../core/source.js";
import type { OperatorFactory } from "./contract.js";

/** Extracts the key of a record (Flink's `KeySelector`). Must be deterministic. */
export type KeySelectorFn = (value: unknown) => unknown;
/** Chooses the consumer subtask for a key (Flink's `Partitioner`): 0 <= result < numPartitions. */
export type CustomPartitionerFn = (key: unknown, numPartitions: number) => number;

/** A JobGraph together with the user code it refers to. Produced by the API, consumed by runtimes. */
export interface Pipeline {
  readonly jobGraph: JobGraph;
  /** Operator id → factory creating one fresh operator per subtask. */
  readonly operatorFactories: ReadonlyMap<string, OperatorFactory>;
  /** Edge id → key selector, for `hash` and `custom` edges. */
  readonly edgeKeySelectors: ReadonlyMap<string, KeySelectorFn>;
  /** Edge id → partitioner, for `custom` edges. */
  readonly customPartitioners: ReadonlyMap<string, CustomPartitionerFn>;
  /** Source operator id → source, for the split enumerators on the JobMaster. */
  readonly sources: ReadonlyMap<string, Source<unknown, SourceSplit, unknown>>;
}

export type JobStatus =
  | "INITIALIZING"
  | "CREATED"
  | "RUNNING"
  | "FAILING"
  | "FAILED"
  | "CANCELLING"
  | "CANCELED"
  | "FINISHED"
  | "RESTARTING"
  | "SUSPENDED";

export interface JobExecutionResult {
  readonly jobId: string;
  readonly jobName: string;
  /** Wall time from start to the terminal state, in ms. */
  readonly netRuntimeMs: number;
}

/** Handle on a submitted job (Flink's `JobClient`). */
export interface JobClient {
  readonly jobId: string;
  getJobStatus(): Promise<JobStatus>;
  cancel(): Promise<void>;
  /** Resolves when the job finished; rejects with a `JobExecutionError` when it failed. */
  getJobExecutionResult(): Promise<JobExecutionResult>;
  /**
   * Values sent to the collect sink with operator id `operatorId`, in arrival order; ends when the
   * job ends (throwing the job's error if it failed). Bounded: values are fetched as the iterator
   * is read, and a sink holding its maximum of unacknowledged batches backpressures the job, so a
   * reader that pauses pauses the sources.
   */
  collect<T>(operatorId: string): AsyncIterable<T>;
}

export interface PipelineExecutor {
  execute(pipeline: Pipeline): Promise<JobClient>;
}

export interface ExecutionContext {
  readonly mode: "execute" | "capture";
  /** Configuration given by the launcher (`weir-conf.yaml` + `-D`), flat dotted keys. */
  readonly config: Readonly<Record<string, string>>;
  /** The job's arguments, as passed to `main`. */
  readonly args: readonly string[];
  /** For `execute`: where pipelines go. */
  readonly executor?: PipelineExecutor;
  /**
   * For `capture`: receives the pipeline of each `execute()` call in order. Returning `false` lets
   * `main` go on (the job is one before the wanted one: `execute()` then resolves with a
   * placeholder of a finished job); anything else ends `main` with `PlanCapturedSignal`.
   */
  readonly onCapture?: (pipeline: Pipeline) => boolean | undefined;
}

const STORE_KEY = Symbol.for("weir.executionContext");
const DEFAULT_EXECUTOR_KEY = Symbol.for("weir.defaultExecutorFactory");
type Globals = {
  [STORE_KEY]?: AsyncLocalStorage<ExecutionContext>;
  [DEFAULT_EXECUTOR_KEY]?: (config: Readonly<Record<string, string>>) => Promise<PipelineExecutor>;
};
const globals = globalThis as Globals;
if (globals[STORE_KEY] === undefined) globals[STORE_KEY] = new AsyncLocalStorage<ExecutionContext>();
const storage: AsyncLocalStorage<ExecutionContext> = globals[STORE_KEY];

export function runWithExecutionContext<T>(context: ExecutionContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentExecutionContext(): ExecutionContext | undefined {
  return storage.getStore();
}

/** Registered by the package entry point; used when no execution context is installed. */
export function setDefaultExecutorFactory(
  factory: (config: Readonly<Record<string, string>>) => Promise<PipelineExecutor>,
): void {
  globals[DEFAULT_EXECUTOR_KEY] = factory;
}

export async function defaultExecutor(config: Readonly<Record<string, string>>): Promise<PipelineExecutor> {
  const factory = globals[DEFAULT_EXECUTOR_KEY];
  if (!factory) {
    throw new JobDefinitionError("no runtime is available to execute the job", {
      hint: 'import from "weir" (the package entry) or run the job with `weir run`',
    });
  }
  return factory(config);
}

/** Thrown by `execute()` in capture mode to stop `main` once the pipeline is captured. */
export class PlanCapturedSignal extends Error {
  readonly weirPlanCaptured = true;
  constructor() {
    super("pipeline captured (plan-capture mode); this error ends main() on purpose");
    this.name = "PlanCapturedSignal";
  }
}

export function isPlanCapturedSignal(e: unknown): boolean {
  return (
    typeof e === "object" && e !== null && (e as { weirPlanCaptured?: unknown }).weirPlanCaptured === true
  );
}

/** A job module's entry point: the default export of a job file. */
export type JobMain = (args: string[]) => void | Promise<void>;

/**
 * Runs `main(args)` in capture mode and returns the pipeline of its `jobIndex`-th `execute()`
 * call (0 = the first; a `main` may run several jobs one after another). Earlier jobs are not run:
 * their `execute()` resolves at once as finished, collecting nothing. Fails with a
 * `JobDefinitionError` if `main` returns before executing that job; rethrows what `main` throws.
 */
export async function capturePipeline(
  main: JobMain,
  args: readonly string[],
  config: Readonly<Record<string, string>>,
  jobIndex = 0,
): Promise<Pipeline> {
  let captured: Pipeline | undefined;
  let seen = 0;
  const context: ExecutionContext = {
    mode: "capture",
    config,
    args,
    onCapture: (p) => {
      if (seen++ < jobIndex) return false;
      captured ??= p;
      return true;
    },
  };
  try {
    await runWithExecutionContext(context, () => main([...args]));
  } catch (e) {
    if (!isPlanCapturedSignal(e)) throw e;
  }
  if (!captured) {
    if (seen > 0) {
      throw new JobDefinitionError(
        `the job's main() executed ${seen} job(s) when re-run, but job #${jobIndex + 1} was submitted`,
        { hint: "main() must submit the same jobs in the same order every time it runs" },
      );
    }
    throw new JobDefinitionError("the job's main() returned without calling execute()", {
      hint: "call env.execute(), env.executeAsync() or env.executeAndCollect() in main()",
    });
  }
  return captured;
}

/**
 * What `execute()` returns in capture mode for a job before the wanted one: a job that finished
 * at once. Its collected results cannot be reproduced where `main` is re-run, so reading them
 * fails with a `JobDefinitionError` instead of silently giving a later job different inputs.
 */
export function capturedJobClient(jobName: string): JobClient {
  const result: JobExecutionResult = { jobId: "00000000000000000000000000000000", jobName, netRuntimeMs: 0 };
  return {
    jobId: result.jobId,
    getJobStatus: () => Promise.resolve("FINISHED"),
    cancel: () => Promise.resolve(),
    getJobExecutionResult: () => Promise.resolve(result),
    collect: <T>(): AsyncIterable<T> => ({
      [Symbol.asyncIterator]: () => ({
        next: (): Promise<IteratorResult<T>> =>
          Promise.reject(
            new JobDefinitionError(
              `a later job of main() depends on the collected results of job '${jobName}', which workers cannot see when they rebuild the later job`,
              {
                hint: "pass such values between jobs through files or job arguments, or run one job per main()",
              },
            ),
          ),
      }),
    }),
  };
}
