/**
 * The JobMaster of one job (Flink's `JobMaster` with its scheduler and `ExecutionGraph`).
 *
 * Scheduling. STREAMING (all tasks at once): start the operator coordinators (one
 * `SourceCoordinator` per `source` operator, one `CollectCoordinator` per `collectSink`), request
 * every slot the job needs from the ResourceManager at once (failing fast with a clear
 * `JobDefinitionError` if the cluster is too small), create the job's channels and deploy every
 * subtask into its slot-sharing slot. BATCH (staged, staged-scheduler.ts): request between the
 * slots of the widest pipelined region and those of the whole job, and deploy region by region as
 * their blocking inputs complete; blocking exchanges go through the job's `BlockingResultStore`
 * (memory, then spill files under `io.tmp.dirs`, deleted when the job ends). Checkpointing keys
 * are ignored in BATCH, with one info line.
 *
 * Failures and restarts (restart-strategy.ts; default none without checkpointing). A task failure
 * is offered to the restart strategy; if it allows a restart, after its backoff (injected clock):
 * - BATCH with `jobmanager.execution.failover-strategy: region` (default): only the failed
 *   pipelined region is cancelled and re-run, reading its inputs from the persisted blocking
 *   results (producers are not re-run);
 * - STREAMING (or `full`): every task is cancelled and the job is re-deployed from scratch (there
 *   are no checkpoints yet, so sources start over; collect sinks may then see records twice).
 * Sources of re-run subtasks get their splits back (`OperatorCoordinator.subtaskReset`).
 * Otherwise the first failure is the root cause: FAILING, the other tasks are cancelled, and once
 * all are terminal the job is FAILED with that cause.
 *
 * Job lifecycle (job-status.ts): all tasks FINISHED → FINISHED. `cancel()` → CANCELLING →
 * CANCELED. At a terminal state the coordinators are closed, the channels and the blocking store
 * closed and the slots released, then `requestJobResult()` resolves.
 */
import type { Clock } from "../../core/clock.js";
import { readOption } from "../../core/config/option.js";
import { RestartOptions } from "../../core/config/options.js";
import {
  InternalError,
  JobDefinitionError,
  type SerializedError,
  serializeError,
} from "../../core/errors.js";
import { fingerprintJobGraph } from "../../core/fingerprint.js";
import type { JobGraph } from "../../core/jobgraph.js";
import type { JobStatus, Pipeline } from "../../operators/executor.js";
import type { ResourceManagerGateway, SlotAllocation } from "../resourcemanager/gateway.js";
import { RpcEndpoint } from "../rpc/endpoint.js";
import type { RpcService } from "../rpc/rpc-service.js";
import type {
  JobArtifact,
  JobInformation,
  SlotHosting,
  TaskChannels,
  TaskExecutionStateUpdate,
} from "../taskexecutor/deployment.js";
import type { TaskExecutorGateway } from "../taskexecutor/gateway.js";
import type { CollectCoordinator } from "./coordinators/collect-coordinator.js";
import type { OperatorCoordinator } from "./coordinators/coordinator.js";
import { createOperatorCoordinators } from "./coordinators/create.js";
import { type Execution, ExecutionGraph } from "./execution-graph.js";
import type { CollectResultBatch, JobDetails, JobMasterGateway, JobResult } from "./gateway.js";
import { checkedTransition, isGloballyTerminal } from "./job-status.js";
import { LocalChannels } from "./local-channels.js";
import { PendingRestarts, type RestartScope } from "./pending-restarts.js";
import { computePipelinedRegions, minimumSlots } from "./pipelined-regions.js";
import {
  checkpointingConfigured,
  type RestartBackoffTimeStrategy,
  restartStrategyFrom,
} from "./restart-strategy.js";
import { insufficientSlotsError, slotIndexOf, slotRequirements } from "./slot-requirements.js";
import { StagedScheduler } from "./staged-scheduler.js";

export interface JobMasterOptions {
  readonly rpc: RpcService;
  readonly jobId: string;
  readonly jobGraph: JobGraph;
  /** The user code the coordinators need (the sources' split enumerators). */
  readonly pipeline: Pick<Pipeline, "sources">;
  readonly hosting: SlotHosting;
  readonly artifact?: JobArtifact;
  readonly resourceManagerAddress: string;
  readonly clock: Clock;
  /** Where the JobMaster's one-line info messages go; default stderr. */
  readonly log?: (line: string) => void;
}

