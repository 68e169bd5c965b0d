/**
 * The MiniCluster (Flink's `MiniCluster`): the real runtime components wired in one process by
 * the in-process RPC service: one Dispatcher, one ResourceManager and N TaskExecutors
 * (`minicluster.number-of-taskmanagers`, default 1) with M slots each
 * (`taskmanager.numberOfTaskSlots`, default: the number of cores).
 *
 * Slot hosting (`minicluster.slot-hosting`): `auto` runs a job's slots on worker threads when the
 * job comes with its artifact (the bundled job module) and inline on this thread otherwise;
 * `threads` requires the artifact (a `JobDefinitionError` with a hint otherwise); `inline` always
 * runs inline with the live pipeline.
 *
 * Guarantees: `close()` cancels every job that is still running, terminates every worker thread
 * and closes every channel, also after failures; it is idempotent.
 */
import { type Clock, SystemClock } from "../../core/clock.js";
import { readOption } from "../../core/config/option.js";
import { MiniClusterOptions, TaskManagerOptions } from "../../core/config/options.js";
import { ExternalError, JobDefinitionError } from "../../core/errors.js";
import type { Pipeline } from "../../operators/executor.js";
import { Dispatcher } from "../dispatcher/dispatcher.js";
import type { DispatcherGateway, JobSubmission } from "../dispatcher/gateway.js";
import { newId } from "../ids.js";
import type { ClusterOverview, ResourceManagerGateway } from "../resourcemanager/gateway.js";
import { ResourceManager } from "../resourcemanager/resource-manager.js";
import { InProcessRpcService } from "../rpc/rpc-service.js";
import type { JobArtifact, SlotHosting } from "../taskexecutor/deployment.js";
import { networkSettingsFrom } from "../taskexecutor/network-settings.js";
import { TaskExecutor } from "../taskexecutor/task-executor.js";
import { MiniClusterJobClient } from "./job-client.js";

export interface MiniClusterConfiguration {
  /** Flat dotted keys (weir-conf.yaml + -D). */
  readonly config?: Readonly<Record<string, string>>;
  /** Time for every component; default the system clock. Worker threads always use the system clock. */
  readonly clock?: Clock;
}

export interface SubmitOptions {
  /** The bundled job module and its arguments; with it slots may run on worker threads. */
  readonly artifact?: JobArtifact;
  /** A fixed job id (32 hex chars); default a random one. */
  readonly jobId?: string;
}

/** Decides where a job's slots run (see the module comment). */
export function resolveSlotHosting(
  setting: "auto" | "threads" | "inline",
  hasArtifact: boolean,
): SlotHosting {
  if (setting === "inline") return "inline";
  if (setting === "threads" && !hasArtifact) {
    throw new JobDefinitionError(
      "minicluster.slot-hosting is 'threads' but the job has no artifact to load in worker threads",
      { hint: "run the job with `weir run <job file>`, or set minicluster.slot-hosting to auto or inline" },
    );
  }
  return hasArtifact ? "threads" : "inline";
}

export class MiniCluster {
  private readonly config: Readonly<Record<string, string>>;
  private readonly clock: Clock;
  private readonly rpc = new InProcessRpcService();
  private readonly pipelines = new Map<string, Pipeline>();
  private resourceManager: ResourceManager | undefined;
  private dispatcher: Dispatcher | undefined;
  private readonly taskExecutors: TaskExecutor[] = [];
  private state: "created" | "running" | "closed" = "created";
  private closing: Promise<void> | undefined;

  constructor(options: MiniClusterConfiguration = {}) {
    this.config = options.config ?? {};
    this.clock = options.clock ?? SystemClock.INSTANCE;
  }

  /** Number of TaskManagers × slots per TaskManager (as configured). */
  get numberOfSlots(): number {
    return (
      readOption(this.config, MiniClusterOptions.NUM_TASK_MANAGERS) *
      readOption(this.config, TaskManagerOptions.NUM_TASK_SLOTS)
    );
  }

