/**
 * Operator coordinators (Flink's `OperatorCoordinator`): per-operator logic running on the
 * JobMaster's mailbox that talks to the operator's parallel subtasks through operator events
 * (operators/coordination.ts). The JobMaster routes events by (operator id, subtask).
 */
import type { Clock } from "../../../core/clock.js";

export interface OperatorCoordinatorContext {
  readonly jobId: string;
  readonly operatorId: string;
  readonly operatorName: string;
  readonly parallelism: number;
  readonly clock: Clock;
  /** Effective job configuration. */
  readonly config: Readonly<Record<string, string>>;
  /** Sends `event` to the operator in subtask `subtask` (buffered until that task is deployed). */
  sendEventToSubtask(subtask: number, event: unknown): void;
  /** Fails the whole job with `error` (an enumerator threw, for example). */
  failJob(error: unknown): void;
  /** Runs `action` on the JobMaster's mailbox (results of asynchronous work). */
  runInMailbox(action: () => void): void;
}

export interface OperatorCoordinator {
  /** Called before the tasks are deployed. */
  start(): Promise<void>;
  handleEventFromSubtask(subtask: number, event: unknown): void;
  /**
   * Subtask `subtask` is re-run from scratch (a restart): forget what it was sent and take back
   * what it was given (a source's splits). Optional.
   */
  subtaskReset?(subtask: number): void;
  /** The job reached a terminal state; releases resources. Called once. */
  close(): Promise<void>;
}