interface Failure {
  readonly error: SerializedError;
  readonly taskName?: string;
}

export class JobMaster extends RpcEndpoint implements JobMasterGateway {
  /** The RPC address of the JobMaster of `jobId`. */
  static addressOf(jobId: string): string {
    return `jobmaster_${jobId}`;
  }

  readonly jobId: string;
  private readonly graph: ExecutionGraph;
  private status: JobStatus = "CREATED";
  private readonly startTime: number;
  private failure: Failure | undefined;
  private readonly coordinators = new Map<string, OperatorCoordinator>();
  private readonly collectCoordinators = new Map<string, CollectCoordinator>();
  /** Operator id → vertex id, for routing coordinator events. */
  private readonly vertexOfOperator = new Map<string, string>();
  private channels: LocalChannels | undefined;
  private readonly batch: boolean;
  private readonly restartStrategy: RestartBackoffTimeStrategy;
  private readonly regionFailover: boolean;
  /** BATCH only. */
  private staged: StagedScheduler | undefined;
  /** STREAMING: the slot of each subtask, kept for full restarts. */
  private readonly slotOfAttempt = new Map<string, SlotAllocation>();
  /** Regions (BATCH) or the whole job (`"all"`) to restart once their tasks stopped. */
  private readonly pendingRestarts: PendingRestarts;
  private numberOfRestarts = 0;
  private finalizing = false;
  private resolveResult!: (result: JobResult) => void;
  private readonly result = new Promise<JobResult>((resolve) => {
    this.resolveResult = resolve;
  });

  constructor(private readonly options: JobMasterOptions) {
    super(JobMaster.addressOf(options.jobId));
    this.jobId = options.jobId;
    this.graph = new ExecutionGraph(options.jobGraph);
    this.startTime = options.clock.now();
    const config = options.jobGraph.settings.config;
    this.batch = options.jobGraph.settings.runtimeMode === "BATCH";
    this.restartStrategy = restartStrategyFrom(config, !this.batch && checkpointingConfigured(config));
    this.regionFailover = this.batch && readOption(config, RestartOptions.FAILOVER_STRATEGY) === "region";
    this.pendingRestarts = new PendingRestarts(options.clock, (action) => this.runAsync(action));
    for (const v of options.jobGraph.vertices)
      for (const op of v.operators) this.vertexOfOperator.set(op.id, v.id);
  }

  /** Starts scheduling (called once by the Dispatcher after the endpoint was started). */
  startJob(): void {
    this.runAsync(() => {
      void this.schedule();
    });
  }

  // ---- gateway ----

  async updateTaskExecutionState(update: TaskExecutionStateUpdate): Promise<void> {
    const execution = this.graph.execution(update.executionAttemptId);
    if (!execution || execution.isTerminal || execution.vertex.current !== execution) return;
    if (!execution.transition(update.state)) return;
    if (update.state === "FAILED") {
      this.onTaskFailure(
        execution,
        update.error ?? serializeError(new InternalError("task failed without an error")),
      );
    } else if (update.state === "CANCELED" && this.status === "RUNNING" && !this.restarting(execution)) {
      this.onTaskFailure(
        execution,
        serializeError(
          new InternalError(`task '${execution.vertex.taskName}' was cancelled by its TaskExecutor`),
        ),
      );
    } else if (update.state === "FINISHED" && this.status === "RUNNING") {
      this.staged?.onFinished(execution);
    }
    this.progressRestarts();
    this.checkTermination();
  }

  async sendOperatorEventToCoordinator(
    executionAttemptId: string,
    operatorId: string,
    event: unknown,
  ): Promise<void> {
    const execution = this.graph.execution(executionAttemptId);
    if (!execution || isGloballyTerminal(this.status)) return;
    this.coordinators.get(operatorId)?.handleEventFromSubtask(execution.vertex.subtaskIndex, event);
  }

  async cancel(): Promise<void> {
    if (this.status !== "CREATED" && this.status !== "RUNNING") return;
    this.setStatus("CANCELLING");
    this.cancelExecutions();
    this.checkTermination();
  }

  async requestJobStatus(): Promise<JobStatus> {
    return this.status;
  }

  async requestJobDetails(): Promise<JobDetails> {
    return {
      jobId: this.jobId,
      jobName: this.options.jobGraph.jobName,
      status: this.status,
      startTime: this.startTime,
      vertices: this.graph.vertices.map(({ jobVertex, subtasks }) => ({
        id: jobVertex.id,
        name: jobVertex.name,
        parallelism: jobVertex.parallelism,
        subtasks: subtasks.map((s) => s.current.state),
      })),
    };
  }

