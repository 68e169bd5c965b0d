/**
 * Messages between a `WorkerSlotHost` (TaskExecutor thread) and its worker thread
 * (worker-main.ts). All plain data; a deployment's channel ports travel in the transfer list.
 */
import type { NetworkSettings } from "../network/types.js";
import type {
  JobInformation,
  TaskChannels,
  TaskDeploymentDescriptor,
  TaskExecutionStateUpdate,
} from "./deployment.js";

/** `workerData` of a slot's worker thread. */
export interface WorkerInit {
  readonly job: JobInformation;
  readonly networkSettings: NetworkSettings;
}

export type HostToWorkerMessage =
  | {
      readonly type: "deploy";
      readonly descriptor: TaskDeploymentDescriptor;
      readonly channels: TaskChannels;
    }
  | { readonly type: "cancel"; readonly executionAttemptId: string }
  | {
      readonly type: "operatorEvent";
      readonly executionAttemptId: string;
      readonly operatorId: string;
      readonly event: unknown;
    }
  /** Cancel every task, then answer `closed`; the host terminates the thread afterwards. */
  | { readonly type: "close" };

export type WorkerToHostMessage =
  | { readonly type: "state"; readonly update: TaskExecutionStateUpdate }
  | {
      readonly type: "operatorEvent";
      readonly executionAttemptId: string;
      readonly operatorId: string;
      readonly event: unknown;
    }
  | { readonly type: "closed" };
