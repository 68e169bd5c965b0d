/**
 * The TaskExecutor's gateway (Flink's `TaskExecutorGateway`): called by the ResourceManager (slot
 * allocation and release) and by JobMasters (deployment, cancellation, operator events).
 * Arguments are plain data, except the transferable channel ports of a `TaskDeployment`.
 */
import type { TaskDeployment } from "./deployment.js";

/** The ResourceManager assigns slot `slotIndex` of this TaskExecutor to a job. */
export interface SlotRequest {
  readonly slotIndex: number;
  readonly allocationId: string;
  readonly jobId: string;
  /** Where the slot's tasks report their states and operator events. */
  readonly jobMasterAddress: string;
}

export interface TaskExecutorGateway {
  requestSlot(request: SlotRequest): Promise<void>;
  /** Runs the task in the slot of its `allocationId`; its outcome is reported to the JobMaster. */
  submitTask(deployment: TaskDeployment): Promise<void>;
  cancelTask(executionAttemptId: string): Promise<void>;
  sendOperatorEventToTask(executionAttemptId: string, operatorId: string, event: unknown): Promise<void>;
  /** Releases the slot: its tasks are cancelled and its worker thread (if any) terminated. */
  freeSlot(allocationId: string): Promise<void>;
}
