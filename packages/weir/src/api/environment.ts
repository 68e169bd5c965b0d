/**
 * `StreamExecutionEnvironment`: where a job program starts (Flink's class of the same name). It
 * holds the job's configuration, creates sources, collects the operators defined on its streams,
 * and on `execute()` builds the `Pipeline` and hands it to the current execution context:
 * - capture mode (a worker re-running `main`): the pipeline goes to `onCapture` and `execute()`
 *   throws `PlanCapturedSignal`, which ends `main`;
 * - execute mode (`weir run`, tests): the context's executor runs it;
 * - no context (plain `node`): the default executor registered by the package entry.
 *
 * Determinism: the graph depends only on the program, its arguments and the configuration, so
 * re-running `main` builds the same graph with the same ids (see `graph/operator-ids.ts`).
 * Configuration: the context's (`weir-conf.yaml` + `-D`) overlaid by `getExecutionEnvironment`'s
 * argument, overlaid by setters such as `setParallelism`, which write Flink's keys.
 */
import {
  ElementsSource,
  FileSource,
  NumberSequenceSource,
  SocketTextSource,
  type SourceFunction,
  SourceFunctionSource,
} from "../connectors/index.js";
import { readOption } from "../core/config/option.js";
import { CoreOptions } from "../core/config/options.js";
import { JobDefinitionError } from "../core/errors.js";
import type { Boundedness, JobGraph } from "../core/jobgraph.js";
import type { Source, SourceSplit } from "../core/source.js";
import {
  capturedJobClient,
  currentExecutionContext,
  defaultExecutor,
  type JobClient,
  type JobExecutionResult,
  type Pipeline,
  PlanCapturedSignal,
} from "../operators/executor.js";
import { SourceOperator } from "../operators/source.js";
import { WatermarkStrategy } from "../operators/watermark-strategy.js";
import { SingleOutputStreamOperator } from "./datastream.js";
import { ExecutionConfig } from "./execution-config.js";
import { type BuiltPipeline, buildPipeline } from "./graph/pipeline-builder.js";
import type { StreamGraph } from "./graph/stream-graph.js";
import { RuntimeExecutionMode } from "./runtime-mode.js";
import {
  type PhysicalTransformation,
  physicalBase,
  type SourceTransformation,
  type StreamHost,
} from "./transformation.js";

/** Job name used when `execute()` gets none and `pipeline.name` is not set (Flink's default, renamed). */
export const DEFAULT_JOB_NAME = "Weir Streaming Job";

export interface AddSourceOptions {
  /** Run one instance per subtask (Flink's `ParallelSourceFunction`); default: a single instance. */
  readonly parallel?: boolean;
}

export class StreamExecutionEnvironment {
  private readonly configuration: Record<string, string>;
  private readonly executionConfig: ExecutionConfig;
  private transformations: PhysicalTransformation[] = [];
  private lastTransformationId = 0;
  private readonly host: StreamHost;

  /**
   * The environment of the running program: configuration of the current execution context
   * (the CLI's `weir-conf.yaml` and `-D` options), overlaid by `config`.
   */
  static getExecutionEnvironment(config: Readonly<Record<string, string>> = {}): StreamExecutionEnvironment {
    return new StreamExecutionEnvironment({ ...(currentExecutionContext()?.config ?? {}), ...config });
  }

  /** An environment with exactly `config` (ignores the context's configuration; prefer `getExecutionEnvironment`). */
  constructor(config: Readonly<Record<string, string>> = {}) {
    this.configuration = { ...config };
    this.executionConfig = new ExecutionConfig(this.configuration);
    this.host = {
      nextTransformationId: () => ++this.lastTransformationId,
      addOperator: (t) => {
        this.transformations.push(t);
      },
      executeAsyncFor: async (jobName, of) => {
        const built = this.takePipeline(jobName);
        const client = await this.submit(built.pipeline);
        return { client, operatorId: built.operatorIds.get(of.id)! };
      },
      getParallelism: () => this.getParallelism(),
    };
  }

  // ---- configuration ------------------------------------------------------------------------

  /** Default parallelism of operators (`parallelism.default`). */
  setParallelism(parallelism: number): this {
    this.executionConfig.setParallelism(parallelism);
    return this;
  }

  getParallelism(): number {
    return this.executionConfig.getParallelism();
  }

  /** Default max parallelism (`pipeline.max-parallelism`): the number of key groups. */
  setMaxParallelism(maxParallelism: number): this {
    this.executionConfig.setMaxParallelism(maxParallelism);
    return this;
  }

