/**
 * What a JobMaster hands a TaskExecutor to run a job's tasks (Flink's `TaskDeploymentDescriptor`
 * and `JobInformation`), and what tasks report back.
 *
 * Everything here is plain data except `TaskChannels`, which holds the transferable message
 * ports of the task's network channels: the in-process RPC passes them by reference, a worker
 * slot transfers them to its thread. (A network transport will replace them by channel
 * addresses of the TaskExecutors' data ports.)
 */
import type { SerializedError } from "../../core/errors.js";
import type { JobGraph } from "../../core/jobgraph.js";
import type { PortLike } from "../network/index.js";

/** Where a slot's tasks run: a worker thread that imports the job artifact, or the caller's thread. */
export type SlotHosting = "threads" | "inline";

/** The job artifact a worker imports (the bundled job module) and the arguments of its `main`. */
export interface JobArtifact {
  readonly path: string;
  readonly args: readonly string[];
  /** Which `execute()` call of `main` this job is (0 = the first); workers capture that one. */
  readonly jobIndex?: number;
}

/** Per-job information shared by all tasks of a job in one slot. */
export interface JobInformation {
  readonly jobId: string;
  readonly jobGraph: JobGraph;
  readonly hosting: SlotHosting;
  /** Required for `threads` hosting. */
  readonly artifact?: JobArtifact;
  /** `fingerprintJobGraph(jobGraph)`, computed by the JobMaster; workers compare theirs to it. */
  readonly fingerprint?: string;
}

/** One task to run: one subtask of one job vertex, one execution attempt. */
export interface TaskDeploymentDescriptor {
  readonly jobId: string;
  readonly vertexId: string;
  readonly subtaskIndex: number;
  readonly attemptNumber: number;
  readonly executionAttemptId: string;
  /** The slot (allocation) the task goes into. */
  readonly allocationId: string;
}

/**
 * The task's ends of its channels. `outputs[e][c]`: output edge `e` (order of `outputEdgesOf`) to
 * consumer subtask `c`. `inputs[e][p]`: input edge `e` (order of `inputEdgesOf`) from producer
 * subtask `p`.
 */
export interface TaskChannels {
  readonly outputs: readonly (readonly PortLike[])[];
  readonly inputs: readonly (readonly PortLike[])[];
}

export interface TaskDeployment {
  /** The job (by reference in-process; a worker slot receives it once, when it starts). */
  readonly job: JobInformation;
  readonly descriptor: TaskDeploymentDescriptor;
  readonly channels: TaskChannels;
}

/** Execution states of a task (Flink's `ExecutionState`). */
export type ExecutionState =
  | "CREATED"
  | "SCHEDULED"
  | "DEPLOYING"
  | "RUNNING"
  | "FINISHED"
  | "CANCELING"
  | "CANCELED"
  | "FAILED";

export function isTerminalExecutionState(state: ExecutionState): boolean {
  return state === "FINISHED" || state === "CANCELED" || state === "FAILED";
}

/** A task's state change, reported TaskExecutor → JobMaster. */
export interface TaskExecutionStateUpdate {
  readonly jobId: string;
  readonly executionAttemptId: string;
  readonly state: ExecutionState;
  /** For `FAILED`: the error with the user's stack as text. */
  readonly error?: SerializedError;
}
