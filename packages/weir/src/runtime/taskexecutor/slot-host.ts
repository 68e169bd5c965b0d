/**
 * Where a slot's tasks run. A `SlotHost` is created lazily by the TaskExecutor when the first task
 * of a slot is deployed and closed when the slot is freed:
 * - `InlineSlotHost`: on the TaskExecutor's own thread, with the live pipeline (jobs built in a
 *   test or a plain `node` program);
 * - `WorkerSlotHost`: on a worker thread that imports the job artifact and re-captures the
 *   pipeline (worker-main.ts).
 * Both run the same `TaskSlotRuntime`; only the thread differs.
 */
import type { Clock } from "../../core/clock.js";
import type { NetworkSettings } from "../network/types.js";
import type { TaskListener } from "../task/task.js";
import type { JobInformation, TaskDeployment } from "./deployment.js";

export interface SlotHostContext {
  readonly job: JobInformation;
  readonly clock: Clock;
  readonly networkSettings: NetworkSettings;
  readonly listener: TaskListener;
}

export interface SlotHost {
  /** Starts the task; its states are reported through the context's listener. */
  deploy(deployment: TaskDeployment): void;
  cancel(executionAttemptId: string): void;
  deliverOperatorEvent(executionAttemptId: string, operatorId: string, event: unknown): void;
  /**
   * Cancels what still runs and releases the slot's thread. Every deployed task has reported a
   * terminal state when the promise resolves (CANCELED, or FAILED if its thread died).
   */
  close(): Promise<void>;
}
