/**
 * The JobMaster of one job (Flink's `JobMaster` with its scheduler and `ExecutionGraph`).
 *
 * Scheduling (STREAMING: all tasks at once): start the operator coordinators (one
 * `SourceCoordinator` per `source` operator, one `CollectCoordinator` per `collectSink`), request
 * every slot the job needs from the ResourceManager at once (failing fast with a clear
 * `JobDefinitionError` if the cluster is too small), create the job's channels and deploy every
 * subtask into its slot-sharing slot.
 *
 * Job lifecycle (job-status.ts): all tasks FINISHED → FINISHED. The first task failure (or a
 * coordinator failure) is the root cause: the job goes FAILING, the other tasks are cancelled,
 * and once all are terminal the job is FAILED with that cause. `cancel()` → CANCELLING → CANCELED.
 * At a terminal state the coordinators are closed, the channels closed and the slots released,
 * then `requestJobResult()` resolves.
 *
 * Restarts are not implemented yet (`restart-strategy: none`). Blocking exchanges are scheduled as
 * pipelined ones (see slot-requirements.ts).
 */
import type { Clock } from "../../core/clock.js";
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
import { insufficientSlotsError, slotIndexOf, slotRequirements } from "./slot-requirements.js";

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
    if (!execution || execution.isTerminal) return;
    if (!execution.transition(update.state)) return;
    if (update.state === "FAILED") {
      this.failJob(
        update.error ?? serializeError(new InternalError("task failed without an error")),
        execution.vertex.taskName,
      );
    } else if (update.state === "CANCELED" && this.status === "RUNNING") {
      this.failJob(
        serializeError(
          new InternalError(`task '${execution.vertex.taskName}' was cancelled by its TaskExecutor`),
        ),
        execution.vertex.taskName,
      );
    }
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
      const rm = rpc.connect<ResourceManagerGateway>(this.options.resourceManagerAddress);
      const response = await rm.requestSlots({
        jobId: this.jobId,
        jobMasterAddress: this.address,
        numberOfSlots: requirements.total,
      });
      if (response.kind === "insufficient") {
        this.failJob(serializeError(insufficientSlotsError(requirements, response.totalSlots)), undefined);
        this.checkTermination();
        return;
      }
      if (this.status !== "RUNNING") {
        // Cancelled or failed while waiting: the slots arrived after the job let go of them.
        await rm.releaseSlots(this.jobId).catch(() => undefined);
        this.checkTermination();
        return;
      }
      const job = this.jobInformation();
      const channels = new LocalChannels(jobGraph);
      this.channels = channels;
      for (const { jobVertex, subtasks } of this.graph.vertices) {
        for (const subtask of subtasks) {
          const allocation = response.allocations[slotIndexOf(requirements, jobVertex, subtask.subtaskIndex)];
          if (!allocation) throw new InternalError(`no slot for ${subtask.taskName}`);
          this.deploy(subtask.current, allocation, job, channels);
        }
      }
    } catch (e) {
      this.failJob(serializeError(e), undefined);
      this.checkTermination();
    }
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
    channels: LocalChannels,
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
      channels: channels.channelsOf(subtask.jobVertex.id, subtask.subtaskIndex),
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

  // ---- failure, cancellation, termination ----

  private failJob(error: SerializedError, taskName: string | undefined): void {
    if (this.status !== "CREATED" && this.status !== "RUNNING") return;
    this.failure = taskName === undefined ? { error } : { error, taskName };
    this.setStatus("FAILING");
    this.cancelExecutions();
  }

  private cancelExecutions(): void {
    for (const execution of this.graph.executions()) {
      if (execution.isTerminal) continue;
      if (
        execution.allocation === undefined ||
        execution.state === "CREATED" ||
        execution.state === "SCHEDULED"
      ) {
        execution.transition("CANCELED");
        continue;
      }
      if (!execution.transition("CANCELING")) continue;
      const te = this.options.rpc.connect<TaskExecutorGateway>(execution.allocation.taskExecutorAddress);
      te.cancelTask(execution.attemptId).catch(() =>
        this.runAsync(() => {
          execution.transition("CANCELED");
          this.checkTermination();
        }),
      );
    }
  }

  private checkTermination(): void {
    if (this.finalizing) return;
    let terminal: "FINISHED" | "FAILED" | "CANCELED" | undefined;
    if (this.status === "RUNNING" && this.graph.allFinished() && this.channels !== undefined)
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
    this.channels?.closeAll();
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