  /** -1 when derived from each operator's parallelism. */
  getMaxParallelism(): number {
    return this.executionConfig.getMaxParallelism();
  }

  /** `execution.runtime-mode`. */
  setRuntimeMode(mode: RuntimeExecutionMode): this {
    if (!Object.values(RuntimeExecutionMode).includes(mode)) {
      throw new JobDefinitionError(`setRuntimeMode: unknown mode '${String(mode)}'`, {
        hint: "use RuntimeExecutionMode.STREAMING, BATCH or AUTOMATIC",
      });
    }
    this.configuration[CoreOptions.RUNTIME_MODE.key] = mode;
    return this;
  }

  /** The mode as requested (`AUTOMATIC` is resolved when the graph is built). */
  getRuntimeMode(): RuntimeExecutionMode {
    return readOption(this.configuration, CoreOptions.RUNTIME_MODE);
  }

  /** Max time (ms) a partially filled network buffer waits (`execution.buffer-timeout`); -1: only full buffers. */
  setBufferTimeout(timeoutMs: number): this {
    if (!Number.isInteger(timeoutMs) || timeoutMs < -1) {
      throw new JobDefinitionError(`setBufferTimeout(${timeoutMs}) needs an integer number of ms >= -1`);
    }
    this.configuration[CoreOptions.BUFFER_TIMEOUT.key] = String(timeoutMs);
    return this;
  }

  getBufferTimeout(): number {
    return readOption(this.configuration, CoreOptions.BUFFER_TIMEOUT);
  }

  /** Runs every operator in a task of its own (`pipeline.operator-chaining: false`). */
  disableOperatorChaining(): this {
    this.configuration[CoreOptions.OPERATOR_CHAINING.key] = "false";
    return this;
  }

  isChainingEnabled(): boolean {
    return readOption(this.configuration, CoreOptions.OPERATOR_CHAINING);
  }

  getConfig(): ExecutionConfig {
    return this.executionConfig;
  }

  /** A copy of the effective configuration (what the JobGraph's `settings.config` will hold). */
  getConfiguration(): Record<string, string> {
    return { ...this.configuration };
  }

  // ---- sources ------------------------------------------------------------------------------

  /** A stream from a FLIP-27 `Source`, with event timestamps per `watermarkStrategy`. */
  fromSource<T, S extends SourceSplit, E>(
    source: Source<T, S, E>,
    watermarkStrategy: WatermarkStrategy<T>,
    sourceName: string,
  ): SingleOutputStreamOperator<T> {
    return this.addSourceTransformation(
      source,
      watermarkStrategy,
      sourceName,
      false,
      source.getBoundedness(),
    );
  }

  /** A bounded stream of the given values, in order (parallelism 1). */
  fromElements<T>(...values: T[]): SingleOutputStreamOperator<T> {
    if (values.length === 0) {
      throw new JobDefinitionError("fromElements needs at least one element", {
        hint: "use fromCollection([]) for a possibly empty collection",
      });
    }
    return this.fromCollection(values);
  }

  /** A bounded stream of the collection's values, in order (parallelism 1). Read at once. */
  fromCollection<T>(collection: Iterable<T>): SingleOutputStreamOperator<T> {
    const source = new ElementsSource<T>([...collection]);
    return this.addSourceTransformation(
      source,
      WatermarkStrategy.noWatermarks(),
      "Collection Source",
      true,
      "BOUNDED",
    );
  }

  /** The numbers `from..to` (inclusive), read in parallel splits. */
  fromSequence(from: number, to: number): SingleOutputStreamOperator<number> {
    const source = new NumberSequenceSource(from, to);
    return this.addSourceTransformation(
      source,
      WatermarkStrategy.noWatermarks(),
      "Sequence Source",
      false,
      "BOUNDED",
    );
  }

  /** The lines of a text file (or the files of a directory), bounded. */
  readTextFile(path: string): SingleOutputStreamOperator<string> {
    const source = FileSource.forTextLines(path).build();
    return this.addSourceTransformation(
      source,
      WatermarkStrategy.noWatermarks(),
      "Custom File Source",
      false,
      source.getBoundedness(),
    );
  }

  /** Text from a socket, split at `delimiter` (unbounded, parallelism 1). */
  socketTextStream(hostname: string, port: number, delimiter = "\n"): SingleOutputStreamOperator<string> {
    const source = new SocketTextSource(hostname, port, delimiter);
    return this.addSourceTransformation(
      source,
      WatermarkStrategy.noWatermarks(),
      "Socket Stream",
      true,
      source.getBoundedness(),
    );
  }

