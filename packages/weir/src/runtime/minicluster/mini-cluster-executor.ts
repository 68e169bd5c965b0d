/**
 * Runs each pipeline on its own MiniCluster (Flink's `LocalExecutor` / `PerJobMiniClusterFactory`):
 * `execute` starts a MiniCluster configured by the executor's configuration with the job's
 * effective configuration over it, submits the job, and closes the cluster once the job reached a
 * terminal state and every collect stream was drained from it.
 *
 * Slots: when `taskmanager.numberOfTaskSlots` is not configured, the cluster gets exactly the slots
 * the job needs (Flink's `LocalExecutor` sizes its MiniCluster to the job the same way; a BATCH
 * job needs only its widest stage); when it is configured, a STREAMING job needing more fails
 * fast with a message naming the key, and a BATCH job runs its stages on the slots there are.
 *
 * With `artifact` (the bundled job module and its arguments, as `weir run` provides) the slots run
 * on worker threads; without one (a job built in a test or a plain `node` program) the tasks run
 * inline on the caller's thread with the live pipeline (see `minicluster.slot-hosting`).
 *
 * The returned client reads each collect sink of the job on demand while the job runs (a poll
 * only when its reader wants more values, so the sink's credits, and thus the job, follow the
 * reader: bounded memory, see operators/coordination.ts), and once the job ended drains what is
 * left (at most the sinks' credits) so that it can close the cluster; `collect(operatorId)` then
 * still works after the cluster closed.
 */
import type { Clock } from "../../core/clock.js";
import { readOption } from "../../core/config/option.js";
import { MiniClusterOptions, TaskManagerOptions } from "../../core/config/options.js";
import { JobDefinitionError } from "../../core/errors.js";
import { COLLECT_SINK_OPERATOR_KIND } from "../../operators/coordination.js";
import type {
  JobClient,
  JobExecutionResult,
  JobStatus,
  Pipeline,
  PipelineExecutor,
} from "../../operators/executor.js";
import type { JobResult } from "../jobmaster/gateway.js";
import { jobResultError, toJobExecutionResult } from "../jobmaster/job-result.js";
import { slotRequirements } from "../jobmaster/slot-requirements.js";
import type { JobArtifact } from "../taskexecutor/deployment.js";
import type { MiniClusterJobClient } from "./job-client.js";
import { MiniCluster } from "./mini-cluster.js";

export interface MiniClusterExecutorOptions {
  /** Launcher configuration (weir-conf.yaml + -D), flat dotted keys. */
  readonly config: Readonly<Record<string, string>>;
  readonly artifact?: JobArtifact;
  readonly clock?: Clock;
}

export class MiniClusterExecutor implements PipelineExecutor {
  /** `execute()` calls so far: the index of a job among the jobs of its `main`. */
  private submitted = 0;

  constructor(private readonly options: MiniClusterExecutorOptions) {}

  async execute(pipeline: Pipeline): Promise<JobClient> {
    const jobIndex = this.submitted++;
    const config = sizedForJob({ ...this.options.config, ...pipeline.jobGraph.settings.config }, pipeline);
    const cluster = new MiniCluster({ config, ...(this.options.clock ? { clock: this.options.clock } : {}) });
    try {
      await cluster.start();
      const client = await cluster.submitJob(
        pipeline,
        this.options.artifact ? { artifact: { ...this.options.artifact, jobIndex } } : {},
      );
      return new PerJobClusterClient(client, cluster, pipeline);
    } catch (e) {
      await cluster.close();
      throw e;
    }
  }
}

/**
 * Sets `taskmanager.numberOfTaskSlots` to what the job needs, unless it is configured: STREAMING
 * needs every task at once (the sum over slot-sharing groups of their widest vertex), BATCH runs
 * stage by stage and needs only its widest stage (its widest vertex).
 */