  requestJobResult(): Promise<JobResult> {
    return this.result;
  }

  async pollCollectResults(operatorId: string): Promise<CollectResultBatch> {
    const coordinator = this.collectCoordinators.get(operatorId);
    if (!coordinator) {
      throw new JobDefinitionError(`job ${this.jobId} has no collect sink with operator id ${operatorId}`);
    }
    return coordinator.poll();
  }

  // ---- scheduling ----

  private async schedule(): Promise<void> {
    const { jobGraph, rpc } = this.options;
    this.setStatus("RUNNING");
    try {
      this.createCoordinators();
      for (const coordinator of this.coordinators.values()) {
        await coordinator.start();
        if (this.status !== "RUNNING") return;
      }
      const requirements = slotRequirements(jobGraph);
      const minSlots = this.batch ? minimumSlots(computePipelinedRegions(jobGraph)) : requirements.total;
      if (this.batch) this.logIgnoredCheckpointing();
      const rm = rpc.connect<ResourceManagerGateway>(this.options.resourceManagerAddress);
      const response = await rm.requestSlots({
        jobId: this.jobId,
        jobMasterAddress: this.address,
        numberOfSlots: requirements.total,
        ...(this.batch ? { minSlots } : {}),
      });
      if (response.kind === "insufficient") {
        const error = this.batch
          ? new JobDefinitionError(
              `BATCH job needs at least ${minSlots} task slots (its widest pipelined region) but the cluster has ${response.totalSlots}`,
              { hint: "raise taskmanager.numberOfTaskSlots" },
            )
          : insufficientSlotsError(requirements, response.totalSlots);
        this.failJob(serializeError(error), undefined);
        this.checkTermination();
        return;
      }
      if (this.status !== "RUNNING") {
        // Cancelled or failed while waiting: the slots arrived after the job let go of them.
        await rm.releaseSlots(this.jobId).catch(() => undefined);
        this.checkTermination();
        return;
      }
      if (this.batch) this.scheduleStaged(response.allocations);
      else this.scheduleAll(response.allocations);
    } catch (e) {
      this.failJob(serializeError(e), undefined);
      this.checkTermination();
    }
  }

  /** STREAMING: every subtask into its slot-sharing slot, all at once. */
  private scheduleAll(allocations: readonly SlotAllocation[]): void {
    const { jobGraph } = this.options;
    const requirements = slotRequirements(jobGraph);
    const job = this.jobInformation();
    const channels = new LocalChannels(jobGraph);
    this.channels = channels;
    for (const { jobVertex, subtasks } of this.graph.vertices) {
      for (const subtask of subtasks) {
        const allocation =
          this.slotOfAttempt.get(`${jobVertex.id}#${subtask.subtaskIndex}`) ??
          allocations[slotIndexOf(requirements, jobVertex, subtask.subtaskIndex)];
        if (!allocation) throw new InternalError(`no slot for ${subtask.taskName}`);
        this.slotOfAttempt.set(`${jobVertex.id}#${subtask.subtaskIndex}`, allocation);
        this.deploy(
          subtask.current,
          allocation,
          job,
          channels.channelsOf(jobVertex.id, subtask.subtaskIndex),
        );
      }
    }
  }

  /** BATCH: region by region over the granted slots. */
  private scheduleStaged(allocations: readonly SlotAllocation[]): void {
    const job = this.jobInformation();
    this.staged = StagedScheduler.create(this.graph, allocations, (execution, allocation, channels) =>
      this.deploy(execution, allocation, job, channels),
    );
    this.staged.scheduleReady();
  }

  /** BATCH ignores checkpointing (Flink disables it with an INFO line too). */
  private logIgnoredCheckpointing(): void {
    const keys = Object.keys(this.options.jobGraph.settings.config).filter((k) =>
      k.startsWith("execution.checkpointing."),
    );
    if (keys.length === 0) return;
    const log = this.options.log ?? ((line: string) => console.error(line));
    log(`[weir] INFO: checkpointing is disabled in BATCH execution mode; ignoring ${keys.join(", ")}`);
  }

  private jobInformation(): JobInformation {
    const { jobGraph, hosting, artifact } = this.options;
    if (hosting === "threads") {
      if (!artifact) throw new InternalError("threads hosting needs a job artifact");
      return { jobId: this.jobId, jobGraph, hosting, artifact, fingerprint: fingerprintJobGraph(jobGraph) };
    }
    return { jobId: this.jobId, jobGraph, hosting };
  }