  /**
   * A stream from a legacy `SourceFunction` (or a factory making one per subtask). Counts as
   * unbounded, as in Flink, even if its `run` ends.
   */
  addSource<T>(
    sourceFunction: SourceFunction<T> | (() => SourceFunction<T>),
    sourceName = "Custom Source",
    options: AddSourceOptions = {},
  ): SingleOutputStreamOperator<T> {
    const parallel = options.parallel ?? false;
    const source = new SourceFunctionSource<T>(sourceFunction, parallel);
    return this.addSourceTransformation(
      source,
      WatermarkStrategy.noWatermarks(),
      sourceName,
      !parallel,
      "CONTINUOUS_UNBOUNDED",
    );
  }

  private addSourceTransformation<T, S extends SourceSplit, E>(
    source: Source<T, S, E>,
    watermarkStrategy: WatermarkStrategy<T>,
    name: string,
    nonParallel: boolean,
    boundedness: Boundedness,
  ): SingleOutputStreamOperator<T> {
    // Duck-typed: a job module may see another copy of the weir module (see operators/executor.ts).
    if (typeof (watermarkStrategy as { describe?: unknown } | undefined)?.describe !== "function") {
      throw new JobDefinitionError(`source '${name}': expected a WatermarkStrategy`, {
        hint: "pass WatermarkStrategy.noWatermarks() when records carry no event time",
      });
    }
    const anySource = source as unknown as Source<unknown, SourceSplit, unknown>;
    const strategy = watermarkStrategy as unknown as WatermarkStrategy<unknown>;
    const spec = {
      name,
      operatorKind: "source",
      factory: () => new SourceOperator<unknown>(anySource, strategy),
      nonParallel,
      chainingStrategy: "head" as const,
      params: { watermarks: strategy.describe() },
    };
    const t: SourceTransformation = {
      ...physicalBase(this.host.nextTransformationId(), spec, "source"),
      type: "source",
      source: anySource,
      boundedness,
      watermarkStrategy: strategy,
    };
    return new SingleOutputStreamOperator<T>(this.host, t);
  }

  // ---- graphs and execution -----------------------------------------------------------------

  /** The StreamGraph (plain data) of the operators defined so far. Does not reset the environment. */
  getStreamGraph(jobName?: string): StreamGraph {
    return this.build(jobName).streamGraph;
  }

  /** The JobGraph (plain data, chaining decided) of the operators defined so far. Does not reset. */
  getJobGraph(jobName?: string): JobGraph {
    return this.build(jobName).pipeline.jobGraph;
  }

  /** The JobGraph with its user code, as `execute()` would submit it. Does not reset. */
  getPipeline(jobName?: string): Pipeline {
    return this.build(jobName).pipeline;
  }

  /** Runs the job and resolves when it finished (rejects with the job's error if it failed). */
  async execute(jobName?: string): Promise<JobExecutionResult> {
    const client = await this.executeAsync(jobName);
    return client.getJobExecutionResult();
  }

  /** Submits the job and resolves with a client on it once it was accepted. */
  async executeAsync(jobName?: string): Promise<JobClient> {
    return this.submit(this.takePipeline(jobName).pipeline);
  }

  /** Builds the pipeline of everything defined so far and starts over (as Flink clears its transformations). */
  private takePipeline(jobName: string | undefined): BuiltPipeline {
    const built = this.build(jobName);
    this.transformations = [];
    return built;
  }

  private build(jobName: string | undefined): BuiltPipeline {
    if (jobName !== undefined) checkJobName(jobName);
    const configured = readOption(this.configuration, CoreOptions.JOB_NAME);
    return buildPipeline({
      jobName: jobName ?? (configured === "" ? DEFAULT_JOB_NAME : configured),
      transformations: this.transformations,
      config: this.configuration,
      args: currentExecutionContext()?.args ?? [],
    });
  }

  /** Hands the pipeline to the execution context; must run synchronously up to `onCapture`. */
  private submit(pipeline: Pipeline): Promise<JobClient> {
    const context = currentExecutionContext();
    if (context?.mode === "capture") {
      if (context.onCapture?.(pipeline) === false) {
        return Promise.resolve(capturedJobClient(pipeline.jobGraph.jobName));
      }
      return Promise.reject(new PlanCapturedSignal());
    }
    const executor = context?.mode === "execute" ? context.executor : undefined;
    if (executor !== undefined) return executor.execute(pipeline);
    return defaultExecutor(this.configuration).then((e) => e.execute(pipeline));
  }
}

function checkJobName(jobName: string): void {
  if (typeof jobName !== "string" || jobName.trim() === "") {
    throw new JobDefinitionError("the job name must be a non-empty string");
  }
}
