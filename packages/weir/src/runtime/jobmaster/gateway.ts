/**
 * The JobMaster's gateway (Flink's `JobMasterGateway`): TaskExecutors report task states and
 * forward operator events; the Dispatcher queries and cancels the job. Plain data only.
 */
import type { SerializedError } from "../../core/errors.js";
import type { JobStatus } from "../../operators/executor.js";
import type { ExecutionState, TaskExecutionStateUpdate } from "../taskexecutor/deployment.js";

/** The outcome of a job (Flink's `JobResult`). */
export interface JobResult {
  readonly jobId: string;
  readonly jobName: string;
  readonly status: "FINISHED" | "FAILED" | "CANCELED";
  readonly startTime: number;
  readonly endTime: number;
  /** For FAILED: the root cause, and the task it came from (`Map (2/4)`), if a task failed. */
  readonly failure?: { readonly error: SerializedError; readonly taskName?: string };
}

/** A batch of values of a collect sink; `end` once the job ended and everything was handed out. */
export interface CollectResultBatch {
  readonly values: readonly unknown[];
  readonly end: boolean;
}

export interface VertexDetails {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  /** State of each subtask's current execution, by subtask index. */
  readonly subtasks: readonly ExecutionState[];
}

export interface JobDetails {
  readonly jobId: string;
  readonly jobName: string;
  readonly status: JobStatus;
  readonly startTime: number;
  readonly vertices: readonly VertexDetails[];
}

export interface JobMasterGateway {
  updateTaskExecutionState(update: TaskExecutionStateUpdate): Promise<void>;
  sendOperatorEventToCoordinator(
    executionAttemptId: string,
    operatorId: string,
    event: unknown,
  ): Promise<void>;
  cancel(): Promise<void>;
  requestJobStatus(): Promise<JobStatus>;
  requestJobDetails(): Promise<JobDetails>;
  /** Resolves when the job reached a terminal state. */
  requestJobResult(): Promise<JobResult>;
  /**
   * The values of collect sink `operatorId` received since the last call; waits until there is
   * at least one or the job ended. One consumer per operator. Handing values out returns credits
   * (`collect.ack`) to the sink subtasks that sent them, which lets them send more.
   */
  pollCollectResults(operatorId: string): Promise<CollectResultBatch>;
}