  private deploy(
    execution: Execution,
    allocation: SlotAllocation,
    job: JobInformation,
    channels: TaskChannels,
  ): void {
    const subtask = execution.vertex;
    execution.allocation = allocation;
    execution.transition("SCHEDULED");
    execution.transition("DEPLOYING");
    const te = this.options.rpc.connect<TaskExecutorGateway>(allocation.taskExecutorAddress);
    te.submitTask({
      job,
      descriptor: {
        jobId: this.jobId,
        vertexId: subtask.jobVertex.id,
        subtaskIndex: subtask.subtaskIndex,
        attemptNumber: execution.attemptNumber,
        executionAttemptId: execution.attemptId,
        allocationId: allocation.allocationId,
      },
      channels,
    }).catch((e: unknown) =>
      this.runAsync(() => {
        void this.updateTaskExecutionState({
          jobId: this.jobId,
          executionAttemptId: execution.attemptId,
          state: "FAILED",
          error: serializeError(e),
        });
      }),
    );
    for (const { operatorId, event } of execution.pendingEvents.splice(0)) {
      this.sendToTask(execution, operatorId, event);
    }
  }

  private createCoordinators(): void {
    const { jobGraph, pipeline, clock } = this.options;
    const created = createOperatorCoordinators(jobGraph, pipeline, (vertex, op) => ({
      jobId: this.jobId,
      operatorId: op.id,
      operatorName: op.name,
      parallelism: vertex.parallelism,
      clock,
      config: jobGraph.settings.config,
      sendEventToSubtask: (subtask, event) => this.sendEventToSubtask(vertex.id, subtask, op.id, event),
      failJob: (error) =>
        this.runAsync(() => {
          this.failJob(serializeError(error), undefined);
          this.checkTermination();
        }),
      runInMailbox: (action) => this.runAsync(action),
    }));
    for (const [id, c] of created.all) this.coordinators.set(id, c);
    for (const [id, c] of created.collect) this.collectCoordinators.set(id, c);
  }

  private sendEventToSubtask(vertexId: string, subtask: number, operatorId: string, event: unknown): void {
    const execution = this.graph.subtask(vertexId, subtask)?.current;
    if (!execution || execution.isTerminal) return;
    if (!execution.allocation) {
      execution.pendingEvents.push({ operatorId, event });
      return;
    }
    this.sendToTask(execution, operatorId, event);
  }

  private sendToTask(execution: Execution, operatorId: string, event: unknown): void {
    const te = this.options.rpc.connect<TaskExecutorGateway>(execution.allocation!.taskExecutorAddress);
    // A task that is gone reports its own terminal state; a lost event then does not matter.
    te.sendOperatorEventToTask(execution.attemptId, operatorId, event).catch(() => undefined);
  }

  // ---- failure, restarts, cancellation, termination ----

  /** A task failed: restart what the strategy and failover strategy allow, or fail the job. */
  private onTaskFailure(execution: Execution, error: SerializedError): void {
    if (this.status !== "RUNNING") return;
    const scope: RestartScope = this.regionFailover && this.staged ? this.staged.regionOf(execution) : "all";
    if (this.pendingRestarts.has(scope) || this.pendingRestarts.has("all")) return;
    this.restartStrategy.notifyFailure(this.options.clock.now());
    if (!this.restartStrategy.canRestart()) {
      this.failJob(error, execution.vertex.taskName);
      return;
    }
    this.pendingRestarts.add(scope, this.restartStrategy.getBackoffTime());
    if (scope === "all") {
      for (const e of this.graph.executions()) this.cancelExecution(e);
    } else {
      this.staged!.failRegion(scope);
      for (const e of this.staged!.executionsOf(scope)) this.cancelExecution(e);
    }
  }

  /** True while `execution`'s subtask is being stopped for a restart. */
  private restarting(execution: Execution): boolean {
    if (this.pendingRestarts.has("all")) return true;
    return this.staged !== undefined && this.pendingRestarts.has(this.staged.regionOf(execution));
  }

  /** Starts the backoff of every pending restart whose tasks all stopped. */
  private progressRestarts(): void {
    if (this.status !== "RUNNING") return;
    this.pendingRestarts.progress(
      (scope) => (scope === "all" ? this.graph.allTerminal() : (this.staged?.settleFailing(scope) ?? false)),
      (scope) => {
        if (this.status === "RUNNING") this.restart(scope);
      },
    );
  }