function sizedForJob(config: Record<string, string>, pipeline: Pipeline): Record<string, string> {
  const option = TaskManagerOptions.NUM_TASK_SLOTS;
  if ([option.key, ...(option.fallbackKeys ?? [])].some((k) => config[k] !== undefined)) return config;
  const taskManagers = readOption(config, MiniClusterOptions.NUM_TASK_MANAGERS);
  const graph = pipeline.jobGraph;
  const needed =
    graph.settings.runtimeMode === "BATCH"
      ? graph.vertices.reduce((max, v) => Math.max(max, v.parallelism), 1)
      : slotRequirements(graph).total;
  return { ...config, [option.key]: String(Math.max(1, Math.ceil(needed / taskManagers))) };
}

interface CollectBuffer {
  /** Values polled and not yet taken by the reader (at most one poll's worth while running). */
  values: unknown[];
  ended: boolean;
  /** The poll in progress, shared by the reader and the final drain. */
  polling: Promise<void> | undefined;
}

/** A job client that owns its cluster: closes it at the job's end, reading collect streams on demand. */
class PerJobClusterClient implements JobClient {
  readonly jobId: string;
  private readonly buffers = new Map<string, CollectBuffer>();
  private readonly result: Promise<JobResult>;
  private finalStatus: JobStatus | undefined;
  private readonly closed: Promise<void>;

  constructor(
    private readonly client: MiniClusterJobClient,
    cluster: MiniCluster,
    pipeline: Pipeline,
  ) {
    this.jobId = client.jobId;
    for (const vertex of pipeline.jobGraph.vertices) {
      for (const op of vertex.operators) {
        if (op.kind !== COLLECT_SINK_OPERATOR_KIND) continue;
        this.buffers.set(op.id, { values: [], ended: false, polling: undefined });
      }
    }
    this.result = client.getJobResult();
    this.closed = this.result
      .then(
        async (result) => {
          this.finalStatus = result.status;
          // The job ended: what is left is bounded by the sinks' credits.
          await Promise.all([...this.buffers].map(([id, buffer]) => this.drain(id, buffer)));
        },
        () => undefined,
      )
      .then(() => cluster.close());
  }

  async getJobStatus(): Promise<JobStatus> {
    if (this.finalStatus) return this.finalStatus;
    try {
      return await this.client.getJobStatus();
    } catch (e) {
      // The cluster closed between the check and the call.
      if (this.finalStatus) return this.finalStatus;
      throw e;
    }
  }

  async cancel(): Promise<void> {
    if (this.finalStatus) return;
    await this.client.cancel().catch((e: unknown) => {
      if (!this.finalStatus) throw e;
    });
  }

  async getJobExecutionResult(): Promise<JobExecutionResult> {
    const result = await this.result;
    await this.closed;
    const error = jobResultError(result);
    if (error) throw error;
    return toJobExecutionResult(result);
  }

  collect<T>(operatorId: string): AsyncIterable<T> {
    const buffer = this.buffers.get(operatorId);
    if (!buffer) {
      throw new JobDefinitionError(`job ${this.jobId} has no collect sink with operator id ${operatorId}`);
    }
    const result = this.result;
    const fetch = () => this.fetch(operatorId, buffer);
    return {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          if (buffer.values.length > 0) {
            const values = buffer.values;
            buffer.values = [];
            for (const v of values) yield v as T;
            continue;
          }
          if (buffer.ended) break;
          await fetch();
        }
        const final = await result;
        if (final.status === "FAILED") throw jobResultError(final);
      },
    };
  }

  /** One poll of the sink's coordinator (joined if one is in progress). */
  private fetch(operatorId: string, buffer: CollectBuffer): Promise<void> {
    buffer.polling ??= this.client.pollCollectResults(operatorId).then(
      (batch) => {
        for (const value of batch.values) buffer.values.push(value);
        if (batch.end) buffer.ended = true;
        buffer.polling = undefined;
      },
      () => {
        // The job failed or the cluster closed: the reader gets the error from the job result.
        buffer.ended = true;
        buffer.polling = undefined;
      },
    );
    return buffer.polling;
  }

  private async drain(operatorId: string, buffer: CollectBuffer): Promise<void> {
    while (!buffer.ended) await this.fetch(operatorId, buffer);
  }
}