  /** Starts the components; resolves once every TaskExecutor registered its slots. */
  async start(): Promise<void> {
    if (this.state !== "created") throw new ExternalError("a MiniCluster can be started once");
    const numberOfTaskManagers = readOption(this.config, MiniClusterOptions.NUM_TASK_MANAGERS);
    const numberOfSlots = readOption(this.config, TaskManagerOptions.NUM_TASK_SLOTS);
    readOption(this.config, MiniClusterOptions.SLOT_HOSTING);
    const networkSettings = networkSettingsFrom(this.config);
    this.state = "running";
    const rm = new ResourceManager(this.rpc);
    this.rpc.start(rm);
    this.resourceManager = rm;
    const userCode = { userCodeFor: (jobId: string) => this.pipelines.get(jobId) };
    for (let i = 0; i < numberOfTaskManagers; i++) {
      const te = new TaskExecutor({
        rpc: this.rpc,
        address: `taskmanager_${i}`,
        resourceManagerAddress: rm.address,
        numberOfSlots,
        clock: this.clock,
        networkSettings,
        userCode,
      });
      this.rpc.start(te);
      this.taskExecutors.push(te);
      await te.register();
    }
    const dispatcher = new Dispatcher({
      rpc: this.rpc,
      resourceManagerAddress: rm.address,
      clock: this.clock,
      pipelines: {
        pipelineFor: async (submission: JobSubmission) => {
          const pipeline = this.pipelines.get(submission.jobId);
          if (!pipeline) throw new ExternalError(`no pipeline registered for job ${submission.jobId}`);
          return pipeline;
        },
      },
    });
    this.rpc.start(dispatcher);
    this.dispatcher = dispatcher;
  }

  /** The Dispatcher's gateway (job queries, cancellation). */
  get dispatcherGateway(): DispatcherGateway {
    return this.rpc.connect<DispatcherGateway>(this.runningDispatcher().address);
  }

  getClusterOverview(): Promise<ClusterOverview> {
    if (!this.resourceManager) throw new ExternalError("the MiniCluster is not running");
    return this.rpc.connect<ResourceManagerGateway>(this.resourceManager.address).getClusterOverview();
  }

  /**
   * Submits the job of `pipeline`; resolves with its client once the job was accepted. Tasks run
   * inline with `pipeline`'s functions, or on worker threads importing `options.artifact`.
   */
  async submitJob(pipeline: Pipeline, options: SubmitOptions = {}): Promise<MiniClusterJobClient> {
    const dispatcher = this.runningDispatcher();
    const hosting = resolveSlotHosting(
      readOption(this.config, MiniClusterOptions.SLOT_HOSTING),
      !!options.artifact,
    );
    const jobId = options.jobId ?? newId();
    this.pipelines.set(jobId, pipeline);
    const gateway = this.rpc.connect<DispatcherGateway>(dispatcher.address);
    try {
      await gateway.submitJob({
        jobId,
        jobGraph: pipeline.jobGraph,
        hosting,
        ...(options.artifact ? { artifact: options.artifact } : {}),
      });
    } catch (e) {
      this.pipelines.delete(jobId);
      throw e;
    }
    const forget = (): void => {
      this.pipelines.delete(jobId);
    };
    gateway.requestJobResult(jobId).then(forget, forget);
    return new MiniClusterJobClient(jobId, gateway);
  }

  /** Cancels running jobs, terminates every worker thread and stops the components. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.doClose();
    return this.closing;
  }

  private async doClose(): Promise<void> {
    const wasRunning = this.state === "running";
    this.state = "closed";
    if (!wasRunning) return;
    const dispatcher = this.dispatcher;
    try {
      await dispatcher?.cancelAllJobs();
    } finally {
      // Closing the TaskExecutors makes every task report a terminal state, even a stuck one.
      await Promise.allSettled(this.taskExecutors.map((te) => te.close()));
      await dispatcher?.close();
      if (dispatcher) this.rpc.stop(dispatcher);
      for (const te of this.taskExecutors) this.rpc.stop(te);
      if (this.resourceManager) this.rpc.stop(this.resourceManager);
      this.pipelines.clear();
    }
  }

  private runningDispatcher(): Dispatcher {
    if (this.state !== "running" || !this.dispatcher) {
      throw new ExternalError(`the MiniCluster is ${this.state === "closed" ? "closed" : "not started"}`, {
        retryable: false,
      });
    }
    return this.dispatcher;
  }
}