  private restart(scope: RestartScope): void {
    this.numberOfRestarts++;
    try {
      if (scope === "all" && this.staged) {
        const staged = this.staged;
        for (const region of staged.regions) {
          staged.failRegion(region);
          staged.settleFailing(region);
        }
        for (const region of staged.regions) staged.rerun(region);
        this.resetCoordinators(this.graph.executions());
      } else if (scope === "all") {
        this.channels?.closeAll();
        for (const { subtasks } of this.graph.vertices) for (const s of subtasks) this.graph.newAttempt(s);
        this.resetCoordinators(this.graph.executions());
        this.scheduleAll([...this.slotOfAttempt.values()]);
      } else {
        this.staged!.rerun(scope);
        this.resetCoordinators(this.staged!.executionsOf(scope));
      }
    } catch (e) {
      this.failJob(serializeError(e), undefined);
      this.checkTermination();
    }
  }

  /** Gives the splits of re-run source subtasks back to their enumerators. */
  private resetCoordinators(executions: readonly Execution[]): void {
    for (const execution of executions) {
      for (const op of execution.vertex.jobVertex.operators) {
        this.coordinators.get(op.id)?.subtaskReset?.(execution.vertex.subtaskIndex);
      }
    }
  }

  /** How often the job was restarted (full or region). */
  get restarts(): number {
    return this.numberOfRestarts;
  }

  private failJob(error: SerializedError, taskName: string | undefined): void {
    if (this.status !== "CREATED" && this.status !== "RUNNING") return;
    this.failure = taskName === undefined ? { error } : { error, taskName };
    this.setStatus("FAILING");
    this.cancelExecutions();
  }

  private cancelExecutions(): void {
    this.pendingRestarts.cancelAll();
    for (const execution of this.graph.executions()) this.cancelExecution(execution);
  }

  private cancelExecution(execution: Execution): void {
    if (execution.isTerminal) return;
    if (
      execution.allocation === undefined ||
      execution.state === "CREATED" ||
      execution.state === "SCHEDULED"
    ) {
      execution.transition("CANCELED");
      return;
    }
    if (!execution.transition("CANCELING")) return;
    const te = this.options.rpc.connect<TaskExecutorGateway>(execution.allocation.taskExecutorAddress);
    te.cancelTask(execution.attemptId).catch(() =>
      this.runAsync(() => {
        execution.transition("CANCELED");
        this.progressRestarts();
        this.checkTermination();
      }),
    );
  }

  private checkTermination(): void {
    if (this.finalizing) return;
    let terminal: "FINISHED" | "FAILED" | "CANCELED" | undefined;
    if (
      this.status === "RUNNING" &&
      this.pendingRestarts.size === 0 &&
      this.graph.allFinished() &&
      (this.channels !== undefined || this.staged !== undefined)
    )
      terminal = "FINISHED";
    else if (this.status === "FAILING" && this.graph.allTerminal()) terminal = "FAILED";
    else if (this.status === "CANCELLING" && this.graph.allTerminal()) terminal = "CANCELED";
    if (terminal === undefined) return;
    this.finalizing = true;
    this.setStatus(terminal);
    void this.finalize(terminal);
  }

  private setStatus(to: JobStatus): void {
    this.status = checkedTransition(this.jobId, this.status, to);
  }

  private async finalize(status: "FINISHED" | "FAILED" | "CANCELED"): Promise<void> {
    const endTime = this.options.clock.now();
    for (const coordinator of this.coordinators.values()) {
      try {
        await coordinator.close();
      } catch {
        // The job's outcome is decided; an enumerator failing to close does not change it.
      }
    }
    this.pendingRestarts.cancelAll();
    this.channels?.closeAll();
    try {
      this.staged?.close();
    } catch (e) {
      (this.options.log ?? ((line: string) => console.error(line)))(
        `[weir] WARN: could not delete the blocking results of job ${this.jobId}: ${String(e)}`,
      );
    }
    const rm = this.options.rpc.connect<ResourceManagerGateway>(this.options.resourceManagerAddress);
    await rm.releaseSlots(this.jobId).catch(() => undefined);
    const base = {
      jobId: this.jobId,
      jobName: this.options.jobGraph.jobName,
      status,
      startTime: this.startTime,
      endTime,
    };
    this.resolveResult(status === "FAILED" && this.failure ? { ...base, failure: this.failure } : base);
  }
}
